/**
 * The security log: refused attempts on tickets from outside the ticket's parties (another
 * tenant, an unknown tenant, a customer who is not the requester, staff without a ticket role).
 * They are not written into the ticket, where they could crowd out its real history; instead one
 * bounded entry per sender and window counts them by verb. Pure: the service stores the entries.
 */
import { Actor, clip, LIMITS } from './model';

/** One entry per sender per this long. */
export const SECURITY_WINDOW_MS = 60 * 60_000;
/** Distinct ticket numbers an entry names; the rest are only counted. */
export const SECURITY_TICKETS_KEPT = 20;
/** Distinct verbs an entry counts by name; more (never, with today's verbs) count as `other`. */
export const SECURITY_VERBS_KEPT = 16;

export interface SecuritySender {
  kind: Actor['kind'];
  id: string;
  tenantId?: string;
  name?: string;
}

export interface SecurityEntry {
  sender: SecuritySender;
  windowStart: string;
  windowEnd: string;
  firstSeen: string;
  lastSeen: string;
  /** Refused attempts in the window. */
  total: number;
  /** Refused attempts by verb. */
  verbs: Record<string, number>;
  /** Ticket numbers targeted (first SECURITY_TICKETS_KEPT distinct ones). */
  tickets: number[];
  /** Targets beyond those kept. */
  ticketsOmitted: number;
}

export function senderOf(actor: Actor): SecuritySender {
  const s: SecuritySender = { kind: actor.kind, id: clip(actor.id, LIMITS.name) };
  if ('tenantId' in actor) s.tenantId = actor.tenantId;
  if ('name' in actor && actor.name) s.name = clip(actor.name, LIMITS.name);
  return s;
}

/** Where an actor's entries are partitioned: their tenant, or the partner for staff and the bot. */
export function securityPartition(actor: Actor): string {
  return 'tenantId' in actor ? actor.tenantId : 'partner';
}

/** The start of the window `now` falls in. */
export function securityWindow(now: Date): Date {
  return new Date(Math.floor(now.getTime() / SECURITY_WINDOW_MS) * SECURITY_WINDOW_MS);
}

/** The entry after one more refused attempt (a new entry when there is none for the window). */
export function countRefusal(
  current: SecurityEntry | undefined,
  actor: Actor,
  verb: string,
  ticket: number | undefined,
  now: Date,
): SecurityEntry {
  const start = securityWindow(now);
  const at = now.toISOString();
  const e: SecurityEntry = current
    ? { ...current, verbs: { ...current.verbs }, tickets: [...current.tickets] }
    : {
        sender: senderOf(actor),
        windowStart: start.toISOString(),
        windowEnd: new Date(start.getTime() + SECURITY_WINDOW_MS).toISOString(),
        firstSeen: at,
        lastSeen: at,
        total: 0,
        verbs: {},
        tickets: [],
        ticketsOmitted: 0,
      };
  e.total++;
  if (at > e.lastSeen) e.lastSeen = at;
  if (at < e.firstSeen) e.firstSeen = at;
  const key = verb in e.verbs || Object.keys(e.verbs).length < SECURITY_VERBS_KEPT ? verb : 'other';
  e.verbs[key] = (e.verbs[key] ?? 0) + 1;
  if (ticket !== undefined && !e.tickets.includes(ticket)) {
    if (e.tickets.length < SECURITY_TICKETS_KEPT) e.tickets.push(ticket);
    else e.ticketsOmitted++;
  }
  return e;
}
