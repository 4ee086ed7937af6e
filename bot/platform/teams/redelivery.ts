import { createHash } from 'node:crypto';
import { Clock } from '../clock';
import { ConflictError, PreconditionFailedError, Store } from '../store/types';

/** One marker per delivered message id or recent question (in the 'counters' collection, per conversation). */
interface Seen {
  kind: 'seen';
  /** When it was first seen, in ms since the epoch of the app's clock. */
  at: number;
}

/** A copy of the same text from the same person in the same conversation within this window is Teams redelivering it. */
export const SAME_TEXT_WINDOW_MS = 60_000;
/** Markers older than this are removed: Teams retries within minutes, not days. */
const KEEP_MS = 24 * 60 * 60 * 1000;
/** Old markers removed per sweep, so cleanup work stays small and bounded. */
const SWEEP_BATCH = 20;
/**
 * One message in this many sweeps its conversation (chosen by the activity id's digest, so evenly
 * and without state): a sweep is a query over the conversation's markers (a few dozen), and
 * removing up to SWEEP_BATCH markers every eighth message still removes them faster than a
 * message adds them (two: its id and its question).
 */
const SWEEP_EVERY = 8;

/**
 * Recognises messages Teams delivers twice: by activity id (always the same copy) and, for a short
 * window, by text (a retry after a timeout may carry a new id). Markers live in the store, so the
 * check holds across instances and restarts; creating them is conditional, so of concurrent
 * copies exactly one is first.
 */
export class RedeliveryGuard {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  private get coll() {
    return this.store.collection<Seen>('counters');
  }

  /** True for the first delivery of this activity id in this conversation, false for a copy. */
  async firstDelivery(conversationId: string, activityId: string): Promise<boolean> {
    const pk = partition(conversationId);
    const id = digest(activityId);
    try {
      await this.coll.create(pk, `id:${id}`, { kind: 'seen', at: this.clock.now() });
    } catch (err) {
      if (err instanceof ConflictError) return false;
      throw err;
    }
    if (parseInt(id.slice(0, 4), 16) % SWEEP_EVERY === 0) await this.sweep(pk);
    return true;
  }

  /** Forgets a delivery whose turn failed, so Teams' retry of it is processed. */
  async forget(conversationId: string, activityId: string): Promise<void> {
    await this.coll.delete(partition(conversationId), `id:${digest(activityId)}`);
  }

  /**
   * True unless this is a copy of a question seen in this conversation within SAME_TEXT_WINDOW_MS:
   * same person, same text, and the same client timestamp when the activity has one (a copy keeps
   * the time the person sent it; asking again on purpose is a new message with a new time).
   */
  async freshQuestion(conversationId: string, userKey: string, text: string, sentAt?: string): Promise<boolean> {
    const pk = partition(conversationId);
    const id = `text:${digest(`${userKey}\n${sentAt ?? ''}\n${text.trim().toLowerCase()}`)}`;
    const now = this.clock.now();
    try {
      // Most questions are new: try to create the marker first, and read only when it exists.
      await this.coll.create(pk, id, { kind: 'seen', at: now });
      return true;
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
    const existing = await this.coll.get(pk, id);
    try {
      if (!existing) await this.coll.create(pk, id, { kind: 'seen', at: now });
      else if (now - existing.value.at < SAME_TEXT_WINDOW_MS) return false;
      else await this.coll.replace(pk, id, { kind: 'seen', at: now }, existing.etag);
    } catch (err) {
      // Another copy got there first.
      if (err instanceof ConflictError || err instanceof PreconditionFailedError) return false;
      throw err;
    }
    return true;
  }

  private async sweep(pk: string): Promise<void> {
    const oldest = await this.coll.find(pk, { orderBy: { field: 'at' }, limit: SWEEP_BATCH });
    const cutoff = this.clock.now() - KEEP_MS;
    for (const doc of oldest) {
      if (doc.value.at >= cutoff) break;
      // A marker rewritten meanwhile is still in use; the next sweep looks again.
      await this.coll.delete(pk, doc.id, doc.etag).catch(() => false);
    }
  }
}

function partition(conversationId: string): string {
  return `seen:${conversationId}`;
}

/** Ids and texts are hashed: fixed-length keys, and no message text stored in the clear. */
function digest(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 40);
}
