import { createHash } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { Collection, ConflictError, PreconditionFailedError } from '../store/types';

/** How one bot state item is stored in the 'botstate' collection. */
export interface BotStateDoc {
  /** The botbuilder key ("msteams/conversations/<id>/"), kept because the document id is its hash. */
  key: string;
  /** The item without its eTag: the store's etag is the eTag. */
  state: Record<string, unknown>;
}

/**
 * The document id (and partition) for a botbuilder key. Keys are long and full of '/' and ':',
 * which Cosmos ids forbid; a hash keeps ids short and valid on any store, one partition per key.
 */
export function botStateId(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('base64url');
}

/**
 * botbuilder Storage on the embedded store's 'botstate' collection, with MemoryStorage's eTag
 * rules: eTag '*' or none overwrites; any other eTag writes only over that version of the item
 * (or when the item is gone) and otherwise rejects with PreconditionFailedError.
 */
export class SqliteStorage implements Storage {
  constructor(private readonly docs: Collection<BotStateDoc>) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    const found = await Promise.all(keys.map(async (key) => ({ key, doc: await this.docs.get(botStateId(key), botStateId(key)) })));
    for (const { key, doc } of found) {
      if (doc) items[key] = { ...doc.value.state, eTag: doc.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const entries = Object.entries(changes as Record<string, Record<string, unknown>>);
    await Promise.all(entries.map(([key, item]) => this.writeOne(key, item)));
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    await Promise.all(keys.map((key) => this.docs.delete(botStateId(key), botStateId(key))));
  }

  private async writeOne(key: string, item: Record<string, unknown>): Promise<void> {
    const { eTag, ...state } = item;
    const id = botStateId(key);
    const doc: BotStateDoc = { key, state };
    if (typeof eTag !== 'string' || eTag === '' || eTag === '*') {
      await this.docs.upsert(id, id, doc);
      return;
    }
    try {
      await this.docs.replace(id, id, doc, eTag);
    } catch (err) {
      if (!(err instanceof PreconditionFailedError)) throw err;
      // A changed item is a conflict; a missing one is written, as MemoryStorage does.
      if (await this.docs.get(id, id)) throw new PreconditionFailedError('botstate', key);
      try {
        await this.docs.create(id, id, doc);
      } catch (createErr) {
        if (createErr instanceof ConflictError) throw new PreconditionFailedError('botstate', key);
        throw createErr;
      }
    }
  }
}
