/**
 * Who may do what with a ticket, written once: the service enforces it on every change and the
 * handlers and cards use it to decide which buttons to show.
 */
import type { Role } from '../../roles/service';
import { Actor, isOpenStatus, Ticket, TicketStatus, Verb } from './model';

/** Roles that may work tickets. */
export const TICKET_ROLES: readonly Role[] = ['helpdesk-agent', 'admin'];

/** Verbs only partner staff with a ticket role may use (reopen too, when staff reopen). */
const AGENT_VERBS: readonly Verb[] = ['claim', 'assign', 'reply', 'resolve', 'escalateMicrosoft'];
/** Verbs only the ticket's holder (or anyone while nobody holds it) may use. */
const HOLDER_VERBS: readonly Verb[] = ['reply', 'resolve', 'escalateMicrosoft'];

const DAY_MS = 86_400_000;

export function canWorkTickets(roles: readonly string[]): boolean {
  return roles.some((r) => (TICKET_ROLES as readonly string[]).includes(r));
}

/** Whether a verb is the agents' (checked against roles) rather than the customer's (checked against the tenant). */
export function isAgentVerb(verb: Verb, actor: Pick<Actor, 'kind'>): boolean {
  return AGENT_VERBS.includes(verb) || (verb === 'reopen' && actor.kind === 'staff');
}

/**
 * Whether an actor may use a verb on a ticket of `tenantId` at all: agents' verbs need a ticket
 * role; the customer's verbs (rate, answering, reopening their own) need the ticket's tenant.
 */
export function mayUse(actor: Actor, verb: Verb, tenantId: string): boolean {
  if (isAgentVerb(verb, actor)) return actor.kind === 'staff' && canWorkTickets(actor.roles);
  return actor.kind === 'customer' && actor.tenantId === tenantId;
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
