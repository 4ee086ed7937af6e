import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { Language, SUPPORTED_LANGUAGES } from '../platform/config';
import { intlLocale, repoRoot } from '../platform/i18n';
import { BusinessHours, Interval, WEEKDAYS, Weekday, localDateOf } from './hours';

/** The stable section ids of CONTRACT.md; every language document has every one. */
export const SECTION_IDS = [
  'billing-relationship',
  'support-hours',
  'contact-methods',
  'support-pricing',
  'response-times',
  'invoices',
  'payment-methods',
  'payment-terms',
  'collection-policy',
  'suspension',
  'reactivation',
  'charge-disputes',
  'refunds-credits',
  'subscription-changes',
  'azure-billing',
  'tax',
  'escalation-to-microsoft',
  'technical-support',
  'non-csp-customers',
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

/** Products a section may have a specific part for. */
export const PRODUCTS = ['azure', 'm365', 'dynamics'] as const;
export type Product = (typeof PRODUCTS)[number];

export const PRIORITIES = ['high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const LADDER_STEPS = ['reminder', 'overdue-notice', 'final-notice', 'suspension'] as const;
export type LadderStep = (typeof LADDER_STEPS)[number];

export const CONTACT_KINDS = ['teams', 'email', 'phone', 'portal'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

const PARTNER_FILE = 'partner.json';
const PHRASINGS = 'phrasings';
const KEYWORDS = 'keywords';

// ---------------------------------------------------------------------------------------------
// partner.json: the structured, language-neutral part of the terms.

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

const localized = z.strictObject(
  Object.fromEntries(SUPPORTED_LANGUAGES.map((l) => [l, z.string().trim().min(1, `needs a non-empty "${l}" text`)])) as Record<
    Language,
    z.ZodString
  >,
  { error: `must have a text for each language (${SUPPORTED_LANGUAGES.join(', ')})` },
);

const clock = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time HH:MM between 00:00 and 24:00');

const interval = z
  .strictObject({ open: clock, close: clock })
  .refine((i) => minutes(i.open) < minutes(i.close), { message: 'opens at or after it closes' });

const daySchedule = z.array(interval).superRefine((list, ctx) => {
  for (let i = 1; i < list.length; i++) {
    if (minutes(list[i].open) < minutes(list[i - 1].close)) {
      ctx.addIssue({ code: 'custom', path: [i], message: 'overlaps or comes before the previous opening interval' });
    }
  }
});

const weekly = z.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, daySchedule])) as Record<Weekday, typeof daySchedule>);

const holiday = z.strictObject({
  date: z.string().refine(isIsoDate, { message: 'must be a real date written YYYY-MM-DD' }),
  name: localized,
  hours: daySchedule.min(1, 'lists no opening interval (leave "hours" out for a day we are closed)').optional(),
});

const hoursSchema = z.strictObject({
  timeZone: z.string().refine(isTimeZone, { message: 'is not an IANA time zone known to Intl (e.g. Europe/Istanbul)' }),
  weekly,
  holidays: z.array(holiday).superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    list.forEach((h, i) => {
      const prev = seen.get(h.date);
      if (prev !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'date'], message: `repeats holidays[${prev}] (${h.date})` });
      seen.set(h.date, i);
    });
  }),
});

const days = z.number().int('must be a whole number of days').nonnegative('must not be negative');
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO currency code');

const ladderEntry = z.union(
  [z.strictObject({ step: z.enum(LADDER_STEPS), daysBeforeDue: days }), z.strictObject({ step: z.enum(LADDER_STEPS), daysAfterDue: days })],
  { error: `each step needs "step" (${LADDER_STEPS.join(' | ')}) and either "daysBeforeDue" or "daysAfterDue" (not negative)` },
);

