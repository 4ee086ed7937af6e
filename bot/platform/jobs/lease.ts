/**
 * Leases in the store: one owner at a time for a named piece of background work (ticket delivery
 * of a conversation, a reminder campaign's sender, the daily ladder), across every instance that
 * shares the store. A lease is one document in the `jobs` collection, taken and renewed by
 * ETag-conditional writes, and it expires by itself when its owner dies. The owner renews it
 * while it works (every third of its time to live) and stops working as soon as a renewal fails.
 */
import { Clock, systemClock } from '../clock';
import { ConflictError, PreconditionFailedError, Store, Versioned } from '../store/types';

/** The stored lease. `epoch` grows by one each time the lease changes hands. */
export interface LeaseDoc {
  name: string;
  owner: string;
  /** Epoch milliseconds after which anyone may take it. 0 = released. */
  until: number;
  epoch: number;
}

/** All leases live in one partition: there are few of them and they are read by id. */
const PK = 'lease';

export const DEFAULT_LEASE_MS = 30_000;

/** One instance's view of the leases: `owner` names this instance (unique per process). */
export class Leases {
  constructor(
    private readonly store: Store,
    readonly owner: string,
    private readonly clock: Clock,
    readonly ttlMs = DEFAULT_LEASE_MS,
  ) {}

  private get docs() {
    return this.store.collection<LeaseDoc>('jobs');
  }

  /** Takes the lease when it is free, expired or already ours; undefined when another owner holds it. */
  async tryAcquire(name: string): Promise<Lease | undefined> {
    const now = this.clock.now();
    const current = await this.docs.get(PK, name);
    try {
      if (!current) {
        const created = await this.docs.create(PK, name, { name, owner: this.owner, until: now + this.ttlMs, epoch: 1 });
        return new Lease(this, created);
      }
      const v = current.value;
      if (v.owner !== this.owner && v.until > now) return undefined;
      const epoch = v.owner === this.owner && v.until > now ? v.epoch : v.epoch + 1;
      const taken = await this.docs.replace(PK, name, { name, owner: this.owner, until: now + this.ttlMs, epoch }, current.etag);
      return new Lease(this, taken);
    } catch (err) {
      if (err instanceof ConflictError || err instanceof PreconditionFailedError) return undefined;
      throw err;
    }
  }

  /** Who holds `name` now, if anyone (for status and tests). */
  async holder(name: string): Promise<LeaseDoc | undefined> {
    const doc = await this.docs.get(PK, name);
    return doc && doc.value.until > this.clock.now() ? doc.value : undefined;
  }

  /** @internal */
  async write(name: string, value: LeaseDoc, etag: string): Promise<Versioned<LeaseDoc> | undefined> {
    try {
      return await this.docs.replace(PK, name, value, etag);
    } catch (err) {
      if (err instanceof PreconditionFailedError) return undefined;
      throw err;
    }
  }

  /** @internal Deletes the lease document when it is still at `etag` (a lease named after one-off work). */
  async remove(name: string, etag: string): Promise<void> {
    try {
      await this.docs.delete(PK, name, etag);
    } catch (err) {
      if (!(err instanceof PreconditionFailedError)) throw err;
    }
  }

  /** @internal */
  now(): number {
    return this.clock.now();
  }

  /** @internal A renewal's wait: on the system clock it does not keep the process alive by itself. */
  sleep(ms: number): Promise<void> {
    if (this.clock !== systemClock) return this.clock.sleep(ms);
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());
  }
}

/** A lease this instance holds. */
export class Lease {
  private lost = false;
  /** Callers of untilHeld() waiting for the renewal in progress. */
  private waiting: (() => void)[] = [];

  constructor(
    private readonly leases: Leases,
    private doc: Versioned<LeaseDoc>,
  ) {}

  get name(): string {
    return this.doc.value.name;
  }

  get epoch(): number {
    return this.doc.value.epoch;
  }

  /**
   * True while the lease is surely ours: not lost and with at least a third of its time left
   * (the margin covers a write that was started just before it would have expired).
   */
  held(): boolean {
    return !this.lost && this.doc.value.until - this.leases.now() > this.leases.ttlMs / 3;
  }

  /** True once the lease is lost for good (another owner took it, or it was released). */
  get isLost(): boolean {
    return this.lost;
  }

  /**
   * Resolves true as soon as the lease is surely ours (at once, or when a late renewal lands: a slow
   * store write on a loaded machine), false once it is lost. Work waits on this before an outside
   * effect instead of giving up while a renewal is merely late.
   */
  async untilHeld(): Promise<boolean> {
    while (!this.held()) {
      if (this.lost) return false;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    return true;
  }

  /** Extends the lease; false (and lost for good) when another owner took it meanwhile or the write failed. */
  async renew(): Promise<boolean> {
    try {
      if (this.lost) return false;
      const next = { ...this.doc.value, until: this.leases.now() + this.leases.ttlMs };
      const written = await this.leases.write(this.name, next, this.doc.etag).catch(() => undefined);
      if (!written) {
        this.lost = true;
        return false;
      }
      this.doc = written;
      return true;
    } finally {
      for (const wake of this.waiting.splice(0)) wake();
    }
  }

  /**
   * Gives the lease up so another instance can take it at once. `forget` deletes its document
   * instead (leases named after one-off work, e.g. one ticket's delivery, would otherwise pile up).
   */
  async release(forget = false): Promise<void> {
    if (this.lost) return;
    this.lost = true;
    for (const wake of this.waiting.splice(0)) wake();
    if (forget) await this.leases.remove(this.name, this.doc.etag);
    else await this.leases.write(this.name, { ...this.doc.value, until: 0 }, this.doc.etag);
  }
}

/**
 * Runs `work` while holding lease `name`, renewing it every third of its time to live. `signal`
 * aborts when the lease is lost (a renewal failed), so the work stops before another owner starts;
 * the work should also check `lease.held()` before each outside effect. Returns false without
 * running when another instance holds the lease. `forget`: delete the lease document afterwards.
 */
export async function whileHolding(
  leases: Leases,
  name: string,
  work: (lease: Lease, signal: AbortSignal) => Promise<void>,
  options: { forget?: boolean } = {},
): Promise<boolean> {
  const lease = await leases.tryAcquire(name);
  if (!lease) return false;
  const controller = new AbortController();
  let done = false;
  let finished!: () => void;
  const stopped = new Promise<void>((resolve) => (finished = resolve));
  const renewing = (async () => {
    while (!done) {
      await Promise.race([leases.sleep(leases.ttlMs / 3), stopped]);
      if (done) break;
      const ok = await lease.renew();
      if (!ok) {
        controller.abort();
        break;
      }
    }
  })();
  try {
    await work(lease, controller.signal);
  } finally {
    done = true;
    finished();
    await renewing;
    await lease.release(options.forget).catch(() => undefined);
  }
  return true;
}
