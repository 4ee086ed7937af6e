/** What the reminder cards share: the namespace in a language, the partner's times, notes. */
import type { i18n, TFunction } from 'i18next';
import { Language, SUPPORTED_LANGUAGES } from '../../bot/platform/config';
import { intlLocale } from '../../bot/platform/i18n';
import { escapeText } from '../render';
import { dateTimeFormat } from '../../bot/platform/format';

/** The longest admin note, per language. */
export const MAX_NOTE_CHARS = 1000;

/**
 * The longest audience typed in the composer (about 100 tenant ids): the preview carries it twice
 * in its buttons and must stay a small card. Longer tenant lists go through the CLI.
 */
export const MAX_AUDIENCE_CHARS = 4000;

/** The reminders namespace in a language. */
export function remindersT(i18n: i18n, lang: Language): TFunction {
  return i18n.getFixedT(lang, 'reminders');
}

/** "Sat, 5 Dec, 14:00 GMT+3": an instant in the reader's language, in the partner's time zone. */
export function formatInstant(at: Date | string | number, lang: Language, timeZone: string): string {
  return dateTimeFormat(intlLocale(lang), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
    timeZoneName: 'shortOffset',
  })
    .format(new Date(at))
    .replace(/GMT\+0$/, 'GMT');
}

/**
 * The admin's note for a reader, escaped (plain text, never markdown): the text for their
 * language when notes were given per language, else the one text for everybody; '' for none.
 */
export function noteFor(note: string | Record<string, string> | undefined, lang: Language): string {
  if (note === undefined) return '';
  const text = typeof note === 'string' ? note : (note[lang] ?? note.en ?? Object.values(note).find((v) => typeof v === 'string') ?? '');
  return text.trim() ? escapeText(text.trim(), MAX_NOTE_CHARS) : '';
}

/** The languages we speak, named in the reader's language. */
export function languageName(t: TFunction, lang: string): string {
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(lang) ? t(`language.${lang}`) : lang;
}
