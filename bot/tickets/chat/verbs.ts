/**
 * The card verbs on an existing ticket (CONTRACT.md), and the Universal Actions refresh. Every
 * verb is authorized on the server by the ticket policy; the service decides and audits.
 */
import { AdaptiveCardInvokeResponse } from 'botbuilder';
import { formatWhen, Notice } from '../../../cards/tickets/format';
import { customerTicketsCard } from '../../../cards/tickets/list';
import { ratingCard } from '../../../cards/tickets/rating';
import { ActionHandler, cardResponse } from '../../cardActions';
import { Deps } from '../../deps';
import { errorCode } from '../../platform/errors';
import { Versioned } from '../../platform/store/types';
import { noticeCard } from '../../platform/teams/cardMessage';
import { Turn } from '../../turn';
import { Command, Ticket } from '../domain/model';
import { canWorkTickets, mayRead, mayUse } from '../domain/policy';
import { cardClock, escalationView } from '../views';
import { parseCommand } from './cardInput';
import { actorOf, logOutsider, logRefused, notice, plainRefusal, refOf, refusalText, rolesOf, ticketOf, tt } from './common';

/** The card verbs a person uses on an existing ticket. */
export type TicketCardVerb = Exclude<Command['verb'], 'customerMessage'>;

const DONE_KEYS: Record<TicketCardVerb, string> = {
  claim: 'done.claim',
  assign: 'done.assign',
  reply: 'done.reply',
  resolve: 'done.resolve',
  reopen: 'done.reopen',
  escalateMicrosoft: 'done.escalateMicrosoft',
  rate: 'done.rate',
};

/** The card a customer sees for their own ticket after a verb (rating form or a notice). */
function customerTicketResponse(deps: Deps, turn: Turn, doc: Versioned<Ticket>, n: Notice): AdaptiveCardInvokeResponse {
  const t = tt(deps, turn);
  const now = deps.tickets.now();
  const status = deps.tickets.effectiveStatus(doc.value, now);
  const options = {
    ...cardClock(deps, turn.lang, now),
    partner: deps.partnerName,
    reopenWindowDays: deps.tickets.options.reopenWindowDays,
    notice: n,
  };
  if (status === 'resolved' || status === 'closed') {
    return cardResponse(ratingCard(doc, t, { ...options, canReopen: deps.tickets.withinReopenWindow(doc.value, now) }));
  }
  return cardResponse(customerTicketsCard([doc], (x) => deps.tickets.effectiveStatus(x, now), t, { ...options, canReopen: () => false }));
}

/** The handler of one card verb on an existing ticket. */
export function ticketVerb(verb: TicketCardVerb): ActionHandler {
  return async (_context, turn, deps, data) => {
    const t = tt(deps, turn);
    const forStaff = turn.who.kind === 'staff';
    const found = await ticketOf(deps, data);
    if (found === 'bad') {
      deps.log.info({ code: errorCode('TICKET_BAD_REF'), event: 'ticket.badRef', verb, correlationId: turn.correlationId });
      return plainRefusal(deps, turn, forStaff ? 'validation.badTicket' : undefined);
    }
    if (!found) {
      deps.log.info({ code: errorCode('TICKET_NOT_FOUND'), event: 'ticket.notFound', verb, correlationId: turn.correlationId });
      return plainRefusal(deps, turn, forStaff ? 'refusal.notFoundLong' : undefined);
    }
    const actor = actorOf(turn);
    const ref = refOf(found);
    const number = found.value.number;
    const view = (doc: Versioned<Ticket>, n: Notice) =>
      forStaff
        ? escalationView(deps, doc, turn.lang, rolesOf(turn), { notice: n }).then(cardResponse)
        : Promise.resolve(customerTicketResponse(deps, turn, doc, n));

    // Who may act is checked before the inputs, so a forged verb is refused (and audited) whatever it carries.
    if (!mayUse(actor, verb, found.value)) {
      const logged = await deps.tickets.refused(found, actor, verb, 'forbidden');
      if (logged === 'audit') logRefused(deps, turn, verb, 'forbidden', number);
      else logOutsider(deps, turn, verb, number, logged);
      if (forStaff) return view(found, notice(t('refusal.forbiddenStaff', { number })));
      return plainRefusal(deps, turn);
    }

    const parsed = await parseCommand(verb, data, t, deps);
    if (!parsed.ok) {
      deps.log.info({ code: errorCode('TICKET_BAD_INPUT'), event: 'ticket.badInput', verb, number, correlationId: turn.correlationId });
      return view(found, notice(parsed.message));
    }
    const result = await deps.tickets.act(ref, actor, parsed.value);
    if (!result.ok) {
      if (result.logged === 'security' || result.logged === 'lost') logOutsider(deps, turn, verb, number, result.logged);
      else logRefused(deps, turn, verb, result.reason, number);
      const current = result.ticket ?? found;
      const msg = refusalText(t, result.reason, current, deps.tickets.options.reopenWindowDays);
      return view(current, notice(msg, result.reason === 'heldByOther' ? 'warning' : 'attention'));
    }
    const done = result.ticket.value;
    deps.log.info({
      event: `ticket.${verb}`,
      number: done.number,
      changed: result.changed,
      by: turn.userKey,
      correlationId: turn.correlationId,
    });
    const corrected = verb === 'rate' && done.rating?.changedFrom !== undefined;
    const doneText = result.changed
      ? t(corrected ? 'done.rateChanged' : DONE_KEYS[verb], {
          previous: done.rating?.changedFrom ?? '',
          number: done.number,
          assignee: done.assignee?.name ?? done.assignee?.id ?? '',
          score: done.rating?.score ?? '',
        })
      : t('done.unchanged', { number: done.number });
    if (!forStaff && verb === 'reopen') {
      const c = cardClock(deps, turn.lang);
      const due = done.sla.dueAt;
      return cardResponse(
        noticeCard(t('done.reopenTitle', { number: done.number }), [
          due
            ? t('confirm.due', { partner: deps.partnerName, when: formatWhen(due, c) })
            : t('confirm.noDue', { partner: deps.partnerName }),
        ]),
      );
    }
    return view(result.ticket, notice(doneText, 'good'));
  };
}

/** Universal Actions refresh (and the "show my actions" button): each person's own view of the card. */
export const refreshTicket: ActionHandler = async (context, turn, deps, data) => {
  const t = tt(deps, turn);
  const found = await ticketOf(deps, data);
  if (found === 'bad' || !found) return plainRefusal(deps, turn, turn.who.kind === 'staff' ? 'refusal.notFoundLong' : undefined);
  if (turn.who.kind === 'staff') {
    const manual = (context.activity.value as { trigger?: unknown } | undefined)?.trigger !== 'automatic';
    const n = !canWorkTickets(turn.who.roles) && manual ? notice(t('refusal.readOnly')) : undefined;
    return cardResponse(await escalationView(deps, found, turn.lang, turn.who.roles, { notice: n }));
  }
  const actor = actorOf(turn);
  if (mayRead(actor, found.value)) return customerTicketResponse(deps, turn, found, notice('', 'default'));
  logOutsider(deps, turn, 'refresh', found.value.number, await deps.tickets.refused(found, actor, 'refresh', 'forbidden'));
  return plainRefusal(deps, turn);
};
