/**
 * Which customers may have a ticket waiting on their answer: one small marker per (tenant,
 * requester) in the `jobs` collection (partition `waiting:<tenant>`), so that a customer's message
 * — every one of them asks "is a ticket waiting on me?" — is a point read instead of a query over
 * the tenant's tickets.
 *
 * The ticket stays the truth; a marker only says "look". A marker without a waiting ticket is
 * harmless (the look finds none and removes it); a waiting ticket without a marker must not
 * happen, so:
 * - every write that leaves a ticket waiting on the customer upserts the marker first, on every
 *   attempt of its conditional write;
 * - a look that finds no waiting ticket removes the marker only when it is older than
 *   SETTLE_MS (a writer marks a moment before it writes the ticket) and still at the version read
 *   (a writer that marked again since keeps it).
 * Stores written before markers existed are indexed once (`index`), at start-up.
 */
import { createHash } from 'node:crypto';
import { ConflictError, NotFoundError, PreconditionFailedError, Store, Versioned } from '../platform/store/types';

/** The stored marker: when it was last set (epoch ms). */
export interface WaitingMarker {
  kind: 'waiting';
  at: number;
}

interface IndexedFlag {
  kind: 'waitingIndexed';
  at: number;
}

/** A marker younger than this may belong to a ticket write still under way: it is not removed. */
export const SETTLE_MS = 60_000;
const FLAG_PK = 'waiting';
const FLAG_ID = 'indexed';

export class WaitingIndex {
  /** Whether markers can be trusted here: the store was indexed (by this instance or another). */
  private indexed = false;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  private get docs() {
    return this.store.collection<WaitingMarker>('jobs');
  }

  private place(tenantId: string, requesterKey: string): { pk: string; id: string } {
    return { pk: `waiting:${tenantId}`, id: createHash('sha256').update(requesterKey).digest('hex').slice(0, 40) };
  }

  /** True once every waiting ticket is known to have its marker. */
  get ready(): boolean {
    return this.indexed;
  }

  /** Marks a requester as maybe having a ticket waiting on them (before the ticket is written). */
  async mark(tenantId: string, requesterKey: string): Promise<void> {
    const { pk, id } = this.place(tenantId, requesterKey);
    await this.docs.upsert(pk, id, { kind: 'waiting', at: this.now() });
  }

  /** The requester's marker, if any: no marker (once `ready`) means no ticket waits on them. */
  async read(tenantId: string, requesterKey: string): Promise<Versioned<WaitingMarker> | undefined> {
    const { pk, id } = this.place(tenantId, requesterKey);
    return this.docs.get(pk, id);
  }

  /** After a look found no waiting ticket: removes the marker if it is settled and unchanged. */
  async settle(marker: Versioned<WaitingMarker>): Promise<void> {
    if (this.now() - marker.value.at < SETTLE_MS) return;
    try {
      await this.docs.delete(marker.pk, marker.id, marker.etag);
    } catch (err) {
      // Marked again meanwhile: that marker stands.
      if (!(err instanceof PreconditionFailedError) && !(err instanceof NotFoundError)) throw err;
    }
  }

  /**
   * Makes sure every waiting ticket has a marker: once per store (a flag document records it),
   * marking the requesters of `waitingTickets()` (read only when the flag is missing).
   */
  async index(waitingTickets: () => Promise<{ tenantId: string; requesterKey: string }[]>): Promise<void> {
    const flags = this.store.collection<IndexedFlag>('jobs');
    if (!(await flags.get(FLAG_PK, FLAG_ID))) {
      for (const t of await waitingTickets()) await this.mark(t.tenantId, t.requesterKey);
      try {
        await flags.create(FLAG_PK, FLAG_ID, { kind: 'waitingIndexed', at: this.now() });
      } catch (err) {
        // Another instance indexed at the same time: both marked the same tickets.
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    this.indexed = true;
  }
}