const collection = z.strictObject({
  ladder: z
    .array(ladderEntry)
    .min(1)
    .superRefine((list, ctx) => {
      const offsets = list.map((e) => ('daysBeforeDue' in e ? -e.daysBeforeDue : e.daysAfterDue));
      list.forEach((e, i) => {
        if (e.step !== 'reminder' && offsets[i] <= 0) {
          ctx.addIssue({ code: 'custom', path: [i], message: `"${e.step}" must come after the due date (daysAfterDue ≥ 1)` });
        }
        if (i > 0 && offsets[i] <= offsets[i - 1]) {
          ctx.addIssue({ code: 'custom', path: [i], message: 'steps must be listed in time order, each later than the one before' });
        }
        if (i > 0 && LADDER_STEPS.indexOf(e.step) < LADDER_STEPS.indexOf(list[i - 1].step)) {
          ctx.addIssue({ code: 'custom', path: [i, 'step'], message: `"${e.step}" cannot come after "${list[i - 1].step}"` });
        }
      });
      const suspensions = list.filter((e) => e.step === 'suspension').length;
      if (suspensions !== 1) ctx.addIssue({ code: 'custom', path: [], message: 'needs exactly one "suspension" step' });
    }),
  reactivationBusinessHours: z.number().positive('must be more than 0'),
});

const target = z.strictObject({ firstResponseBusinessHours: z.number().positive('must be more than 0').max(1000) });

const partnerSchema = z.strictObject({
  partner: z.strictObject({ name: z.string().trim().min(1), website: z.url().optional() }),
  hours: hoursSchema,
  contacts: z
    .array(
      z.strictObject({
        kind: z.enum(CONTACT_KINDS),
        value: z.string().trim().min(1),
        available: z.enum(['always', 'business-hours']),
        label: localized,
      }),
    )
    .min(1, 'needs at least one contact method'),
  pricing: z.strictObject({
    currency,
    tiers: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits or -'),
          name: localized,
          monthlyPrice: z.number().nonnegative('must not be negative'),
          description: localized,
        }),
      )
      .min(1, 'needs at least one support tier'),
  }),
  responseTargets: z
    .strictObject({ high: target, normal: target, low: target })
    .refine(
      (r) =>
        r.high.firstResponseBusinessHours <= r.normal.firstResponseBusinessHours &&
        r.normal.firstResponseBusinessHours <= r.low.firstResponseBusinessHours,
      { message: 'high must be answered no later than normal, and normal no later than low' },
    ),
  billing: z.strictObject({
    currency,
    invoiceDayOfMonth: z.number().int().min(1).max(28, 'must be 1–28 so that every month has it'),
    paymentTermDays: days,
    disputeWindowDays: days,
    vatRatePercent: z.number().min(0).max(100),
    refundBusinessDays: days,
  }),
  collection,
  subscriptions: z.strictObject({ cancellationWindowDays: days }),
  tickets: z.strictObject({ reopenWindowDays: days }),
});

export type PartnerData = z.infer<typeof partnerSchema>;
export type LocalizedText = Record<Language, string>;

// ---------------------------------------------------------------------------------------------
// <lang>.md: the prose, one document per language.

export interface TermsSection {
  id: SectionId;
  title: string;
  /** Markdown, may hold {{placeholders}}. */
  body: string;
  /** Product-specific parts, shown after the body when the customer's product is known. */
  products: Partial<Record<Product, { title: string; body: string }>>;
  /** Other ways customers ask about this section: retrieval content, never shown. */
  phrasings: string[];
  /**
   * Words and short phrases customers use for this section's subject (synonyms, colloquial and
   * mixed-language words), from an optional `{#keywords}` list: retrieval content, never shown.
   */
  keywords: string[];
}

export interface TermsDocument {
  file: string;
  title: string;
  sections: Record<SectionId, TermsSection>;
  /**
   * Questions customers asked, each with the section that answered it (null: not a billing or
   * support question), from the optional `questions.<lang>.json`: retrieval content, never shown.
   */
  questions: AskedQuestion[];
}

/** A question as a customer typed it, labelled with the section that answers it, or null. */
export interface AskedQuestion {
  q: string;
  section: SectionId | null;
}

