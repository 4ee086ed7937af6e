/**
 * The customer's latest question, kept beside their tickets (same `tickets` collection and
 * partition, id prefix `q-`, no ticket fields, so no ticket query matches it): a ticket asked for
 * in words ("talk to a person") starts from what the customer had asked, not from those words.
 */
import { createHash } from 'node:crypto';
import { Store } from '../platform/store/types';
import { clip, LIMITS } from './domain/model';

/** The stored document; its shape and id are the stored format: keep them. */
export interface RecentQuestion {
  kind: 'recentQuestion';
  text: string;
  at: string;
}

export class RecentQuestions {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  private get coll() {
    return this.store.collection<RecentQuestion>('tickets');
  }

  private idOf(requesterKey: string): string {
    return `q-${createHash('sha256').update(requesterKey).digest('hex').slice(0, 40)}`;
  }

  /** Remembers what a customer last asked (overwriting the previous question). */
  async remember(tenantId: string, requesterKey: string, text: string): Promise<void> {
    const value: RecentQuestion = { kind: 'recentQuestion', text: clip(text, LIMITS.question), at: this.now().toISOString() };
    await this.coll.upsert(tenantId, this.idOf(requesterKey), value);
  }

  /** The customer's latest question if it is recent enough. */
  async recent(tenantId: string, requesterKey: string, maxAgeMs: number): Promise<string | undefined> {
    const doc = await this.coll.get(tenantId, this.idOf(requesterKey));
    if (!doc || doc.value.kind !== 'recentQuestion') return undefined;
    return this.now().getTime() - Date.parse(doc.value.at) <= maxAgeMs ? doc.value.text : undefined;
  }
}
