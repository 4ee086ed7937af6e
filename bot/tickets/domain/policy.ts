/**
 * Who may do what with a ticket, written once: the service enforces it on every change and the
 * handlers and cards use it to decide which buttons to show.
 */
import type { Role } from '../../roles/service';
import { Actor, isOpenStatus, Rating, Ticket, TicketStatus, Verb } from './model';

/** Roles that may work tickets. */
export const TICKET_ROLES: readonly Role[] = ['helpdesk-agent', 'admin'];

/** Verbs only partner staff with a ticket role may use (reopen too, when staff reopen). */
const AGENT_VERBS: readonly Verb[] = ['claim', 'assign', 'reply', 'resolve', 'escalateMicrosoft'];
/** Verbs only the ticket's holder (or anyone while nobody holds it) may use. */
const HOLDER_VERBS: readonly Verb[] = ['reply', 'resolve', 'escalateMicrosoft'];

const DAY_MS = 86_400_000;
/** After rating, the customer may correct the rating once within this long; then it is final. */
export const RATING_CHANGE_MS = DAY_MS;

export function canWorkTickets(roles: readonly string[]): boolean {
  return roles.some((r) => (TICKET_ROLES as readonly string[]).includes(r));
}

/** Whether a verb is the agents' (checked against roles) rather than the customer's (checked against the tenant). */
export function isAgentVerb(verb: Verb, actor: Pick<Actor, 'kind'>): boolean {
  return AGENT_VERBS.includes(verb) || (verb === 'reopen' && actor.kind === 'staff');
}

/** What the policy reads of a ticket to know its parties. */
export type TicketParties = Pick<Ticket, 'tenantId' | 'requesterKey'>;

/** The customer side of a ticket is its requester alone: colleagues in the same tenant are not parties. */
export function isRequester(actor: Actor, t: TicketParties): boolean {
  return actor.kind === 'customer' && actor.tenantId === t.tenantId && actor.id === t.requesterKey;
}

/**
 * Whether an actor may use a verb on a ticket at all: agents' verbs need a ticket role; the
 * customer's verbs (rate, answering, reopening their own) need the ticket's requester.
 */
export function mayUse(actor: Actor, verb: Verb, t: TicketParties): boolean {
  if (isAgentVerb(verb, actor)) return actor.kind === 'staff' && canWorkTickets(actor.roles);
  return isRequester(actor, t);
}

/** Whether an actor may see a ticket's content (question, messages, resolution): partner staff and the requester. */
export function mayRead(actor: Actor, t: TicketParties): boolean {
  return actor.kind === 'staff' || actor.kind === 'system' || isRequester(actor, t);
}

/**
 * The ticket's parties: its requester, partner staff with a ticket role, and the bot itself. Their
 * refused attempts belong in the ticket's audit; anyone else's go to the security log.
 */
export function isParty(actor: Actor, t: TicketParties): boolean {
  return actor.kind === 'system' || isRequester(actor, t) || (actor.kind === 'staff' && canWorkTickets(actor.roles));
}

/**
 * Working a ticket someone else holds is refused (they claim or are assigned it first): so of a
 * claim racing a resolve, a reply or an escalation exactly one wins.
 */
export function heldByOther(t: Ticket, actor: Pick<Actor, 'id'>, verb: Verb, status: TicketStatus): boolean {
  return HOLDER_VERBS.includes(verb) && t.assignee !== null && t.assignee.id !== actor.id && isOpenStatus(status);
}

/** Whether the customer may still reopen a resolved ticket (the support terms' reopen window). */
export function withinReopenWindow(t: Ticket, now: Date, reopenWindowDays: number): boolean {
  if (!t.resolvedAt) return false;
  return now.getTime() - Date.parse(t.resolvedAt) <= reopenWindowDays * DAY_MS;
}

/** The ticket's status as a person sees it: resolved tickets past the reopen window are closed. */
export function effectiveStatus(t: Ticket, now: Date, reopenWindowDays: number): TicketStatus {
  if (t.status === 'resolved' && !withinReopenWindow(t, now, reopenWindowDays)) return 'closed';
  return t.status;
}

/** The buttons an escalation card offers: none read-only; for agents, by the ticket's state. */
export function agentButtons(agent: boolean, t: Ticket, status: TicketStatus): { claim: boolean; work: boolean; reopen: boolean } {
  const open = status !== 'resolved' && status !== 'closed';
  return { claim: agent && open && !t.assignee, work: agent && open, reopen: agent && !open };
}

/** Until when a rating may still be corrected (once); undefined when it is final. */
export function ratingChangeUntil(r: Rating): Date | undefined {
  if (r.changedAt) return undefined;
  return new Date(Date.parse(r.at) + RATING_CHANGE_MS);
}

/** Whether the customer may still correct their rating now. */
export function mayChangeRating(r: Rating, now: Date): boolean {
  const until = ratingChangeUntil(r);
  return until !== undefined && now.getTime() <= until.getTime();
}
