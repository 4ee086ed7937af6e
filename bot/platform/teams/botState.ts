import type { Storage } from 'botbuilder';
import type { CosmosOptions } from '../store/cosmos';
import type { Store } from '../store/types';
import { SqliteStorage } from './sqliteStorage';

export { botStateId, SqliteStorage } from './sqliteStorage';
export type { BotStateDoc } from './sqliteStorage';

/** The Cosmos container of bot state: botbuilder-azure's own layout (partition key /id). */
export const BOT_STATE_CONTAINER = 'botstate';

/**
 * Storage for botbuilder state (conversation, user, dialog) next to the app's data: the
 * 'botstate' collection of the SQLite store, or CosmosDbPartitionedStorage in the Cosmos
 * database of the Cosmos store (it creates its container on first use; the database must exist,
 * which CosmosStore.open ensures). Without a key it signs in with DefaultAzureCredential.
 * The Azure packages are loaded only for Cosmos: they take most of the start-up time otherwise.
 */
export async function createBotStorage(store: Store, cosmos?: CosmosOptions): Promise<Storage> {
  if (store.kind === 'sqlite') return new SqliteStorage(store.collection('botstate'));
  if (!cosmos) throw new Error('createBotStorage: the Cosmos store needs the Cosmos endpoint and database for bot state');
  const [{ CosmosDbPartitionedStorage }, { DefaultAzureCredential }] = await Promise.all([
    import('botbuilder-azure'),
    import('@azure/identity'),
  ]);
  return new CosmosDbPartitionedStorage({
    cosmosDbEndpoint: cosmos.endpoint,
    databaseId: cosmos.database,
    containerId: BOT_STATE_CONTAINER,
    ...(cosmos.key ? { authKey: cosmos.key } : { tokenCredential: new DefaultAzureCredential() }),
    // The default compatibility mode replaces keys over 255 characters with a salted bcrypt hash,
    // different on every call (and sometimes holding a '/'), so such state could never be read back.
    compatibilityMode: false,
    // Same client settings as CosmosStore.client.
    cosmosClientOptions: { endpoint: cosmos.endpoint, connectionPolicy: { enableEndpointDiscovery: false } },
  });
}
