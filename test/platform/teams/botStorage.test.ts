/**
 * Bot state storage (conversation, user and dialog state) on both stores: SqliteStorage on the
 * SQLite file, botbuilder-azure's CosmosDbPartitionedStorage on the in-process Cosmos server.
 */
import { CosmosClient } from '@azure/cosmos';
import { Activity, ConversationState, Storage, StoreItems, TestAdapter, TurnContext } from 'botbuilder';
import { CosmosDbPartitionedStorage } from 'botbuilder-azure';
import { BOT_STATE_CONTAINER, botStateId, createBotStorage, SqliteStorage } from '../../../bot/platform/teams/botState';
import { CosmosStore } from '../../../bot/platform/store/cosmos';
import { SqliteStore } from '../../../bot/platform/store/sqlite';
import { Store } from '../../../bot/platform/store/types';
import { startCosmosServer } from '../../helpers/cosmosServer';
import { OpenedStore, storeKinds } from '../../helpers/stores';

const CONVERSATION = 'msteams/conversations/a:1Hkq7d1-ZgW1vDlPgIXu3gDzU9DEMxQ5bBNs_aVFqKkH9eO2HfOpL8tQq-xYz5TcW0cJmRn3uA/';
const USER = `msteams/users/29:1${'x'.repeat(300)}/`;

/** Reopens the same data as a new process would: a new store object and a new bot storage. */
async function reopen(opened: OpenedStore): Promise<{ store: Store; storage: Storage }> {
  const store = opened.dataDir ? new SqliteStore(opened.dataDir) : await CosmosStore.open(opened.cosmos!);
  return { store, storage: await createBotStorage(store, opened.cosmos) };
}

function withoutETag(items: StoreItems): StoreItems {
  return Object.fromEntries(Object.entries(items).map(([k, { eTag: _eTag, ...rest }]) => [k, rest]));
}

describe.each(storeKinds)('bot storage on the $name store', (kind) => {
  let opened: OpenedStore;
  let storage: Storage;

  beforeEach(async () => {
    opened = await kind.open();
    storage = await createBotStorage(opened.store, opened.cosmos);
  });

  afterEach(async () => {
    await opened.cleanup();
  });

  it('is the implementation made for that store', () => {
    expect(storage).toBeInstanceOf(kind.name === 'sqlite' ? SqliteStorage : CosmosDbPartitionedStorage);
  });

  it('reads back what was written, with an eTag, under long Teams keys; missing keys are left out', async () => {
    const conversation = {
      dialogState: { dialogStack: [{ id: 'ticket', state: { step: 2, note: 'Faturam iki kez kesildi — ığüşöç İ' } }] },
    };
    const user = { locale: 'tr-TR', seen: [1, 2, 3] };
    await storage.write({ [CONVERSATION]: conversation, [USER]: user });
    const items = await storage.read([CONVERSATION, USER, 'msteams/conversations/none/']);
    expect(Object.keys(items).sort()).toEqual([CONVERSATION, USER].sort());
    expect(withoutETag(items)).toEqual({ [CONVERSATION]: conversation, [USER]: user });
    expect(items[CONVERSATION].eTag).toEqual(expect.any(String));
    expect(items[CONVERSATION].eTag).not.toBe('');
    expect(await storage.read([])).toEqual({});
  });

  it('overwrites on eTag "*" or no eTag', async () => {
    await storage.write({ [CONVERSATION]: { n: 1 } });
    await storage.write({ [CONVERSATION]: { n: 2, eTag: '*' } });
    expect(withoutETag(await storage.read([CONVERSATION]))).toEqual({ [CONVERSATION]: { n: 2 } });
    await storage.write({ [CONVERSATION]: { n: 3 } });
    expect(withoutETag(await storage.read([CONVERSATION]))).toEqual({ [CONVERSATION]: { n: 3 } });
  });

  it('writes with the current eTag, and rejects a stale one keeping the newer item', async () => {
    await storage.write({ [CONVERSATION]: { n: 1 } });
    const first = (await storage.read([CONVERSATION]))[CONVERSATION];
    await storage.write({ [CONVERSATION]: { ...first, n: 2 } });
    const second = (await storage.read([CONVERSATION]))[CONVERSATION];
    expect(second.n).toBe(2);
    expect(second.eTag).not.toBe(first.eTag);
    await expect(storage.write({ [CONVERSATION]: { ...first, n: 99 } })).rejects.toThrow(Error);
    expect((await storage.read([CONVERSATION]))[CONVERSATION]).toEqual(second);
  });

  it('deletes the given keys, and deleting missing keys is no error', async () => {
    await storage.write({ [CONVERSATION]: { n: 1 }, [USER]: { n: 2 } });
    await storage.delete([CONVERSATION, 'msteams/conversations/none/']);
    expect(withoutETag(await storage.read([CONVERSATION, USER]))).toEqual({ [USER]: { n: 2 } });
  });

  it('keeps conversation state across a restart (new store and storage on the same data)', async () => {
    const activity: Partial<Activity> = {
      type: 'message',
      channelId: 'msteams',
      conversation: { id: 'a:1Hkq7d1-ZgW1vDlPgIXu3gDzU9DEMxQ5bBNs', isGroup: false, conversationType: 'personal', name: '' },
      from: { id: '29:1user', name: 'Ayşe' },
      recipient: { id: '28:bot', name: 'Billing Help Desk' },
    };
    const before = new ConversationState(storage);
    const step = before.createProperty<{ step: number; topic: string }>('ticketFlow');
    const turn1 = new TurnContext(new TestAdapter(), activity);
    await step.set(turn1, { step: 3, topic: 'Fatura itirazı' });
    await before.saveChanges(turn1);

    const restarted = await reopen(opened);
    try {
      const after = new ConversationState(restarted.storage);
      const turn2 = new TurnContext(new TestAdapter(), activity);
      expect(await after.createProperty('ticketFlow').get(turn2)).toEqual({ step: 3, topic: 'Fatura itirazı' });
    } finally {
      await restarted.store.close();
    }
  });
});

