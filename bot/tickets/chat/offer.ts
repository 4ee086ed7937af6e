/** The offer of a person (after "not helpful", or when no answer fits): when a person will answer, and a button that opens the ticket. */
import { randomUUID } from 'node:crypto';
import { TurnContext } from 'botbuilder';
import { AdaptiveCard } from '../../../cards/render';
import { offerCard } from '../../../cards/tickets/offer';
import { Deps } from '../../deps';
import { MAX_MESSAGE_CHARS } from '../../platform/limits';
import { cardMessage } from '../../platform/teams/cardMessage';
import { Turn } from '../../turn';
import { priorityFor } from '../domain/priority';
import { PersonRequest, TicketDraft } from '../domain/request';
import { cardClock } from '../views';
import { tt } from './common';

/** The offer card for a draft: the priority it would get and when a person would answer. */
export function offerTicketCard(turn: Turn, deps: Deps, draft: TicketDraft): AdaptiveCard {
  const customer = turn.who.kind === 'customer' ? turn.who.customer : undefined;
  const priority = priorityFor({
    customerStatus: customer?.status ?? null,
    section: draft.section,
    topic: draft.topic,
    question: draft.question,
  });
  const now = deps.tickets.now();
  const p = deps.tickets.promise(priority, now);
  return offerCard(draft, tt(deps, turn), {
    ...cardClock(deps, turn.lang, now),
    partner: deps.partnerName,
    priority,
    dueAt: p.dueAt,
    opensAt: p.opensAt,
    openNow: p.openNow,
  });
}

/** A fresh draft for an offer: its id makes the ticket it opens unique. */
export function newDraft(request: { question?: string; product?: string; topic?: string; section: string | null }): TicketDraft {
  return {
    draftId: `d-${randomUUID()}`,
    question: (request.question ?? '').slice(0, MAX_MESSAGE_CHARS),
    product: request.product ?? '',
    topic: request.topic ?? '',
    section: request.section,
  };
}

/** Sends the offer card: the OfferPerson the answer card's "not helpful" calls. */
export async function offerTicket(context: TurnContext, turn: Turn, deps: Deps, request: PersonRequest): Promise<void> {
  if (turn.who.kind !== 'customer') return;
  await context.sendActivity(cardMessage(offerTicketCard(turn, deps, newDraft(request))));
}
