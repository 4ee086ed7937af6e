/** The customer's offer of a person and the confirmation of the ticket it opened. */
import type { TFunction } from 'i18next';
import type { Priority } from '../../bot/knowledge/terms';
import { Ticket } from '../../bot/tickets/domain/model';
import { TicketDraft } from '../../bot/tickets/domain/request';
import { Versioned } from '../../bot/platform/store/types';
import { MAX_MESSAGE_CHARS } from '../../bot/platform/limits';
import { AdaptiveCard, renderCard } from '../render';
import { CardClock, formatWhen } from './format';

/**
 * The offer of a person: when someone will answer, the customer's question prefilled in a short
 * description they may edit or leave empty, and a button that opens the ticket.
 */
export function offerCard(
  draft: TicketDraft,
  t: TFunction,
  o: CardClock & { partner: string; priority: Priority; dueAt: Date; opensAt?: Date; openNow: boolean },
): AdaptiveCard {
  return renderCard('tickets/offer', {
    title: t('offer.title'),
    lines: [
      t('offer.body', { partner: o.partner }),
      availabilityLine(t, o),
      t('offer.due', { when: formatWhen(o.dueAt, o), priority: t(`priority.${o.priority}`) }),
    ],
    // An input's value is not markdown: the customer's words go in as they are, to be edited.
    describe: t('offer.describe'),
    placeholder: t('offer.placeholder'),
    description: draft.question,
    maxLength: MAX_MESSAGE_CHARS,
    button: t('offer.button'),
    draft,
  });
}

function availabilityLine(t: TFunction, o: CardClock & { opensAt?: Date; openNow: boolean }): string {
  if (o.openNow) return t('availability.openNow');
  if (o.opensAt) return t('availability.opensAt', { when: formatWhen(o.opensAt, o) });
  return t('availability.unknown');
}

/** The customer's confirmation of a ticket: its number and when a person will answer. */
export function confirmationLines(
  doc: Versioned<Ticket>,
  t: TFunction,
  o: CardClock & { partner: string; opensAt?: Date; openNow: boolean },
): { title: string; lines: string[] } {
  const ticket = doc.value;
  const lines = [
    ticket.sla.dueAt
      ? t('confirm.due', { partner: o.partner, when: formatWhen(ticket.sla.dueAt, o) })
      : t('confirm.noDue', { partner: o.partner }),
    availabilityLine(t, o),
    t('confirm.priority', { priority: t(`priority.${ticket.priority}`) }),
    t('confirm.follow'),
  ];
  return { title: t('confirm.title', { number: ticket.number }), lines };
}
