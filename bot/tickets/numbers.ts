/**
 * Ticket numbers from the one counter document (`counters/ticket-number`, `last` = the highest
 * number handed out), shared by every instance.
 *
 * Incrementing the counter once per ticket makes every concurrent creation a writer of the same
 * document: of n at once only one wins each round, so the last needs about n attempts (100 at
 * once took 619 attempts on the test server, and some gave up). Instead each instance takes the
 * numbers it needs in blocks, one counter write at a time: callers that arrive while a block is
 * being taken wait and get the next block, sized to how many of them there are (group commit).
 * So at most one write per instance contends for the counter, however many tickets are opened at
 * once: the retries are bounded by the number of instances, not by the load.
 *
 * Numbers stay unique (a block is taken by a conditional write) and are never handed to two
 * tickets. A number taken for a ticket that was then not written (its creation lost a race to the
 * same draft on another instance) goes back to this instance's spares and is used by its next
 * ticket. Gaps appear only when an instance dies between taking a number and writing the ticket,
 * or stops while holding spares. Across instances numbers follow creation only roughly: two
 * tickets opened within one block fetch of each other may be numbered in either order.
 */
import { ConflictError, PreconditionFailedError, Store, updateWithRetry } from '../platform/store/types';

const PK = 'partner';
const COUNTER_ID = 'ticket-number';
/** The number → ticket index: one small document per number, in one partition, read by id. */
const INDEX_PK = 'ticket-numbers';
/** Most numbers taken in one counter write. */
const MAX_BLOCK = 100;
/** Conditional-write attempts per block; contenders are the other instances' block writes only. */
const BLOCK_ATTEMPTS = 30;

interface Counter {
  last: number;
}

/** Where the ticket with a number lives (written before the ticket; the ticket's own number decides). */
export interface NumberEntry {
  tenantId: string;
  id: string;
}

type Waiter = { resolve: (n: number) => void; reject: (err: unknown) => void };

export class TicketNumbers {
  /** Numbers this instance took and has not used, lowest first. */
  private readonly spare: number[] = [];
  private readonly waiting: Waiter[] = [];
  private fetching = false;
  /** Counter writes that had to be repeated because another instance wrote in between (for the bench). */
  conflicts = 0;
  /** Counter writes done. */
  blocks = 0;

  constructor(private readonly store: Store) {}

  private get counters() {
    return this.store.collection<Counter>('counters');
  }

  /** The next number for a new ticket. */
  take(): Promise<number> {
    const n = this.spare.shift();
    if (n !== undefined) return Promise.resolve(n);
    return new Promise<number>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      void this.fill();
    });
  }

  /** Records which ticket gets `n`, before the ticket is written (so a lookup never misses a written ticket). */
  async index(n: number, entry: NumberEntry): Promise<void> {
    await this.store.collection<NumberEntry>('counters').upsert(INDEX_PK, String(n), entry);
  }

  /** Where the ticket numbered `n` is, by the index; `beyond` when no number that high was handed out yet. */
  async lookup(n: number): Promise<NumberEntry | 'beyond' | undefined> {
    const entry = await this.store.collection<NumberEntry>('counters').get(INDEX_PK, String(n));
    if (entry) return entry.value;
    const counter = await this.counters.get(PK, COUNTER_ID);
    return !counter || n > counter.value.last ? 'beyond' : undefined;
  }

  /** A number taken but not given to a ticket: the next ticket of this instance gets it. */
  giveBack(n: number): void {
    const next = this.waiting.shift();
    if (next) return next.resolve(n);
    const at = this.spare.findIndex((x) => x > n);
    this.spare.splice(at < 0 ? this.spare.length : at, 0, n);
  }

  private async fill(): Promise<void> {
    if (this.fetching) return;
    this.fetching = true;
    try {
      while (this.waiting.length > 0) {
        const count = Math.min(this.waiting.length, MAX_BLOCK);
        const first = await this.reserve(count);
        for (let i = 0; i < count; i++) this.giveBack(first + i);
      }
    } catch (err) {
      for (const w of this.waiting.splice(0)) w.reject(err);
    } finally {
      this.fetching = false;
    }
  }

  /** Takes `count` numbers from the counter; returns the first. */
  private async reserve(count: number): Promise<number> {
    this.blocks++;
    if (!(await this.counters.get(PK, COUNTER_ID))) {
      try {
        await this.counters.create(PK, COUNTER_ID, { last: count });
        return 1;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    let first = 0;
    let tries = 0;
    const doc = await updateWithRetry(
      this.counters,
      PK,
      COUNTER_ID,
      (c) => {
        if (tries++ > 0) this.conflicts++;
        first = c.last + 1;
        return { last: c.last + count };
      },
      BLOCK_ATTEMPTS,
    );
    if (!doc) throw new PreconditionFailedError('counters', COUNTER_ID);
    return first;
  }
}
