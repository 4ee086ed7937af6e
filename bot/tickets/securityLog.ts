/**
 * The security log in the store (`security` collection): one document per sender per window,
 * counting refused attempts from outside a ticket's parties. What an entry is lives in
 * domain/securityLog.ts.
 */
import { createHash } from 'node:crypto';
import { ConflictError, PreconditionFailedError, Store, updateWithRetry, Versioned } from '../platform/store/types';
import { Actor } from './domain/model';
import { countRefusal, securityPartition, securityWindow, SecurityEntry } from './domain/securityLog';

const WRITE_ATTEMPTS = 30;

export class SecurityLog {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  private get coll() {
    return this.store.collection<SecurityEntry>('security');
  }

  /** The entry's id: the sender (hashed: ids come from outside) and the window. */
  private idOf(actor: Actor, now: Date): string {
    const who = 'tenantId' in actor ? `${actor.kind}|${actor.tenantId}|${actor.id}` : `${actor.kind}||${actor.id}`;
    const hash = createHash('sha256').update(who).digest('hex').slice(0, 32);
    return `${hash}-${securityWindow(now).getTime()}`;
  }

  /** Counts one refused attempt; undefined when the write lost every retry (the caller logs it). */
  async record(actor: Actor, verb: string, ticket: number | undefined): Promise<Versioned<SecurityEntry> | undefined> {
    const now = this.now();
    const pk = securityPartition(actor);
    const id = this.idOf(actor, now);
    if (!(await this.coll.get(pk, id))) {
      try {
        return await this.coll.create(pk, id, countRefusal(undefined, actor, verb, ticket, now));
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    try {
      return await updateWithRetry(this.coll, pk, id, (e) => countRefusal(e, actor, verb, ticket, now), WRITE_ATTEMPTS);
    } catch (err) {
      if (err instanceof PreconditionFailedError) return undefined;
      throw err;
    }
  }

  /** The entries of a sender's partition (their tenant, or `partner`), for support and tests. */
  async entries(pk: string): Promise<Versioned<SecurityEntry>[]> {
    return this.coll.find(pk);
  }
}
