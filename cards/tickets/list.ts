/** Lists of tickets: the customer's "my tickets" and the staff queue (one template, tickets/list). */
import type { TFunction } from 'i18next';
import { LIMITS, Ticket, TicketStatus } from '../../bot/tickets/domain/model';
import { Versioned } from '../../bot/platform/store/types';
import { AdaptiveCard, escapeText, renderCard } from '../render';
import { actionData, askedText, CardClock, CustomerCardOptions, formatDate, noticeData, personName, slaText, statusText } from './format';

/** The customer's own words in quotes, or what they chose when they gave none. */
function askedLine(ticket: Ticket, t: TFunction, max: number): string {
  const asked = askedText(ticket, t, max);
  return asked.quoted ? t('list.question', { text: asked.text }) : asked.text;
}

/** "My tickets": the customer's tickets with their status, and reopen where the window allows. */
export function customerTicketsCard(
  docs: Versioned<Ticket>[],
  statusOf: (t: Ticket) => TicketStatus,
  t: TFunction,
  o: CustomerCardOptions & { canReopen: (t: Ticket) => boolean },
): AdaptiveCard {
  const items = docs.map((doc) => {
    const ticket = doc.value;
    const status = statusOf(ticket);
    const lines = [t('list.opened', { date: formatDate(ticket.createdAt, o) }), askedLine(ticket, t, 140)];
    if (ticket.assignee && status !== 'new') lines.push(t('list.handledBy', { name: personName(ticket.assignee, t) }));
    if (ticket.microsoft) lines.push(t('list.microsoft', { caseNumber: escapeText(ticket.microsoft.caseNumber, LIMITS.caseNumber) }));
    if (ticket.rating) lines.push(t('list.rated', { score: ticket.rating.score }));
    const buttons = o.canReopen(ticket)
      ? [{ title: t('actions.reopenNumber', { number: ticket.number }), verb: 'ticket.reopen', data: actionData(doc) }]
      : [];
    return { heading: t('list.heading', { number: ticket.number, status: t(`status.${status}`) }), lines, buttons };
  });
  return renderCard('tickets/list', {
    ...noticeData(o.notice),
    title: t('list.title'),
    intro: docs.length === 0 ? t('list.none') : '',
    items,
    footer: t('list.footer', { days: o.reopenWindowDays }),
  });
}

/** The staff queue: open tickets, most urgent first. */
export function queueCard(
  docs: Versioned<Ticket>[],
  statusOf: (t: Ticket) => TicketStatus,
  t: TFunction,
  o: CardClock & { max?: number; hasMore?: boolean },
): AdaptiveCard {
  const max = o.max ?? 25;
  const items = docs.slice(0, max).map((doc) => {
    const ticket = doc.value;
    const status = statusOf(ticket);
    return {
      heading: t('queue.heading', {
        number: ticket.number,
        priority: t(`priority.${ticket.priority}`),
        customer: escapeText(ticket.customerName, 80),
      }),
      lines: [
        t('queue.line', { status: statusText(ticket, status, t), sla: slaText(ticket, status, t, o) }),
        askedText(ticket, t, 120).text,
      ],
      buttons: [],
    };
  });
  return renderCard('tickets/list', {
    notice: '',
    noticeColor: 'Default',
    // With `hasMore` the caller read only the first page: the total is not known, the tab has the rest.
    title: o.hasMore ? t('queue.titleFirst', { count: Math.min(docs.length, max) }) : t('queue.title', { count: docs.length }),
    intro: docs.length === 0 ? t('queue.empty') : '',
    items,
    footer: [
      o.hasMore ? t('queue.moreInTab') : docs.length > max ? t('queue.more', { count: docs.length - max }) : '',
      docs.length > 0 ? t('queue.hint') : '',
    ]
      .filter(Boolean)
      .join(' '),
  });
}
