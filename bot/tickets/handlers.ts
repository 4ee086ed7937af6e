/**
 * Tickets in the conversation, as the router wires them: the card verbs (CONTRACT.md, plus
 * `ticket.refresh` for the Universal Actions refresh and `ticket.list`), the staff commands, the
 * customer-text intercepts, and the offer of a person the answer card calls.
 */
import { ActionHandler, StaffHandler } from '../cardActions';
import { createTicket, listTickets } from './chat/open';
import { queueCommand, setupEscalationsCommand, ticketCommand } from './chat/staffCommands';
import { refreshTicket, ticketVerb } from './chat/verbs';

export { offerTicket } from './chat/offer';
export { TICKET_PHRASES } from './chat/phrases';

export type TicketVerb =
  | 'ticket.create'
  | 'ticket.claim'
  | 'ticket.assign'
  | 'ticket.reply'
  | 'ticket.resolve'
  | 'ticket.reopen'
  | 'ticket.escalateMicrosoft'
  | 'ticket.rate'
  | 'ticket.refresh'
  | 'ticket.list';

/** The card verbs of tickets, for the router's action table. */
export const TICKET_ACTIONS: Record<TicketVerb, ActionHandler> = {
  'ticket.create': createTicket,
  'ticket.claim': ticketVerb('claim'),
  'ticket.assign': ticketVerb('assign'),
  'ticket.reply': ticketVerb('reply'),
  'ticket.resolve': ticketVerb('resolve'),
  'ticket.reopen': ticketVerb('reopen'),
  'ticket.escalateMicrosoft': ticketVerb('escalateMicrosoft'),
  'ticket.rate': ticketVerb('rate'),
  'ticket.refresh': refreshTicket,
  'ticket.list': listTickets,
};

/** The staff commands of tickets, by command id (bot/commands.ts). */
export const TICKET_COMMANDS: { queue: StaffHandler; ticket: StaffHandler; setupEscalations: StaffHandler } = {
  queue: queueCommand,
  ticket: ticketCommand,
  setupEscalations: setupEscalationsCommand,
};
