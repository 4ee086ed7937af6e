/**
 * Reading what the reminder cards send (client input): the composer's request and the "I've
 * paid" inputs. A problem comes back as a worded message; nothing is changed.
 */
import type { TFunction } from 'i18next';
import { MAX_AUDIENCE_CHARS, MAX_NOTE_CHARS } from '../../../cards/reminders/common';
import { escapeText } from '../../../cards/render';
import { MAX_REFERENCE_CHARS } from '../../../cards/reminders/reminder';
import { CampaignRequest } from '../../../cards/reminders/preview';
import { ComposerValues } from '../../../cards/reminders/composer';
import type { ActionData } from '../../cardActions';
import { localDateOf, zonedTime } from '../../knowledge/hours';
import { Language, SUPPORTED_LANGUAGES } from '../../platform/config';
import { REMINDER_TEMPLATES, ReminderTemplate } from '../model';
import { dateTimeFormat } from '../../platform/format';
import { intlLocale } from '../../platform/i18n';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)(:\d{2})?$/;
/** A time a minute ago still counts as "now" (the admin took a while to press the button). */
const PAST_GRACE_MS = 60_000;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function validDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The note(s) of a request: `note` for everyone, `note_<lang>` per language (or `note` as an object). */
function readNote(data: ActionData): { note?: string | Record<string, string>; tooLong: boolean } {
  const raw = data.note;
  const common = typeof raw === 'string' ? raw.trim() : '';
  const perLang: Record<string, string> = {};
  for (const lang of SUPPORTED_LANGUAGES) {
    const fromObject = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>)[lang] : undefined;
    const text = (str(data[`note_${lang}`]) || str(fromObject)).trim();
    if (text) perLang[lang] = text;
  }
  const texts = [common, ...Object.values(perLang)];
  const tooLong = texts.some((x) => x.length > MAX_NOTE_CHARS);
  if (Object.keys(perLang).length === 0) return { note: common || undefined, tooLong };
  // Per language, with the common note for the languages given none.
  const note: Record<string, string> = {};
  for (const lang of SUPPORTED_LANGUAGES) if (perLang[lang] || common) note[lang] = perLang[lang] || common;
  return { note, tooLong };
}

/** When to send: `sendAt` (ISO 8601, from the preview's button) or the composer's date and time in the partner's zone. */
function readSendAt(data: ActionData, timeZone: string): { sendAt?: string; bad: boolean } {
  const iso = str(data.sendAt).trim();
  if (iso) {
    const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(iso) ? Date.parse(iso) : NaN;
    return Number.isFinite(ms) ? { sendAt: new Date(ms).toISOString(), bad: false } : { bad: true };
  }
  const date = str(data.sendDate).trim();
  const time = str(data.sendTime).trim();
  if (!date && !time) return { bad: false };
  if (!validDate(date)) return { bad: true };
  const hm = HH_MM.exec(time || '09:00');
  if (!hm) return { bad: true };
  const [y, m, d] = date.split('-').map(Number);
  return { sendAt: zonedTime(y, m, d, Number(hm[1]) * 60 + Number(hm[2]), timeZone).toISOString(), bad: false };
}

/** What the composer shows again for this data (to fix a problem, or after "Change"). */
export function composerValues(data: ActionData, timeZone: string): ComposerValues {
  const { note } = readNote(data);
  const sendAt = readSendAt(data, timeZone).sendAt;
  const local = sendAt ? new Date(sendAt) : undefined;
  const time = local
    ? dateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(local)
    : str(data.sendTime);
  return {
    template: str(data.template) || undefined,
    audience: str(data.audience).slice(0, MAX_AUDIENCE_CHARS) || undefined,
    note: typeof note === 'string' ? note : typeof data.note === 'string' ? data.note : '',
    notes: typeof note === 'object' ? Object.fromEntries(SUPPORTED_LANGUAGES.map((l) => [l, note[l] ?? ''])) : undefined,
    sendDate: local ? localDateOf(local, timeZone) : str(data.sendDate),
    sendTime: time,
  };
}

/** The message for an audience the service does not understand. */
export function badAudience(t: TFunction, audience: string): string {
  return t('staff.badAudience', { audience: escapeText(audience.slice(0, 80), 80) || '—', help: t('composer.audienceHelp') });
}

/** The campaign request of the composer or the preview's buttons. */
export function parseRequest(
  data: ActionData,
  t: TFunction,
  o: { timeZone: string; now: number; lang: Language },
): Parsed<CampaignRequest> {
  const template = str(data.template).trim();
  if (!(REMINDER_TEMPLATES as readonly string[]).includes(template)) return { ok: false, problem: t('staff.badTemplate') };
  const audience = str(data.audience).trim();
  if (!audience || audience.length > MAX_AUDIENCE_CHARS) return { ok: false, problem: badAudience(t, audience) };
  const { note, tooLong } = readNote(data);
  if (tooLong) return { ok: false, problem: t('staff.noteTooLong', { max: MAX_NOTE_CHARS }) };
  const { sendAt, bad } = readSendAt(data, o.timeZone);
  if (bad) return { ok: false, problem: t('staff.badSendAt') };
  if (sendAt && Date.parse(sendAt) < o.now - PAST_GRACE_MS) {
    const when = dateTimeFormat(intlLocale(o.lang), {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: o.timeZone,
    }).format(new Date(sendAt));
    return { ok: false, problem: t('staff.sendAtPast', { when }) };
  }
  // A time already reached (within the grace) means now.
  const future = sendAt && Date.parse(sendAt) > o.now ? sendAt : undefined;
  return {
    ok: true,
    value: {
      template: template as ReminderTemplate,
      audience,
      ...(note !== undefined ? { note } : {}),
      ...(future ? { sendAt: future } : {}),
    },
  };
}

/** "I've paid": an optional date of payment (no later than today) and an optional reference. */
export function parsePaid(data: ActionData, t: TFunction, today: string): Parsed<{ paidOn?: string; reference?: string }> {
  const paidOn = str(data.paidOn).trim();
  if (paidOn && (!validDate(paidOn) || paidOn > today)) return { ok: false, problem: t('refusal.badPaidOn') };
  const reference = str(data.reference).trim();
  if (reference.length > MAX_REFERENCE_CHARS) return { ok: false, problem: t('refusal.badReference', { max: MAX_REFERENCE_CHARS }) };
  return { ok: true, value: { ...(paidOn ? { paidOn } : {}), ...(reference ? { reference } : {}) } };
}

/** The campaign id a reminder or progress card carries (shape only; the service finds it). */
export function campaignIdOf(data: ActionData): string | undefined {
  const id = data.campaignId;
  return typeof id === 'string' && /^r[0-9a-f]{15}$/.test(id) ? id : undefined;
}
