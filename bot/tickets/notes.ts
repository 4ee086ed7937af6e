/** The notes a ticket's changes post in its channel thread, in the partner's language (user text escaped). */
import type { TFunction } from 'i18next';
import { escapeText } from '../../cards/render';
import { MAX_MESSAGE_CHARS } from '../platform/limits';
import { LIMITS, OutboxItem, Ticket } from './domain/model';

/** The text of a thread note; undefined when what it was about is gone (nothing to post). */
export function threadNoteText(tt: TFunction, t: Ticket, item: Extract<OutboxItem, { kind: 'threadNote' }>): string | undefined {
  const m = item.messageId ? t.messages.find((x) => x.id === item.messageId) : undefined;
  const requester = t.requester.name ? escapeText(t.requester.name, LIMITS.name) : tt('card.theCustomer');
  switch (item.note) {
    case 'customerMessage':
      if (!m) return undefined;
      return tt('note.customerMessage', { number: t.number, name: requester, text: escapeText(m.text, MAX_MESSAGE_CHARS) });
    case 'agentReply':
      if (!m) return undefined;
      return tt('note.agentReply', {
        number: t.number,
        name: m.by.name ? escapeText(m.by.name, LIMITS.name) : m.by.id,
        text: escapeText(m.text, LIMITS.message),
      });
    case 'rated':
      if (!t.rating) return undefined;
      return t.rating.comment
        ? tt('note.ratedWithComment', { number: t.number, score: t.rating.score, comment: escapeText(t.rating.comment, LIMITS.comment) })
        : tt('note.rated', { number: t.number, score: t.rating.score });
    case 'ratingChanged': {
      const r = t.rating;
      if (!r || r.changedFrom === undefined) return undefined;
      const base = { number: t.number, previous: r.changedFrom, score: r.score };
      return r.comment
        ? tt('note.ratingChangedWithComment', { ...base, comment: escapeText(r.comment, LIMITS.comment) })
        : tt('note.ratingChanged', base);
    }
    case 'reopenedByCustomer':
      return tt('note.reopenedByCustomer', { number: t.number, name: requester });
  }
}
