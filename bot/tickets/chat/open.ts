/** Opening a ticket (the offer card's button or typed words), and the customer's list of their tickets. */
import { TurnContext } from 'botbuilder';
import { AdaptiveCard } from '../../../cards/render';
import { customerTicketsCard } from '../../../cards/tickets/list';
import { confirmationLines } from '../../../cards/tickets/offer';
import { ActionHandler, cardResponse } from '../../cardActions';
import { Deps } from '../../deps';
import { errorCode } from '../../platform/errors';
import { noticeCard } from '../../platform/teams/cardMessage';
import { Turn } from '../../turn';
import { Ticket } from '../domain/model';
import { mayRead } from '../domain/policy';
import { TicketDraft } from '../domain/request';
import { cardClock } from '../views';
import { parseDraft } from './cardInput';
import { actorOf, logRefused, plainRefusal, tt } from './common';

/** Opens (or finds again) the customer's ticket for a draft; the confirmation card to send. */
export async function openTicket(
  context: TurnContext,
  turn: Turn,
  deps: Deps,
  draft: TicketDraft,
  source: 'offer' | 'typed',
): Promise<AdaptiveCard> {
  if (turn.who.kind !== 'customer') throw new Error('only customers open tickets');
  const a = context.activity;
  const { ticket, created } = await deps.tickets.open({
    tenantId: turn.tenantId,
    customerName: turn.who.customer.name,
    customerStatus: turn.who.customer.status ?? null,
    requester: {
      id: turn.userKey,
      ...(turn.name ? { name: turn.name } : {}),
      ...(typeof a.from?.id === 'string' ? { channelUserId: a.from.id } : {}),
      conversationReference: TurnContext.getConversationReference(a) as Record<string, unknown>,
    },
    draftKey: draft.draftId,
    requestId: typeof a.id === 'string' ? a.id : undefined,
    source,
    question: draft.question,
    product: draft.product || null,
    topic: draft.topic || null,
    section: draft.section,
    locale: turn.lang,
  });
  deps.log.info({
    event: created ? 'ticket.created' : 'ticket.createRepeated',
    number: ticket.value.number,
    source,
    correlationId: turn.correlationId,
  });
  const now = deps.tickets.now();
  const { title, lines } = confirmationLines(ticket, tt(deps, turn), {
    ...cardClock(deps, turn.lang, now),
    partner: deps.partnerName,
    opensAt: deps.tickets.options.clock.nextOpening(now),
    openNow: deps.tickets.options.clock.isOpen(now),
  });
  return noticeCard(title, lines);
}

/** `ticket.create`: the offer card's button. */
export const createTicket: ActionHandler = async (context, turn, deps, data) => {
  if (turn.who.kind !== 'customer') {
    logRefused(deps, turn, 'create', 'forbidden');
    return plainRefusal(deps, turn, turn.who.kind === 'unknown' ? 'refusal.unknownTenant' : 'refusal.forbidden');
  }
  const draft = parseDraft(data);
  if (!draft) {
    deps.log.info({ code: errorCode('TICKET_BAD_DRAFT'), event: 'ticket.badDraft', correlationId: turn.correlationId });
    return plainRefusal(deps, turn, 'validation.draft');
  }
  // An offer made for typed words ("talk to a person", the welcome's button) keeps that source.
  return cardResponse(await openTicket(context, turn, deps, draft, draft.draftId.startsWith('msg:') ? 'typed' : 'offer'));
};

/** The customer's own tickets, newest first, with reopen where the window allows. */
export async function myTicketsCard(turn: Turn, deps: Deps): Promise<AdaptiveCard> {
  const actor = actorOf(turn);
  // Found by requester already; the policy is still the one word on who may read a ticket.
  const docs = (await deps.tickets.mine(turn.tenantId, turn.userKey, 10)).filter((d) => mayRead(actor, d.value));
  const now = deps.tickets.now();
  const status = (x: Ticket) => deps.tickets.effectiveStatus(x, now);
  return customerTicketsCard(docs, status, tt(deps, turn), {
    ...cardClock(deps, turn.lang, now),
    partner: deps.partnerName,
    reopenWindowDays: deps.tickets.options.reopenWindowDays,
    canReopen: (x) => status(x) === 'resolved',
  });
}

/** "My tickets" as a card action (e.g. a button on the welcome card). */
export const listTickets: ActionHandler = async (_context, turn, deps) => {
  if (turn.who.kind !== 'customer') return plainRefusal(deps, turn);
  return cardResponse(await myTicketsCard(turn, deps));
};
