/**
 * The tab's strings: locales/<lang>/tab.json, plus the tickets namespace's labels (status, priority,
 * products, topics, audit) and the reminders namespace's template names.
 */
import i18next, { TFunction } from 'i18next';
import enTab from '../../locales/en/tab.json';
import trTab from '../../locales/tr/tab.json';
import enTickets from '../../locales/en/tickets.json';
import trTickets from '../../locales/tr/tickets.json';
import enReminders from '../../locales/en/reminders.json';
import trReminders from '../../locales/tr/reminders.json';

export type Lang = 'en' | 'tr';
export const LANGS: readonly Lang[] = ['en', 'tr'];

const instance = i18next.createInstance();
void instance.init({
  resources: {
    en: { tab: enTab, tickets: enTickets, reminders: enReminders },
    tr: { tab: trTab, tickets: trTickets, reminders: trReminders },
  },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGS],
  defaultNS: 'tab',
  ns: ['tab', 'tickets', 'reminders'],
  interpolation: { escapeValue: false },
  initAsync: false,
});

/** The supported language of a locale tag ("tr-TR" → "tr"), else English. */
export function langOf(tag: string | undefined | null): Lang {
  const l = (tag ?? '').split(/[-_]/)[0].toLowerCase();
  return (LANGS as readonly string[]).includes(l) ? (l as Lang) : 'en';
}

/** A translator fixed to one language (the tab's strings; `tickets:` and `reminders:` keys for the shared labels). */
export function translator(lang: Lang): TFunction {
  return instance.getFixedT(lang, 'tab');
}

/** Dates and times in the reader's language, in their own time zone. */
export function formatWhen(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang === 'tr' ? 'tr-TR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD) in the reader's language, as the date it names (no time zone shift). */
export function formatDay(date: string, lang: Lang): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(lang === 'tr' ? 'tr-TR' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}
