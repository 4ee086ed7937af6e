/**
 * Delivery bookkeeping in the ticket document: what a delivery round leaves (items done, retried
 * or given up). Who delivers a ticket is decided by a lease in the store (bot/platform/jobs);
 * the ticket's own `lease` field is from earlier builds and is only cleared here.
 */
import { auditEntry, needsSync, withAudit } from './audit';
import { ChannelThread, OutboxItem, Ticket } from './model';

/** Attempts before an outbox item is given up (and the giving up audited). */
const OUTBOX_MAX_ATTEMPTS = 10;

/** What a delivery round achieved. */
export interface DeliveryResult {
  done: string[];
  /** Failed deliveries: retried at retryAt, or given up at once when permanent (e.g. nowhere to send). */
  failed: { id: string; error: string; retryAt: string; permanent?: boolean }[];
  thread?: ChannelThread;
  syncedRevision?: number;
  adminsTold?: boolean;
}

/** The ticket after a delivery round by `holder`: outbox settled, thread and sync recorded. */
export function afterDelivery(t: Ticket, holder: string, result: DeliveryResult, now: Date): Ticket {
  const at = now.toISOString();
  const gaveUp: OutboxItem[] = [];
  const failures: string[] = [];
  const outbox: OutboxItem[] = [];
  for (const item of t.outbox) {
    if (result.done.includes(item.id)) continue;
    const failed = result.failed.find((f) => f.id === item.id);
    if (!failed) {
      outbox.push(item);
      continue;
    }
    const attempts = item.attempts + 1;
    if (attempts >= OUTBOX_MAX_ATTEMPTS || failed.permanent) {
      gaveUp.push(item);
      failures.push(failed.error);
    } else outbox.push({ ...item, attempts, notBefore: failed.retryAt });
  }
  const thread = t.thread ?? result.thread ?? null;
  const synced = Math.max(thread?.syncedRevision ?? 0, result.syncedRevision ?? 0);
  const next: Ticket = {
    ...t,
    outbox,
    thread: thread ? { ...thread, syncedRevision: synced } : null,
    adminsToldAt: t.adminsToldAt ?? (result.adminsTold ? at : null),
    lease: t.lease?.by === holder ? null : t.lease,
  };
  next.needsSync = needsSync(next);
  return gaveUp.reduce(
    (out, item, i) =>
      withAudit(
        out,
        auditEntry(now, { kind: 'system', id: holder }, 'delivery', 'refused', undefined, {
          kind: item.kind,
          gaveUp: true,
          error: failures[i].slice(0, 200),
        }),
      ),
    next,
  );
}