export interface Terms {
  dir: string;
  partner: PartnerData;
  documents: Record<Language, TermsDocument>;
}

/** A problem in the terms, named by file and section (or data path in partner.json). */
export interface TermsProblem {
  file: string;
  section: string;
  message: string;
}

/** The terms cannot be used; the message lists every problem with its file and section. */
export class TermsError extends Error {
  constructor(readonly problems: TermsProblem[]) {
    super(`Invalid support terms:\n${problems.map((p) => `  - ${p.file}, section "${p.section}": ${p.message}`).join('\n')}`);
    this.name = 'TermsError';
  }
}

/** Values a document may use as {{name}}; each one is filled from partner.json when rendering. */
export const PLACEHOLDERS = [
  'partner',
  'website',
  'timeZone',
  'hours',
  'holidays',
  'contacts',
  'email',
  'phone',
  'portal',
  'pricing',
  'responseTargets',
  'reopenDays',
  'invoiceDay',
  'paymentTermDays',
  'currency',
  'disputeWindowDays',
  'vatRate',
  'refundDays',
  'cancellationDays',
  'collectionLadder',
  'reactivationHours',
  'suspensionDay',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const HEADING = /^(#{1,6})\s+(.*?)\s*$/;
const ANCHOR = /\s*\{#([A-Za-z0-9-]+)\}\s*$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function tidy(lines: string[]): string {
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Parses one language document; problems are pushed, the parsed sections returned. */
export function parseTermsDocument(text: string, file: string, problems: TermsProblem[]): TermsDocument {
  // Comments are for the editor; keep their line breaks so reported line numbers stay right.
  const source = text.replace(/^\uFEFF/, '').replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ''));
  const lines = source.split(/\r?\n/);
  const sections = new Map<SectionId, { title: string; body: string[]; parts: Map<string, { title: string; lines: string[] }> }>();
  let title = '';
  let current: SectionId | undefined;
  let part: string | undefined;
  const report = (section: string, message: string) => problems.push({ file, section, message });

  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const h = HEADING.exec(line);
    if (h) {
      const level = h[1].length;
      const anchor = ANCHOR.exec(h[2]);
      const text = h[2].replace(ANCHOR, '').trim();
      if (level === 1) {
        if (current) report(current, `line ${lineNo}: a "# " title may only open the document`);
        else title = text;
        return;
      }
      if (level === 2) {
        part = undefined;
        current = undefined;
        if (!anchor) return report(text || `line ${lineNo}`, `line ${lineNo}: section heading needs an id, like "## ${text} {#invoices}"`);
        const id = anchor[1];
        if (!(SECTION_IDS as readonly string[]).includes(id)) {
          return report(id, `line ${lineNo}: unknown section id (known: ${SECTION_IDS.join(', ')})`);
        }
        if (sections.has(id as SectionId)) return report(id, `line ${lineNo}: section appears twice`);
        if (!text) report(id, `line ${lineNo}: section has no title`);
        current = id as SectionId;
        sections.set(current, { title: text, body: [], parts: new Map() });
        return;
      }
      if (level === 3 && current) {
        const id = anchor?.[1];
        if (!id || !([...PRODUCTS, PHRASINGS, KEYWORDS] as readonly string[]).includes(id)) {
          part = undefined;
          return report(
            current,
            `line ${lineNo}: a "### " heading must end with one of {#${[...PRODUCTS, PHRASINGS, KEYWORDS].join('}, {#')}}`,
          );
        }
        const s = sections.get(current);
        if (s?.parts.has(id)) report(current, `line ${lineNo}: part {#${id}} appears twice`);
        part = id;
        s?.parts.set(id, { title: text, lines: [] });
        return;
      }
      return report(current ?? `line ${lineNo}`, `line ${lineNo}: headings of this level are not supported here`);
    }
    if (!current) {
      if (line.trim()) report(`line ${lineNo}`, `line ${lineNo}: text outside any section (start sections with "## Title {#id}")`);
      return;
    }
    const s = sections.get(current);
    if (!s) return;
    if (part) s.parts.get(part)?.lines.push(line);
    else s.body.push(line);
  });

  const result = {} as Record<SectionId, TermsSection>;
  for (const id of SECTION_IDS) {
    const s = sections.get(id);
    if (!s) {
      report(id, 'section is missing (every language document needs every section)');
      continue;
    }
    const body = tidy(s.body);
    if (!body) report(id, 'section has no text');
    const products: TermsSection['products'] = {};
    let phrasings: string[] = [];
    let keywords: string[] = [];
    for (const [partId, p] of s.parts) {
      if (partId === PHRASINGS || partId === KEYWORDS) {
        const items = p.lines.map((l) => l.trim()).filter((l) => l.length > 0);
        const bad = items.find((l) => !/^[-*]\s+\S/.test(l));
        if (bad) report(id, `{#${partId}} must be a list ("- ..."), found "${bad.slice(0, 40)}"`);
        const list = items.filter((l) => /^[-*]\s+\S/.test(l)).map((l) => l.replace(/^[-*]\s+/, ''));
        if (list.length === 0) report(id, `{#${partId}} has no items`);
        // A keyword item may list several words or phrases, separated by commas.
        if (partId === PHRASINGS) phrasings = list;
        else keywords = list.flatMap((l) => l.split(/[,;]/).map((k) => k.trim())).filter((k) => k.length > 0);
      } else {
        const partBody = tidy(p.lines);
        if (!partBody) report(id, `part {#${partId}} has no text`);
        products[partId as Product] = { title: p.title, body: partBody };
      }
    }
    for (const textPart of [s.title, body, ...Object.values(products).map((p) => p.body)]) {
      for (const m of textPart.matchAll(PLACEHOLDER)) {
        if (!(PLACEHOLDERS as readonly string[]).includes(m[1])) {
          report(id, `unknown placeholder {{${m[1]}}} (known: ${PLACEHOLDERS.join(', ')})`);
        }
      }
      if (/\{\{(?![^{}]*\}\})/.test(textPart.replace(PLACEHOLDER, ''))) report(id, 'has an unclosed "{{"');
    }
    result[id] = { id, title: s.title, body, products, phrasings, keywords };
  }
  return { file, title, sections: result, questions: [] };
}

