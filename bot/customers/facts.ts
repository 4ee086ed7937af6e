import type { TFunction } from 'i18next';
import { Language } from '../platform/config';
import { dateTimeFormat, formatDate, formatMoney, relativeTimeFormat } from '../platform/format';
import { intlLocale } from '../platform/i18n';
import { Customer } from './directory';
import { BusinessHours, localDateOf, openState } from '../knowledge/hours';
import { kept } from '../platform/kept';

/**
 * The customer's own billing facts and the "when will a person answer" phrase, worded for a
 * language. Pass `i18n.getFixedT(lang, 'answers')` as `t`.
 */

export interface FormattedFacts {
  status?: string;
  balance?: string;
  dueDate?: string;
  invoiceNumber?: string;
  /** One markdown line per known fact, in a fixed order; empty when nothing is known. */
  lines: string[];
}

function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}

/** "in 5 days", "yesterday", "3 gün önce": how far a date is from today in a zone. */
export function relativeDay(isoDate: string, lang: Language, now: Date, timeZone: string): string {
  const diff = daysBetween(localDateOf(now, timeZone), isoDate);
  return relativeTimeFormat(intlLocale(lang), { numeric: 'auto' }).format(diff, 'day');
}

export interface FactsOptions {
  now?: Date;
  /** Zone that decides what "today" is; the partner's time zone. Default UTC. */
  timeZone?: string;
}

type FactFields = Pick<Customer, 'status' | 'balance' | 'currency' | 'dueDate' | 'invoiceNumber'>;

/** Facts and notices kept at most (per language, customer facts and day). */
const MAX_KEPT = 2_000;
const keptFacts = kept<string, FormattedFacts>(MAX_KEPT);
const keptNotices = kept<string, string | undefined>(MAX_KEPT);

/** "Today" in a zone, worked out once per minute and zone (a date changes only on a minute boundary). */
let todays = { minute: NaN, byZone: new Map<string, string>() };
function todayIn(now: Date, timeZone: string): string {
  const minute = Math.floor(now.getTime() / 60_000);
  if (todays.minute !== minute) todays = { minute, byZone: new Map() };
  let today = todays.byZone.get(timeZone);
  if (today === undefined) todays.byZone.set(timeZone, (today = localDateOf(now, timeZone)));
  return today;
}

/**
 * The key under which facts worded by `t` are kept: only for the fixed translation function of
 * `lang`'s answers (what every caller passes); undefined otherwise (worked out afresh).
 */
function keyOf(customer: FactFields, lang: Language, t: TFunction, now: Date, timeZone: string): string | undefined {
  const fixed = t as unknown as { lng?: unknown; ns?: unknown };
  if (fixed.lng !== lang || fixed.ns !== 'answers') return undefined;
  const { status, balance, currency, dueDate, invoiceNumber } = customer;
  return JSON.stringify([lang, status, balance, currency, dueDate, invoiceNumber, timeZone, todayIn(now, timeZone)]);
}

/** Status, balance, due date and invoice number of a customer, each formatted for the language. */
export function formatCustomerFacts(customer: FactFields, lang: Language, t: TFunction, options: FactsOptions = {}): FormattedFacts {
  const now = options.now ?? new Date();
  const timeZone = options.timeZone ?? 'UTC';
  const key = keyOf(customer, lang, t, now, timeZone);
  if (key === undefined) return factsOf(customer, lang, t, now, timeZone);
  const facts = keptFacts.of(key, () => factsOf(customer, lang, t, now, timeZone));
  return { ...facts, lines: [...facts.lines] };
}