describe('SqliteStorage specifics', () => {
  let opened: OpenedStore;

  beforeEach(async () => {
    opened = await storeKinds.find((k) => k.name === 'sqlite')!.open();
  });

  afterEach(async () => {
    await opened.cleanup();
  });

  it('stores each key as one botstate document with a short, Cosmos-safe id', async () => {
    await (await createBotStorage(opened.store)).write({ [USER]: { locale: 'en-US', eTag: '*' } });
    const docs = await opened.store.collection('botstate').find(undefined);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ id: botStateId(USER), pk: botStateId(USER), value: { key: USER, state: { locale: 'en-US' } } });
    expect(docs[0].id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(botStateId(CONVERSATION)).not.toBe(botStateId(USER));
  });

  it('writes an item that is gone even with an eTag, as MemoryStorage does', async () => {
    const storage = await createBotStorage(opened.store);
    await storage.write({ [CONVERSATION]: { n: 1 } });
    const read = (await storage.read([CONVERSATION]))[CONVERSATION];
    await storage.delete([CONVERSATION]);
    await storage.write({ [CONVERSATION]: { ...read, n: 2 } });
    expect(withoutETag(await storage.read([CONVERSATION]))).toEqual({ [CONVERSATION]: { n: 2 } });
  });

  it('rejects a stale eTag with a coded error that names the key', async () => {
    const storage = await createBotStorage(opened.store);
    await storage.write({ [CONVERSATION]: { n: 1 } });
    const stale = (await storage.read([CONVERSATION]))[CONVERSATION];
    await storage.write({ [CONVERSATION]: { n: 2 } });
    const write = storage.write({ [CONVERSATION]: { ...stale, n: 3 } });
    await expect(write).rejects.toMatchObject({ code: 'STORE_PRECONDITION' });
    await expect(write).rejects.toThrow(CONVERSATION);
  });
});

describe('createBotStorage on Cosmos', () => {
  it('puts bot state in a "botstate" container partitioned by /id, created in the store database', async () => {
    const opened = await storeKinds.find((k) => k.name === 'cosmos')!.open();
    const client = new CosmosClient({ ...opened.cosmos!, connectionPolicy: { enableEndpointDiscovery: false } });
    try {
      await (await createBotStorage(opened.store, opened.cosmos)).write({ [CONVERSATION]: { n: 1 } });
      const { resource } = await client.database(opened.cosmos!.database).container(BOT_STATE_CONTAINER).read();
      expect(resource?.partitionKey?.paths).toEqual(['/id']);
    } finally {
      client.dispose();
      await opened.cleanup();
    }
  });

  it('needs the Cosmos settings, and signs in without a key through a credential', async () => {
    const server = await startCosmosServer();
    const database = `test-${Date.now()}`;
    const store = await CosmosStore.open({ endpoint: server.endpoint, key: server.key, database });
    try {
      await expect(createBotStorage(store)).rejects.toThrow(/Cosmos endpoint and database/);
      // botbuilder-azure throws at construction when it gets neither a key nor a credential.
      expect(await createBotStorage(store, { endpoint: server.endpoint, database })).toBeInstanceOf(CosmosDbPartitionedStorage);
    } finally {
      await store.close();
      await server.close();
    }
  });
});