function formatIssuePath(p: readonly PropertyKey[]): string {
  return p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
}

/** Placeholders that need a value which partner.json may leave out. */
function missingValue(partner: PartnerData, name: Placeholder): string | undefined {
  const contact = (kind: ContactKind) => partner.contacts.some((c) => c.kind === kind);
  if (name === 'email' && !contact('email')) return 'uses {{email}} but partner.json has no "email" contact';
  if (name === 'phone' && !contact('phone')) return 'uses {{phone}} but partner.json has no "phone" contact';
  if (name === 'portal' && !contact('portal')) return 'uses {{portal}} but partner.json has no "portal" contact';
  if (name === 'website' && !partner.partner.website) return 'uses {{website}} but partner.json has no partner.website';
  return undefined;
}

/** A JSON file's value, or undefined with a problem when it does not parse. */
function readJson(full: string, file: string, problems: TermsProblem[]): unknown {
  try {
    return JSON.parse(readFileSync(full, 'utf8')) as unknown;
  } catch (err) {
    problems.push({ file, section: '(file)', message: `is not valid JSON: ${(err as Error).message}` });
    return undefined;
  }
}

/** The optional file of labelled customer questions for a language. */
function questionsFile(lang: Language): string {
  return `questions.${lang}.json`;
}

const MAX_ASKED_QUESTION_CHARS = 500;

/**
 * Reads a `questions.<lang>.json` file: `{ "questions": [{ "q": "...", "section": "<id>" | null }] }`.
 * A missing file is no questions; a bad entry is a problem naming its position.
 */
