/**
 * The index of tickets with something left to deliver: one small document per such ticket, all in
 * one partition (`jobs`, pk `outbox`), so the delivery sweep reads one partition instead of
 * querying every tenant's tickets. On SQLite that is a range of the primary key; on Cosmos DB a
 * single-partition query (the partition key is always indexed).
 *
 * The ticket document stays the truth; a marker only says "look at this ticket". A marker
 * without work is harmless (the delivery finds nothing and removes it); work without a marker
 * must not happen, so:
 * - every write that leaves a ticket needing delivery upserts the marker first, on every attempt
 *   of its conditional write (a writer that dies in between leaves a marker, not lost work);
 * - a delivery reads the marker's version before its own final write, and removes the marker
 *   only if that write left nothing to deliver and the marker is still at the version it read.
 *   A writer that got in after the delivery's write upserted the marker after that read, so the
 *   removal fails (or its upsert comes after the removal): the marker survives either way.
 */
import { ConflictError, PreconditionFailedError, Store, Versioned } from '../platform/store/types';
import { TicketRef } from './domain/model';

const PK = 'outbox';

/** The stored marker. `due`: epoch ms from which the sweep should look at the ticket again. */
export interface PendingMarker {
  tenantId: string;
  id: string;
  due: number;
}

export class PendingDeliveries {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    /**
     * How long after a change the sweep leaves the ticket to the instance that made it (which
     * schedules the delivery itself at once); after that, any instance's sweep takes it up.
     */
    private readonly graceMs = 30_000,
  ) {}

  private get docs() {
    return this.store.collection<PendingMarker>('jobs');
  }

  private idOf(ref: TicketRef): string {
    return `${ref.tenantId}.${ref.id}`;
  }

  /** Marks a ticket as owing delivery (by this instance now, by the sweep after the grace time). */
  async mark(ref: TicketRef): Promise<void> {
    await this.docs.upsert(PK, this.idOf(ref), { tenantId: ref.tenantId, id: ref.id, due: this.now() + this.graceMs });
  }

  /** The marker as it is now (its etag guards a later removal). */
  read(ref: TicketRef): Promise<Versioned<PendingMarker> | undefined> {
    return this.docs.get(PK, this.idOf(ref));
  }

  /**
   * After a delivery round: removes the marker when nothing is left, else moves its due time,
   * both only if nobody marked the ticket since `seen` was read.
   */
  async settle(ref: TicketRef, seen: Versioned<PendingMarker> | undefined, left: { pending: boolean; due: number }): Promise<void> {
    try {
      if (!left.pending) {
        if (seen) await this.docs.delete(PK, seen.id, seen.etag);
        return;
      }
      const value = { tenantId: ref.tenantId, id: ref.id, due: left.due };
      if (seen) await this.docs.replace(PK, seen.id, value, seen.etag);
      else await this.docs.create(PK, this.idOf(ref), value);
    } catch (err) {
      // Someone marked it meanwhile: their marker stands.
      if (!(err instanceof PreconditionFailedError) && !(err instanceof ConflictError)) throw err;
    }
  }

  /** Tickets to look at: all marked ones, or only those due by now. */
  async list(options: { all?: boolean } = {}): Promise<TicketRef[]> {
    const now = this.now();
    const docs = await this.docs.find(PK);
    return docs.filter((d) => options.all || d.value.due <= now).map((d) => ({ tenantId: d.value.tenantId, id: d.value.id }));
  }
}
