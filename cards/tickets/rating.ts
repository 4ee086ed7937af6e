/**
 * The customer's card after resolving: the resolution, a rating (1–5 with a comment) and reopen
 * within the window. Once rated it is a read-only thank-you showing the rating, with one
 * correction offered while the policy allows it (RATING_CHANGE_MS).
 */
import type { TFunction } from 'i18next';
import { LIMITS, Rating, Ticket } from '../../bot/tickets/domain/model';
import { mayChangeRating, ratingChangeUntil } from '../../bot/tickets/domain/policy';
import { Versioned } from '../../bot/platform/store/types';
import { AdaptiveCard, escapeText, renderCard } from '../render';
import { actionData, CustomerCardOptions, formatWhen, noticeData, personName } from './format';

function ratingLines(r: Rating, t: TFunction, o: CustomerCardOptions): string[] {
  const lines = [
    r.comment
      ? t('rating.yoursWithComment', { score: r.score, comment: escapeText(r.comment, LIMITS.comment) })
      : t('rating.yours', { score: r.score }),
  ];
  if (r.changedFrom !== undefined) lines.push(t('rating.changedFrom', { previous: r.changedFrom }));
  const until = ratingChangeUntil(r);
  if (until && mayChangeRating(r, o.now)) lines.push(t('rating.changeHint', { when: formatWhen(until.toISOString(), o) }));
  return lines;
}

/** Told after resolving: the resolution, then the rating form, or once rated, the rating (read-only). */
export function ratingCard(doc: Versioned<Ticket>, t: TFunction, o: CustomerCardOptions & { canReopen: boolean }): AdaptiveCard {
  const ticket = doc.value;
  const rating = ticket.rating;
  const lines = [t('rating.resolvedBy', { number: ticket.number, name: personName(ticket.assignee, t), partner: o.partner })];
  if (ticket.resolution) lines.push(t('rating.resolution', { text: escapeText(ticket.resolution, LIMITS.resolution) }));
  if (rating) lines.push(...ratingLines(rating, t, o));
  if (o.canReopen) lines.push(t('rating.reopenHint', { days: o.reopenWindowDays }));
  return renderCard('tickets/rating', {
    ...noticeData(o.notice),
    title: rating ? t('rating.thanksTitle', { number: ticket.number }) : t('rating.title', { number: ticket.number }),
    lines,
    form: !rating,
    canChange: rating !== null && mayChangeRating(rating, o.now),
    question: t('rating.question'),
    ratingLabel: t('rating.label'),
    ratingDefault: rating ? String(rating.score) : '',
    ratingError: t('validation.rating'),
    choices: [5, 4, 3, 2, 1].map((n) => ({ value: String(n), title: t(`rating.choice${n}`) })),
    commentLabel: t('rating.comment'),
    commentMax: LIMITS.comment,
    commentDefault: rating?.comment ?? '',
    submit: t('rating.submit'),
    change: t('rating.change'),
    changeSubmit: t('rating.changeSubmit'),
    reopen: t('actions.reopen'),
    canReopen: o.canReopen,
    ref: actionData(doc),
  });
}