function loadAskedQuestions(full: string, problems: TermsProblem[]): AskedQuestion[] {
  if (!existsSync(full)) return [];
  const file = displayPath(full);
  const raw = readJson(full, file, problems);
  if (raw === undefined) return [];
  const list = (raw as { questions?: unknown } | null)?.questions;
  if (!Array.isArray(list)) {
    problems.push({ file, section: '(top level)', message: 'needs a "questions" list' });
    return [];
  }
  const out: AskedQuestion[] = [];
  list.forEach((entry: unknown, i) => {
    const { q, section } = (entry ?? {}) as { q?: unknown; section?: unknown };
    const where = `questions[${i}]`;
    if (typeof q !== 'string' || !q.trim() || q.length > MAX_ASKED_QUESTION_CHARS) {
      problems.push({ file, section: where, message: `"q" must be a question of 1 to ${MAX_ASKED_QUESTION_CHARS} characters` });
    } else if (section !== null && !isSectionId(section)) {
      problems.push({
        file,
        section: where,
        message: `"section" must be one of the section ids or null (not a billing question), not ${JSON.stringify(section)}`,
      });
    } else out.push({ q: q.trim(), section });
  });
  return out;
}

/**
 * Loads and validates the support terms: `partner.json` plus `<lang>.md` for every supported
 * language. Throws TermsError naming each bad file and section.
 */
export function loadTerms(dir: string = path.join(repoRoot(), 'terms')): Terms {
  const problems: TermsProblem[] = [];
  const partnerFile = displayPath(path.join(dir, PARTNER_FILE));
  let partner: PartnerData | undefined;
  if (!existsSync(path.join(dir, PARTNER_FILE))) {
    problems.push({ file: partnerFile, section: '(file)', message: 'is missing' });
  } else {
    const raw = readJson(path.join(dir, PARTNER_FILE), partnerFile, problems);
    if (raw !== undefined) {
      const parsed = partnerSchema.safeParse(raw);
      if (parsed.success) partner = parsed.data;
      else {
        for (const issue of parsed.error.issues) {
          problems.push({ file: partnerFile, section: formatIssuePath(issue.path) || '(top level)', message: issue.message });
        }
      }
    }
  }

  const documents = {} as Record<Language, TermsDocument>;
  for (const lang of SUPPORTED_LANGUAGES) {
    const full = path.join(dir, `${lang}.md`);
    const file = displayPath(full);
    if (!existsSync(full)) {
      problems.push({
        file,
        section: '(file)',
        message: `is missing: every supported language (${SUPPORTED_LANGUAGES.join(', ')}) needs its terms`,
      });
      continue;
    }
    const doc = parseTermsDocument(readFileSync(full, 'utf8'), file, problems);
    doc.questions = loadAskedQuestions(path.join(dir, questionsFile(lang)), problems);
    documents[lang] = doc;
    if (partner) {
      for (const s of Object.values(doc.sections)) {
        const used = new Set<Placeholder>();
        for (const t of [s.body, ...Object.values(s.products).map((p) => p.body)]) {
          for (const m of t.matchAll(PLACEHOLDER)) used.add(m[1] as Placeholder);
        }
        for (const name of used) {
          const missing = missingValue(partner, name);
          if (missing) problems.push({ file, section: s.id, message: missing });
        }
      }
    }
  }
  if (problems.length > 0 || !partner) throw new TermsError(problems);
  return { dir, partner, documents };
}

// ---------------------------------------------------------------------------------------------
// Rendering: placeholders filled for a language, through i18next for our own words and Intl for
// dates, weekdays and money.

/** The opening hours, time zone and holidays as hours.ts takes them. */
export function businessHours(terms: Terms): BusinessHours {
  return terms.partner.hours;
}

function money(amount: number, currencyCode: string, lang: Language): string {
  return new Intl.NumberFormat(intlLocale(lang), {
    style: 'currency',
    currency: currencyCode,
    maximumFractionDigits: Number.isInteger(amount) ? 0 : 2,
  }).format(amount);
}

function clockText(i: Interval): string {
  return `${i.open}–${i.close}`;
}