function factsOf(customer: FactFields, lang: Language, t: TFunction, now: Date, timeZone: string): FormattedFacts {
  const out: FormattedFacts = { lines: [] };
  if (customer.status) {
    out.status = t(`facts.status.${customer.status}`);
    out.lines.push(t('facts.statusLine', { status: out.status }));
  }
  if (customer.balance !== undefined) {
    out.balance = formatMoney(customer.balance, customer.currency, lang);
    out.lines.push(customer.balance > 0 ? t('facts.balanceLine', { amount: out.balance }) : t('facts.noBalanceLine'));
  }
  if (customer.dueDate) {
    out.dueDate = formatDate(customer.dueDate, lang);
    out.lines.push(t('facts.dueDateLine', { date: out.dueDate, relative: relativeDay(customer.dueDate, lang, now, timeZone) }));
  }
  if (customer.invoiceNumber) {
    out.invoiceNumber = customer.invoiceNumber;
    out.lines.push(t('facts.invoiceLine', { number: customer.invoiceNumber }));
  }
  return out;
}

/**
 * What an overdue or suspended customer is told before any billing answer; undefined for a
 * customer in good standing or of unknown status. With `details: false`, only the headline (for
 * an answer that lists the facts itself).
 */
export function statusNotice(
  customer: FactFields,
  lang: Language,
  t: TFunction,
  options: FactsOptions & { details?: boolean } = {},
): string | undefined {
  if (customer.status !== 'overdue' && customer.status !== 'suspended') return undefined;
  const key = keyOf(customer, lang, t, options.now ?? new Date(), options.timeZone ?? 'UTC');
  if (key === undefined) return noticeOf(customer, lang, t, options);
  return keptNotices.of(`${options.details === false ? 'headline' : 'details'}|${key}`, () => noticeOf(customer, lang, t, options));
}

function noticeOf(customer: FactFields, lang: Language, t: TFunction, options: FactsOptions & { details?: boolean }): string {
  const headline = t(`notice.${customer.status}`);
  // The answer lists the facts itself below the banner: they are told once.
  if (options.details === false) return headline;
  const facts = formatCustomerFacts(customer, lang, t, options);
  const items: string[] = [];
  if (facts.balance && (customer.balance ?? 0) > 0) items.push(t('notice.balance', { amount: facts.balance }));
  if (facts.dueDate) items.push(t('notice.due', { date: facts.dueDate }));
  if (facts.invoiceNumber) items.push(t('notice.invoice', { number: facts.invoiceNumber }));
  return items.length > 0 ? `${headline} ${t('notice.details', { items: items.join('; ') })}` : headline;
}

export interface AvailabilityOptions {
  /** The customer's IANA zone when known (Teams sends `localTimezone`); default the partner's. */
  timeZone?: string;
}

/**
 * When a person will answer: now (and until when), or the next opening time in words, e.g.
 * "from tomorrow at 09:00 GMT+3".
 */
export function whenPersonAnswers(
  hours: BusinessHours,
  now: Date,
  lang: Language,
  t: TFunction,
  options: AvailabilityOptions = {},
): string {
  const zone = options.timeZone ?? hours.timeZone;
  const locale = intlLocale(lang);
  const time = (d: Date) =>
    dateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone, timeZoneName: 'shortOffset' })
      .format(d)
      .replace(/GMT\+0$/, 'GMT');
  const state = openState(hours, now);
  if (state.open && state.closesAt) return t('availability.openNow', { time: time(state.closesAt) });
  if (!state.opensAt) return t('availability.unknown');
  const days = daysBetween(localDateOf(now, zone), localDateOf(state.opensAt, zone));
  if (days === 0) return t('availability.opensToday', { time: time(state.opensAt) });
  if (days === 1) return t('availability.opensTomorrow', { time: time(state.opensAt) });
  const date = dateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: zone }).format(state.opensAt);
  return t('availability.opensOn', { date, time: time(state.opensAt) });
}

/** How to pay, from the terms' `payment` entry: the instructions in a language and the pay link. */
export interface PaymentHelp {
  instructions: string;
  payLink: string;
}

export function paymentHelp(
  payment: { payLink?: string; instructions?: Record<Language, string> } | undefined,
  lang: Language,
): PaymentHelp {
  return { instructions: payment?.instructions?.[lang] ?? '', payLink: payment?.payLink ?? '' };
}
