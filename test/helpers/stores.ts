import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CosmosOptions, CosmosStore } from '../../bot/platform/store/cosmos';
import { SqliteStore } from '../../bot/platform/store/sqlite';
import type { Store } from '../../bot/platform/store/types';
import { startCosmosServer } from './cosmosServer';

/** A store opened for one test, with what is needed to reach the same data another way. */
export interface OpenedStore {
  store: Store;
  /** SQLite: the DATA_DIR holding the file. */
  dataDir?: string;
  /** Cosmos: endpoint, key and the database this store created. */
  cosmos?: Required<CosmosOptions>;
  /** Closes the store and removes its data (temp folder, or the whole in-memory server). */
  cleanup(): Promise<void>;
}

export interface StoreKind {
  name: Store['kind'];
  open(): Promise<OpenedStore>;
}

/** A fresh temp folder for DATA_DIR; remove it with `rmSync(dir, { recursive: true, force: true })`. */
export function tempDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'helpdesk-store-'));
}

async function openSqlite(): Promise<OpenedStore> {
  const dataDir = tempDataDir();
  const store = new SqliteStore(dataDir);
  return {
    store,
    dataDir,
    async cleanup() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function openCosmos(): Promise<OpenedStore> {
  const server = await startCosmosServer();
  // A unique database name too: botbuilder-azure caches containers per "database-container" name
  // for the whole process, so a reused name would reach a server that is already gone.
  const cosmos = { endpoint: server.endpoint, key: server.key, database: `test-${randomUUID()}` };
  try {
    const store = await CosmosStore.open(cosmos);
    return {
      store,
      cosmos,
      async cleanup() {
        await store.close();
        await server.close();
      },
    };
  } catch (err) {
    await server.close();
    throw err;
  }
}

/** Both store implementations, for `describe.each(storeKinds)` suites that every store must pass. */
export const storeKinds: StoreKind[] = [
  { name: 'sqlite', open: openSqlite },
  { name: 'cosmos', open: openCosmos },
];