function weekdayName(day: Weekday, lang: Language): string {
  // 2024-01-01 was a Monday.
  const date = new Date(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(day)));
  return new Intl.DateTimeFormat(intlLocale(lang), { weekday: 'long', timeZone: 'UTC' }).format(date);
}

function renderHours(partner: PartnerData, lang: Language, t: TFunction): string {
  const lines: string[] = [];
  const same = (a: Interval[], b: Interval[]) => JSON.stringify(a) === JSON.stringify(b);
  let i = 0;
  while (i < WEEKDAYS.length) {
    let j = i;
    while (j + 1 < WEEKDAYS.length && same(partner.hours.weekly[WEEKDAYS[j + 1]], partner.hours.weekly[WEEKDAYS[i]])) j++;
    const days =
      i === j
        ? weekdayName(WEEKDAYS[i], lang)
        : t('terms.dayRange', { from: weekdayName(WEEKDAYS[i], lang), to: weekdayName(WEEKDAYS[j], lang) });
    const intervals = partner.hours.weekly[WEEKDAYS[i]];
    const times = intervals.length === 0 ? t('terms.closed') : intervals.map(clockText).join(', ');
    lines.push(`- ${t('terms.hoursLine', { days, times })}`);
    i = j + 1;
  }
  return lines.join('\n');
}

function renderHolidays(partner: PartnerData, lang: Language, t: TFunction, now: Date, max = 5): string {
  const today = localDateOf(now, partner.hours.timeZone);
  const upcoming = partner.hours.holidays
    .filter((h) => h.date >= today)
    .sort((a, b) => a.date.localeCompare(b.date))
    .slice(0, max);
  if (upcoming.length === 0) return t('terms.noHolidays');
  const fmt = new Intl.DateTimeFormat(intlLocale(lang), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    weekday: 'long',
    timeZone: 'UTC',
  });
  return upcoming
    .map((h) => {
      const date = fmt.format(new Date(`${h.date}T00:00:00Z`));
      return h.hours
        ? `- ${t('terms.holidayShortDay', { date, name: h.name[lang], times: h.hours.map(clockText).join(', ') })}`
        : `- ${t('terms.holidayLine', { date, name: h.name[lang] })}`;
    })
    .join('\n');
}

function renderTimeZone(partner: PartnerData, lang: Language, now: Date): string {
  const tz = partner.hours.timeZone;
  const offset =
    new Intl.DateTimeFormat(intlLocale(lang), { timeZone: tz, timeZoneName: 'shortOffset' })
      .formatToParts(now)
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  return offset ? `${tz}, ${offset}` : tz;
}

function renderContacts(partner: PartnerData, lang: Language, t: TFunction): string {
  return partner.contacts
    .map((c) => `- ${t('terms.contactLine', { label: c.label[lang], value: c.value, when: t(`terms.available.${c.available}`) })}`)
    .join('\n');
}

function renderPricing(partner: PartnerData, lang: Language, t: TFunction): string {
  const { currency: cur, tiers } = partner.pricing;
  return tiers
    .map((tier) => {
      const price =
        tier.monthlyPrice === 0 ? t('terms.priceIncluded') : t('terms.pricePerMonth', { price: money(tier.monthlyPrice, cur, lang) });
      return `- ${t('terms.tierLine', { name: tier.name[lang], price, description: tier.description[lang] })}`;
    })
    .join('\n');
}

function renderTargets(partner: PartnerData, t: TFunction): string {
  return PRIORITIES.map(
    (p) =>
      `- ${t('terms.targetLine', {
        priority: t(`terms.priority.${p}`),
        count: partner.responseTargets[p].firstResponseBusinessHours,
      })}`,
  ).join('\n');
}

function renderLadder(partner: PartnerData, t: TFunction): string {
  return partner.collection.ladder
    .map((e) => {
      const when =
        'daysBeforeDue' in e
          ? e.daysBeforeDue === 0
            ? t('terms.onDueDate')
            : t('terms.daysBeforeDue', { count: e.daysBeforeDue })
          : t('terms.daysAfterDue', { count: e.daysAfterDue });
      return `- ${t('terms.ladderLine', { when, step: t(`terms.step.${e.step}`) })}`;
    })
    .join('\n');
}

