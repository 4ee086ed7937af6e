/** What every verb's decision sees, and the one way a decision changes a ticket. */
import { auditEntry, withAudit } from '../audit';
import { Actor, AuditEntry, OutboxDraft, OutboxItem, PersonRef, RefusalReason, Ticket, TicketStatus } from '../model';
import { SlaRules, slaOnStatus } from '../sla';

/** The rules a decision applies: SLA clock and targets, and the reopen window (support terms). */
export interface DecideRules extends SlaRules {
  /** Days after resolving in which the customer may reopen. */
  reopenWindowDays: number;
}

/** Refused (audited; `lost` when it lost a race to someone else), or the next ticket (undefined: nothing to change). */
export type Decision = { refuse: RefusalReason; lost?: boolean } | { next: Ticket | undefined };

export interface DecisionContext {
  t: Ticket;
  actor: Actor;
  /** The ticket's status as people see it now (resolved past the window is closed). */
  status: TicketStatus;
  /** The actor as the ticket records people. */
  person: PersonRef;
  now: Date;
  at: string;
  /** New ids for messages and outbox items (random in the service; fixed in tests if wanted). */
  newId: () => string;
  rules: DecideRules;
}

/** A repeat of the same reply by the same agent within this long is a retry, not a second message. */
export const REPEAT_MS = 2 * 60_000;

export const UNCHANGED: Decision = { next: undefined };

/**
 * The ticket after a change: SLA moved with the status, the outbox items it owes, a new
 * revision (the card shows it) and the audit entry of what was done.
 */
export function change(
  c: DecisionContext,
  action: string,
  next: Partial<Ticket>,
  detail: AuditEntry['detail'],
  outbox: OutboxDraft[] = [],
): Decision {
  const { t, at, now } = c;
  const merged: Ticket = { ...t, ...next };
  if (merged.status !== t.status) merged.sla = slaOnStatus({ ...t, sla: merged.sla }, merged.status, now, c.rules);
  merged.slaDueAt = merged.sla.dueAt;
  merged.outbox = [...t.outbox, ...outbox.map((o): OutboxItem => ({ ...o, id: c.newId(), at, attempts: 0 }))];
  merged.revision = t.revision + 1;
  merged.needsSync = true;
  merged.updatedAt = at;
  const entry = auditEntry(now, c.actor, action, 'done', undefined, {
    ...(merged.status !== t.status ? { fromStatus: t.status, toStatus: merged.status } : {}),
    ...detail,
  });
  return { next: withAudit(merged, entry) };
}
