import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createHttpServer } from '@vercel/cosmosdb-server';
import { repoRoot } from '../../bot/platform/paths';
import { Child } from '../e2e/processes';

/** A running in-process Cosmos DB–compatible server (in memory, plain HTTP on loopback). */
export interface CosmosTestServer {
  /** `http://127.0.0.1:<port>`: give it to CosmosStore / COSMOS_ENDPOINT as is. */
  endpoint: string;
  /** Any base64 string is accepted as the account key; this one is random per server. */
  key: string;
  close(): Promise<void>;
}

/**
 * Starts `@vercel/cosmosdb-server` on a free loopback port for one test file. The real
 * `@azure/cosmos` client talks to it when endpoint discovery is off (CosmosStore.client does that).
 */
export async function startCosmosServer(): Promise<CosmosTestServer> {
  const server = createHttpServer({ keepAlive: true });
  // As cosmosServerMain.mjs: idle keep-alive sockets kept as long as Cosmos DB's gateway keeps them,
  // not Node's 5 s (a write on a socket closed just then fails with ECONNRESET, unretried).
  server.keepAliveTimeout = 10 * 60_000;
  server.headersTimeout = 10 * 60_000 + 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    key: randomBytes(32).toString('base64'),
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        // Keep-alive sockets of clients that were never disposed would hold close() open forever.
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
      return closed;
    },
  };
}

/**
 * The same server in a process of its own (test/helpers/cosmosServerMain.mjs): for several bot
 * processes under load, so that it does not share the test runner's event loop.
 */
export async function startCosmosServerProcess(): Promise<CosmosTestServer> {
  const root = repoRoot();
  const child = new Child('cosmos-server', process.execPath, [path.join(root, 'test/helpers/cosmosServerMain.mjs')], {
    cwd: root,
    env: { PATH: process.env.PATH },
  });
  try {
    const [, port] = await child.waitForOutput(/listening on (\d+)/, 30_000);
    return { endpoint: `http://127.0.0.1:${port}`, key: randomBytes(32).toString('base64'), close: () => child.stop() };
  } catch (err) {
    await child.stop();
    throw err;
  }
}
