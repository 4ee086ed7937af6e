/** The ticket's audit trail: every attempt, refused ones too, bounded so the document stays small. */
import { Actor, AuditEntry, AuditOutcome, clip, LIMITS, RefusalReason, Ticket } from './model';

export function auditEntry(
  now: Date,
  actor: Actor,
  action: string,
  outcome: AuditOutcome,
  reason?: RefusalReason,
  detail?: AuditEntry['detail'],
): AuditEntry {
  const by: AuditEntry['by'] = { kind: actor.kind, id: actor.id };
  if ('name' in actor && actor.name) by.name = clip(actor.name, LIMITS.name);
  if ('tenantId' in actor) by.tenantId = actor.tenantId;
  return {
    at: now.toISOString(),
    action,
    outcome,
    by,
    ...(reason ? { reason } : {}),
    ...(detail && Object.keys(detail).length > 0 ? { detail } : {}),
  };
}

/** Appends an audit entry; past the bound, the oldest refused entries go first, then the oldest. */
export function withAudit(t: Ticket, entry: AuditEntry): Ticket {
  const audit = [...t.audit, entry];
  let dropped = t.auditDropped;
  while (audit.length > LIMITS.auditKept) {
    const i = audit.findIndex((a) => a.outcome !== 'done');
    audit.splice(i >= 0 ? i : 0, 1);
    dropped++;
  }
  // Only the audit moves: an audit-only write does not change the ticket's revision or card.
  return { ...t, audit, auditDropped: dropped };
}

/** Whether a ticket still has something to deliver. */
export function needsSync(t: Ticket): boolean {
  return t.outbox.length > 0 || (t.thread !== null && t.thread.syncedRevision < t.revision);
}
