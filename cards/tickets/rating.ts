/** The customer's card after resolving: the resolution, a rating and reopen within the window. */
import type { TFunction } from 'i18next';
import { LIMITS, Ticket } from '../../bot/tickets/domain/model';
import { Versioned } from '../../bot/platform/store/types';
import { AdaptiveCard, escapeText, renderCard } from '../render';
import { actionData, CustomerCardOptions, noticeData, personName } from './format';

/** Told after resolving: the resolution, a rating (1–5 with a comment) and reopen within the window. */
export function ratingCard(doc: Versioned<Ticket>, t: TFunction, o: CustomerCardOptions & { canReopen: boolean }): AdaptiveCard {
  const ticket = doc.value;
  const lines = [t('rating.resolvedBy', { number: ticket.number, name: personName(ticket.assignee, t), partner: o.partner })];
  if (ticket.resolution) lines.push(t('rating.resolution', { text: escapeText(ticket.resolution, LIMITS.resolution) }));
  if (o.canReopen) lines.push(t('rating.reopenHint', { days: o.reopenWindowDays }));
  return renderCard('tickets/rating', {
    ...noticeData(o.notice),
    title: t('rating.title', { number: ticket.number }),
    lines,
    question: t('rating.question'),
    ratingLabel: t('rating.label'),
    ratingDefault: ticket.rating ? String(ticket.rating.score) : '',
    ratingError: t('validation.rating'),
    choices: [5, 4, 3, 2, 1].map((n) => ({ value: String(n), title: t(`rating.choice${n}`) })),
    commentLabel: t('rating.comment'),
    commentMax: LIMITS.comment,
    commentDefault: ticket.rating?.comment ?? '',
    submit: t('rating.submit'),
    reopen: t('actions.reopen'),
    canReopen: o.canReopen,
    ref: actionData(doc),
  });
}
