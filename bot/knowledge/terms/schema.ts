import { z } from 'zod';
import { Language, SUPPORTED_LANGUAGES } from '../../platform/config';
import { WEEKDAYS, Weekday } from '../hours';
import type { LanguageData } from './language';

/**
 * What the support terms are made of: the fixed section ids and value lists, the partner.json
 * schema, the parsed documents, and the error that names every problem found in them.
 */

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

export const partnerSchema = z.strictObject({
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
  /** How customers pay: shown with the overdue / suspended banner. */
  payment: z
    .strictObject({
      /** A web page where customers pay (an Action.OpenUrl button). */
      payLink: z.url({ protocol: /^https$/, error: 'must be an https:// link' }).optional(),
      /** Payment instructions (bank transfer details), one text per language. */
      instructions: localized.optional(),
    })
    .refine((p) => p.payLink !== undefined || p.instructions !== undefined, { message: 'needs a payLink, instructions or both' })
    .optional(),
  /**
   * The question log of the learning loop (README, "Answer quality"): questions answered "not
   * helpful", "did you mean" choices and questions the bot was not sure of, text only, kept this
   * many days for a partner to review. Absent: kept 90 days; `enabled: false` keeps nothing.
   */
  questionLog: z.strictObject({ enabled: z.boolean(), keepDays: z.number().int().min(1).max(365) }).optional(),
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
  /** Each language's word lists (terms/language/<lang>.json), for reading customers' questions. */
  language: Record<Language, LanguageData>;
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

/** A {{placeholder}} in a text; the name is group 1. */
export const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

export function isSectionId(s: unknown): s is SectionId {
  return typeof s === 'string' && (SECTION_IDS as readonly string[]).includes(s);
}
