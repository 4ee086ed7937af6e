/** What the ticket handlers share: who acts, which ticket a card names, and how refusals read and log. */
import { AdaptiveCardInvokeResponse } from 'botbuilder';
import type { TFunction } from 'i18next';
import { Notice } from '../../../cards/tickets/format';
import { ActionData, cardResponse } from '../../cardActions';
import { Deps } from '../../deps';
import { ErrorKey, errorCode } from '../../platform/errors';
import { isGuid } from '../../platform/ids';
import { Versioned } from '../../platform/store/types';
import { noticeCard } from '../../platform/teams/cardMessage';
import { Turn } from '../../turn';
import { Actor, RefusalReason, Ticket, TicketRef } from '../domain/model';
import { parseTicketNumber, TICKET_ID } from '../domain/numbering';
import type { RefusalLogged } from '../service';
import { ticketsT } from '../views';

/** The tickets namespace in the turn's language. */
export function tt(deps: Deps, turn: Turn): TFunction {
  return ticketsT(deps, turn.lang);
}

/** Who is acting, as the ticket domain sees it. */
export function actorOf(turn: Turn): Actor {
  const name = turn.name ? { name: turn.name } : {};
  if (turn.who.kind === 'staff') return { kind: 'staff', id: turn.userKey, roles: turn.who.roles, ...name };
  if (turn.who.kind === 'customer') return { kind: 'customer', tenantId: turn.tenantId, id: turn.userKey, ...name };
  return { kind: 'unknown', tenantId: turn.tenantId, id: turn.userKey, ...name };
}

export function rolesOf(turn: Turn): readonly string[] {
  return turn.who.kind === 'staff' ? turn.who.roles : [];
}

/** Finds the ticket a card action names: by tenant and id (our cards), or by number. */
export async function ticketOf(deps: Deps, data: ActionData): Promise<Versioned<Ticket> | 'bad' | undefined> {
  const { tenantId, ticketId } = data;
  if (typeof tenantId === 'string' && typeof ticketId === 'string') {
    if (!isGuid(tenantId) || !TICKET_ID.test(ticketId)) return 'bad';
    return deps.tickets.get({ tenantId, id: ticketId });
  }
  const number = parseTicketNumber(data.number ?? data.ticketNumber ?? data.ticket ?? data.ticketId);
  if (number === undefined) return 'bad';
  return deps.tickets.byNumber(number);
}

export function refOf(doc: Versioned<Ticket>): TicketRef {
  return { tenantId: doc.pk, id: doc.id };
}

export function notice(text: string, tone: Notice['tone'] = 'attention'): Notice {
  return { text, tone };
}

/**
 * A plain refusal card, for when there is no ticket view to show: customers of another tenant,
 * unknown tenants, or staff when the ticket could not be found.
 */
export function plainRefusal(deps: Deps, turn: Turn, key = 'refusal.forbidden'): AdaptiveCardInvokeResponse {
  const t = tt(deps, turn);
  return cardResponse(noticeCard(t('refusal.title'), [t(key)]));
}

/** What the user reads for a refusal the service decided. */
export function refusalText(t: TFunction, reason: RefusalReason, doc: Versioned<Ticket>, reopenWindowDays: number): string {
  if (reason === 'reopenWindowOver') return t('refusal.reopenWindowOverLong', { number: doc.value.number, days: reopenWindowDays });
  if (reason === 'alreadyRated') return t('refusal.alreadyRatedLong', { number: doc.value.number, score: doc.value.rating?.score ?? '' });
  const holder = doc.value.assignee?.name ?? doc.value.assignee?.id ?? '';
  return t(`refusal.${reason}Long`, { number: doc.value.number, holder, days: '' });
}

/** The catalog code each refusal is logged with (the user reads the tickets namespace's text). */
export const REFUSAL_CODES: Record<RefusalReason, ErrorKey> = {
  notFound: 'TICKET_NOT_FOUND',
  forbidden: 'TICKET_FORBIDDEN',
  notOpen: 'TICKET_NOT_OPEN',
  heldByOther: 'TICKET_HELD_BY_OTHER',
  notResolved: 'TICKET_NOT_RESOLVED',
  reopenWindowOver: 'TICKET_REOPEN_WINDOW_OVER',
  notWaitingOnCustomer: 'TICKET_NOT_WAITING_ON_CUSTOMER',
  invalid: 'TICKET_INVALID',
  conflict: 'TICKET_CONFLICT',
  alreadyRated: 'TICKET_ALREADY_RATED',
};

/** Logs a refused ticket verb with its catalog code. */
export function logRefused(deps: Deps, turn: Turn, verb: string, reason: RefusalReason, number?: number): void {
  deps.log.info({
    code: errorCode(REFUSAL_CODES[reason]),
    event: 'ticket.refused',
    verb,
    reason,
    by: turn.userKey,
    ...(number !== undefined ? { number } : {}),
    correlationId: turn.correlationId,
  });
}

/**
 * Logs a refusal from outside the ticket's parties, counted in the security log rather than the
 * ticket's audit: a coded warning (another one when even the security log could not be written).
 */
export function logOutsider(deps: Deps, turn: Turn, verb: string, number: number, logged: RefusalLogged): void {
  const fields = {
    event: 'ticket.outsiderRefused',
    verb,
    number,
    by: turn.userKey,
    kind: turn.who.kind,
    tenantId: turn.tenantId,
    correlationId: turn.correlationId,
  };
  deps.log.warn({ code: errorCode('TICKET_OUTSIDER_REFUSED'), ...fields });
  if (logged === 'lost') deps.log.warn({ code: errorCode('TICKET_SECURITY_LOG_FAILED'), ...fields, event: 'ticket.securityLogFailed' });
}
