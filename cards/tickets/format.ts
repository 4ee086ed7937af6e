/**
 * What every ticket card shares: the data a ticket button carries, how times, durations, people,
 * status and SLA read, and the notice colours. Strings are translated here and people's text
 * escaped before templating.
 */
import type { TFunction } from 'i18next';
import { Language } from '../../bot/platform/config';
import { intlLocale } from '../../bot/platform/i18n';
import { dateTimeFormat } from '../../bot/platform/format';
import { LIMITS, PersonRef, Ticket, TicketStatus } from '../../bot/tickets/domain/model';
import { Versioned } from '../../bot/platform/store/types';
import { escapeText } from '../render';

/** What every ticket button carries: where the ticket is, and its number for people and logs. */
export interface TicketActionData {
  tenantId: string;
  ticketId: string;
  number: number;
}

export interface CardClock {
  lang: Language;
  /** The partner's time zone: due times are shown in it. */
  timeZone: string;
  now: Date;
}

/** Options of the customer's cards. */
export interface CustomerCardOptions extends CardClock {
  partner: string;
  reopenWindowDays: number;
  notice?: Notice;
}

export type NoticeTone = 'good' | 'attention' | 'warning' | 'default';

export interface Notice {
  text: string;
  tone: NoticeTone;
}

const TONE_COLOR: Record<NoticeTone, string> = { good: 'Good', attention: 'Attention', warning: 'Warning', default: 'Default' };

/** The button data of a ticket. */
export function actionData(doc: Versioned<Ticket>): TicketActionData {
  return { tenantId: doc.pk, ticketId: doc.id, number: doc.value.number };
}

/** "Tue, 24 Nov, 14:00 GMT+3" in the reader's language, in the partner's time zone. */
export function formatWhen(at: Date | string, c: Pick<CardClock, 'lang' | 'timeZone'>): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  return dateTimeFormat(intlLocale(c.lang), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: c.timeZone,
    timeZoneName: 'shortOffset',
  }).format(d);
}

/** "24 Nov 2026" in the reader's language, in the partner's time zone. */
export function formatDate(at: string, c: Pick<CardClock, 'lang' | 'timeZone'>): string {
  return dateTimeFormat(intlLocale(c.lang), { day: 'numeric', month: 'short', year: 'numeric', timeZone: c.timeZone }).format(new Date(at));
}

/** "3 h 20 min" in the reader's language. */
export function formatDuration(ms: number, t: TFunction): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t('time.minutes', { m });
  if (m === 0) return t('time.hours', { h });
  return t('time.hoursMinutes', { h, m });
}

/** A product or topic label, or the value itself (escaped) when it has none. */
export function known(t: TFunction, group: string, value: string | null): string {
  if (!value) return t('card.none');
  const key = `${group}.${value}`;
  const s = t(key);
  return s === key ? escapeText(value, 60) : s;
}

/**
 * The customer's words, escaped; when they gave none, what they chose (product and topic), so a
 * card never shows an empty quote.
 */
export function askedText(
  ticket: Pick<Ticket, 'question' | 'product' | 'topic'>,
  t: TFunction,
  max: number,
): { quoted: boolean; text: string } {
  const words = ticket.question.trim();
  if (words) return { quoted: true, text: escapeText(words, max) };
  const chose = [ticket.product, ticket.topic].filter((v): v is string => !!v);
  if (chose.length === 0) return { quoted: false, text: t('asked.nothing') };
  const choice = chose.map((v, i) => known(t, ticket.product && i === 0 ? 'product' : 'topic', v)).join(' › ');
  return { quoted: false, text: t('asked.chose', { choice }) };
}

export function personName(p: PersonRef | null | undefined, t: TFunction): string {
  if (!p) return t('card.nobody');
  return p.name ? escapeText(p.name, LIMITS.name) : escapeText(p.id, 64);
}

/** The SLA as a person reads it: due, overdue, paused with time left, met or missed. */
export function slaText(ticket: Ticket, status: TicketStatus, t: TFunction, c: CardClock): string {
  const sla = ticket.sla;
  if (status === 'resolved' || status === 'closed') {
    return sla.breachedAt ? t('sla.missed', { when: formatWhen(sla.breachedAt, c) }) : t('sla.met');
  }
  if (sla.dueAt) {
    const due = new Date(sla.dueAt);
    return due.getTime() < c.now.getTime() ? t('sla.overdue', { when: formatWhen(due, c) }) : t('sla.due', { when: formatWhen(due, c) });
  }
  return t('sla.paused', { left: formatDuration(sla.remainingMs ?? 0, t) });
}

/** The status, with who holds the ticket once someone does. */
export function statusText(ticket: Ticket, status: TicketStatus, t: TFunction): string {
  const label = t(`status.${status}`);
  return ticket.assignee && status !== 'new'
    ? t('card.statusWithAssignee', { status: label, assignee: personName(ticket.assignee, t) })
    : label;
}

/** The colour of a card's notice line (empty notices show nothing). */
export function noticeData(notice: Notice | undefined): { notice: string; noticeColor: string } {
  return { notice: notice?.text ?? '', noticeColor: TONE_COLOR[notice?.tone ?? 'default'] };
}
