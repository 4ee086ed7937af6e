import type { TFunction } from 'i18next';
import { Language } from '../../platform/config';
import { dateTimeFormat, displayNames, formatDate, formatMoney, numberFormat } from '../../platform/format';
import { intlLocale } from '../../platform/i18n';
import { Kept, kept } from '../../platform/kept';
import { BusinessHours, Interval, WEEKDAYS, Weekday, localDateOf } from '../hours';
import { ContactKind, PLACEHOLDER, PRIORITIES, PartnerData, Placeholder, Product, SectionId, Terms } from './schema';

/**
 * Rendering: placeholders filled for a language, through i18next for our own words and Intl for
 * dates, weekdays and money.
 */

/** The opening hours, time zone and holidays as hours.ts takes them. */
export function businessHours(terms: Terms): BusinessHours {
  return terms.partner.hours;
}

function clockText(i: Interval): string {
  return `${i.open}–${i.close}`;
}

function weekdayName(day: Weekday, lang: Language): string {
  // 2024-01-01 was a Monday.
  const date = new Date(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(day)));
  return dateTimeFormat(intlLocale(lang), { weekday: 'long', timeZone: 'UTC' }).format(date);
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
  return upcoming
    .map((h) => {
      const date = formatDate(h.date, lang, { weekday: true });
      return h.hours
        ? `- ${t('terms.holidayShortDay', { date, name: h.name[lang], times: h.hours.map(clockText).join(', ') })}`
        : `- ${t('terms.holidayLine', { date, name: h.name[lang] })}`;
    })
    .join('\n');
}

function renderTimeZone(partner: PartnerData, lang: Language, now: Date): string {
  const tz = partner.hours.timeZone;
  const offset =
    dateTimeFormat(intlLocale(lang), { timeZone: tz, timeZoneName: 'shortOffset' })
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
        tier.monthlyPrice === 0
          ? t('terms.priceIncluded')
          : t('terms.pricePerMonth', { price: formatMoney(tier.monthlyPrice, cur, lang, { wholeWithoutDecimals: true }) });
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
      return displayNames(intlLocale(lang), { type: 'currency' }).of(p.billing.currency) ?? p.billing.currency;
    case 'disputeWindowDays':
      return String(p.billing.disputeWindowDays);
    case 'vatRate':
      return numberFormat(intlLocale(lang)).format(p.billing.vatRatePercent);
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

/** A section rendered for a language at a time (see sectionAnswer). */
function renderSection(
  terms: Terms,
  lang: Language,
  sectionId: SectionId,
  t: TFunction,
  product: Product | undefined,
  now: Date,
): SectionAnswer {
  const s = terms.documents[lang].sections[sectionId];
  const body = renderText(s.body, terms, lang, t, now);
  const part = product ? s.products[product] : undefined;
  const productPart = part && product ? { product, title: part.title, body: renderText(part.body, terms, lang, t, now) } : undefined;
  const text = productPart ? `${body}\n\n**${productPart.title}:** ${productPart.body}` : body;
  return { section: sectionId, title: renderText(s.title, terms, lang, t, now), text, body, ...(productPart ? { productPart } : {}) };
}

/**
 * The partner's local date and UTC offset at `now`, worked out once per minute (dates and offsets
 * change only on a minute boundary; working them out costs more than rendering most sections).
 */
let minuteStamps = { minute: NaN, partner: undefined as PartnerData | undefined, byLanguage: new Map<string, string>() };
function dateAndOffset(partner: PartnerData, lang: Language, now: Date): string {
  const minute = Math.floor(now.getTime() / 60_000);
  if (minuteStamps.minute !== minute || minuteStamps.partner !== partner) minuteStamps = { minute, partner, byLanguage: new Map() };
  let stamp = minuteStamps.byLanguage.get(lang);
  if (stamp === undefined) {
    stamp = `${localDateOf(now, partner.hours.timeZone)}|${renderTimeZone(partner, lang, now)}`;
    minuteStamps.byLanguage.set(lang, stamp);
  }
  return stamp;
}

/** Rendered sections kept per terms; past this many the kept ones are dropped. */
const MAX_KEPT_SECTIONS = 1000;
const keptSections = new WeakMap<Terms, Kept<string, SectionAnswer>>();

/**
 * A section rendered for a language (pass `i18n.getFixedT(lang, 'answers')` as `t`), with the
 * product-specific part when the product is known and the section has one. A section's text
 * depends on the time only through the partner's local date (upcoming holidays) and UTC offset
 * (time zone), so it is rendered once per language, section, product, date and offset, and kept.
 */
export function sectionAnswer(
  terms: Terms,
  lang: Language,
  sectionId: SectionId,
  t: TFunction,
  options: { product?: Product; now?: Date } = {},
): SectionAnswer {
  const now = options.now ?? new Date();
  const fixed = t as unknown as { lng?: unknown; ns?: unknown };
  // Only the translations of `lang`'s answers can be kept under that language.
  if (fixed.lng !== lang || fixed.ns !== 'answers') return renderSection(terms, lang, sectionId, t, options.product, now);
  const key = `${lang}|${sectionId}|${options.product ?? ''}|${dateAndOffset(terms.partner, lang, now)}`;
  let sections = keptSections.get(terms);
  if (!sections) keptSections.set(terms, (sections = kept(MAX_KEPT_SECTIONS)));
  return sections.of(key, () => renderSection(terms, lang, sectionId, t, options.product, now));
}