function placeholderValue(name: Placeholder, terms: Terms, lang: Language, t: TFunction, now: Date): string {
  const p = terms.partner;
  const contact = (kind: ContactKind) => p.contacts.find((c) => c.kind === kind)?.value ?? '';
  switch (name) {
    case 'partner':
      return p.partner.name;
    case 'website':
      return p.partner.website ?? '';
    case 'timeZone':
      return renderTimeZone(p, lang, now);
    case 'hours':
      return renderHours(p, lang, t);
    case 'holidays':
      return renderHolidays(p, lang, t, now);
    case 'contacts':
      return renderContacts(p, lang, t);
    case 'email':
      return contact('email');
    case 'phone':
      return contact('phone');
    case 'portal':
      return contact('portal');
    case 'pricing':
      return renderPricing(p, lang, t);
    case 'responseTargets':
      return renderTargets(p, t);
    case 'reopenDays':
      return String(p.tickets.reopenWindowDays);
    case 'invoiceDay':
      return String(p.billing.invoiceDayOfMonth);
    case 'paymentTermDays':
      return String(p.billing.paymentTermDays);
    case 'currency':
      return new Intl.DisplayNames(intlLocale(lang), { type: 'currency' }).of(p.billing.currency) ?? p.billing.currency;
    case 'disputeWindowDays':
      return String(p.billing.disputeWindowDays);
    case 'vatRate':
      return new Intl.NumberFormat(intlLocale(lang)).format(p.billing.vatRatePercent);
    case 'refundDays':
      return String(p.billing.refundBusinessDays);
    case 'cancellationDays':
      return String(p.subscriptions.cancellationWindowDays);
    case 'collectionLadder':
      return renderLadder(p, t);
    case 'reactivationHours':
      return String(p.collection.reactivationBusinessHours);
    case 'suspensionDay': {
      const s = p.collection.ladder.find((e) => e.step === 'suspension');
      return s && 'daysAfterDue' in s ? String(s.daysAfterDue) : '';
    }
  }
}

/** Fills every {{placeholder}} of a text for a language. */
export function renderText(text: string, terms: Terms, lang: Language, t: TFunction, now: Date = new Date()): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => placeholderValue(name as Placeholder, terms, lang, t, now));
}

export interface SectionAnswer {
  section: SectionId;
  title: string;
  /** Rendered body, then the product part when there is one: ready for a card. */
  text: string;
  body: string;
  productPart?: { product: Product; title: string; body: string };
}

export function isSectionId(s: unknown): s is SectionId {
  return typeof s === 'string' && (SECTION_IDS as readonly string[]).includes(s);
}

export function isProduct(s: unknown): s is Product {
  return typeof s === 'string' && (PRODUCTS as readonly string[]).includes(s);
}

/**
 * A section rendered for a language (pass `i18n.getFixedT(lang, 'answers')` as `t`), with the
 * product-specific part when the product is known and the section has one.
 */
export function sectionAnswer(
  terms: Terms,
  lang: Language,
  sectionId: SectionId,
  t: TFunction,
  options: { product?: Product; now?: Date } = {},
): SectionAnswer {
  const now = options.now ?? new Date();
  const s = terms.documents[lang].sections[sectionId];
  const body = renderText(s.body, terms, lang, t, now);
  const part = options.product ? s.products[options.product] : undefined;
  const productPart =
    part && options.product ? { product: options.product, title: part.title, body: renderText(part.body, terms, lang, t, now) } : undefined;
  const text = productPart ? `${body}\n\n**${productPart.title}:** ${productPart.body}` : body;
  return { section: sectionId, title: renderText(s.title, terms, lang, t, now), text, body, ...(productPart ? { productPart } : {}) };
}
