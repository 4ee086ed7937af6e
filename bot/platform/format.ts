import { Language } from './config';
import { intlLocale } from './i18n';

/**
 * Money and calendar dates worded for a language. Intl formatters are costly to build, so each
 * one is built once per locale and options, and kept.
 */

type Formatter = Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.DisplayNames;

const formatters = new Map<string, Formatter>();

function cached<F extends Formatter>(key: string, make: () => F): F {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = make()));
  return f as F;
}

/** An Intl.DateTimeFormat for a locale and options, built once and kept. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(`dt|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

/** An Intl.NumberFormat for a locale and options, built once and kept. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached(`nf|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
}

/** An Intl.DisplayNames for a locale and options, built once and kept. */
export function displayNames(locale: string, options: Intl.DisplayNamesOptions): Intl.DisplayNames {
  return cached(`dn|${locale}|${JSON.stringify(options)}`, () => new Intl.DisplayNames(locale, options));
}

/** An Intl.RelativeTimeFormat for a locale and options, built once and kept. */
export function relativeTimeFormat(locale: string, options: Intl.RelativeTimeFormatOptions): Intl.RelativeTimeFormat {
  return cached(`rt|${locale}|${JSON.stringify(options)}`, () => new Intl.RelativeTimeFormat(locale, options));
}

export interface MoneyOptions {
  /** A whole amount without decimals ("₺500", for prices); default always the currency's decimals. */
  wholeWithoutDecimals?: boolean;
}

/**
 * An amount in a currency, for a language ("₺12.345,50" in Turkish, "TRY 12,345.50" in English);
 * without a currency, the amount with two decimals.
 */
export function formatMoney(amount: number, currency: string | undefined, lang: Language, options: MoneyOptions = {}): string {
  const locale = intlLocale(lang);
  if (!currency) {
    return cached(`n|${locale}`, () => new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })).format(
      amount,
    );
  }
  // Prices read better whole ("₺500/month"); a price with cents keeps them, up to two.
  const digits = options.wholeWithoutDecimals ? (Number.isInteger(amount) ? 0 : 2) : undefined;
  return cached(
    `m|${locale}|${currency}|${digits ?? ''}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        ...(digits === undefined ? {} : { maximumFractionDigits: digits }),
      }),
  ).format(amount);
}

export interface DateOptions {
  /** Adds the weekday ("Friday, January 1, 2027"). */
  weekday?: boolean;
}

/** A calendar date (YYYY-MM-DD) in words for a language, e.g. "March 15, 2026" / "15 Mart 2026". */
export function formatDate(isoDate: string, lang: Language, options: DateOptions = {}): string {
  const locale = intlLocale(lang);
  // The date is a calendar day, not an instant: format it in UTC so no zone shifts the day.
  const f = cached(
    `d|${locale}|${options.weekday ? 'w' : ''}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        ...(options.weekday ? { weekday: 'long' } : {}),
        timeZone: 'UTC',
      }),
  );
  return f.format(new Date(`${isoDate}T00:00:00Z`));
}
