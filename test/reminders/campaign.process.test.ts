import { rmSync } from 'node:fs';
import { CosmosStore } from '../../bot/platform/store/cosmos';
import { SqliteStore } from '../../bot/platform/store/sqlite';
import { Store } from '../../bot/platform/store/types';
import { reminderDocs } from '../../bot/reminders/documents';
import { CampaignCounts } from '../../bot/reminders/model';
import { LimitsConnector } from '../harness/limitsConnector';
import { startCosmosServer } from '../helpers/cosmosServer';
import { buildIfNeeded, ServerProcess, startServerProcess } from '../helpers/serverProcess';
import { tempDataDir } from '../helpers/stores';
import { finalCountsOf, reminderServiceOn, remindersCli, seedWorld, waitFor, WorldPerson } from './world';

/**
 * A campaign to 1,000 people in 20 customer tenants (English and Turkish), sent by the real
 * server process to a connector that keeps Teams' limits, blocks some people, has lost some
 * conversations and fails 2 % of calls with 502. The server is killed (SIGKILL) mid-campaign and
 * started again: every recipient ends in exactly one final state, no limit is exceeded, and the
 * only duplicates are sends that were in flight at the kill. On SQLite and on the Cosmos-compatible
 * server. The test waits on the campaign's state, never on time.
 */

beforeAll(() => buildIfNeeded(), 180_000);

interface Backend {
  env: Record<string, string>;
  store: Store;
  cleanup(): Promise<void>;
}

const backends: Record<'sqlite' | 'cosmos', () => Promise<Backend>> = {
  async sqlite() {
    const dir = tempDataDir();
    const store = new SqliteStore(dir);
    return {
      env: { DATA_DIR: dir },
      store,
      async cleanup() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  async cosmos() {
    const server = await startCosmosServer();
    const options = { endpoint: server.endpoint, key: server.key, database: `rem-${Date.now()}` };
    const store = await CosmosStore.open(options);
    return {
      env: { COSMOS_ENDPOINT: options.endpoint, COSMOS_KEY: options.key, COSMOS_DATABASE: options.database },
      store,
      async cleanup() {
        await store.close();
        await server.close();
      },
    };
  },
};

describe.each(['sqlite', 'cosmos'] as const)('on %s', (kind) => {
  let backend: Backend;
  let connector: LimitsConnector;
  let people: WorldPerson[];
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    backend = await backends[kind]();
    connector = new LimitsConnector({ tenantRps: 50, failureRate: 0.02, seed: 7 });
    await connector.start();
    people = await seedWorld(backend.store, connector, { tenants: 20, perTenant: 50, blockedEvery: 37, goneEvery: 53 });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await connector.stop();
    await backend.cleanup();
  });

  test('1,000 people, 20 tenants, killed mid-campaign: each ends in one final state, no limit exceeded, duplicates within the in-flight window', async () => {
    const t0 = Date.now();
    const mark = (what: string) => process.stdout.write(`[${kind}] ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    const env = {
      ...backend.env,
      REMINDER_LADDER: 'off',
      REMINDER_POLL_MS: '300',
      REMINDER_LEASE_MS: '3000',
      // Slow enough that the kill lands mid-campaign on a fast machine too (50 people per tenant).
      REMINDER_TENANT_RPS: '10',
      REMINDER_CONCURRENCY: '32',
    };
    server = await startServerProcess(env);
    mark('server up');
    const sent = JSON.parse((await remindersCli(env, 'send', '--template', 'overdue', '--audience', 'all')).trim()) as Record<
      string,
      unknown
    >;
    expect(sent).toEqual({ campaignId: expect.stringMatching(/^r[0-9a-f]{15}$/), customers: 20, recipients: 1000, unreachable: 0 });
    const id = sent.campaignId as string;
    mark('campaign created');
    const service = reminderServiceOn(backend.store);
    const finals = (c: CampaignCounts) => c.sent + c.blocked + c.not_found + c.failed;

    await waitFor('a third of the campaign', async () => ((c) => (finals(c) >= 330 ? c : undefined))(await service.counts(id)), server);
    mark('killing');
    process.kill(-server.child.process.pid!, 'SIGKILL');
    await waitFor('the kill', async () => (server!.child.running ? undefined : true));
    const atKill = (await reminderDocs(backend.store).recipients.find(id)).map((d) => d.value);
    const window = atKill.filter((r) => r.state === 'pending' && r.sending).length;
    const doneAtKill = atKill.filter((r) => r.state !== 'pending').length;
    expect(doneAtKill).toBeLessThan(1000);
    await server.stop();

    server = await startServerProcess(env);
    mark('restarted');
    const counts = await waitFor('every recipient final', async () => ((c) => (c.done ? c : undefined))(await service.counts(id)), server);
    mark('done');
    const expected = (state: WorldPerson['expected']) => people.filter((p) => p.expected === state).length;
    expect(counts).toMatchObject(finalCountsOf(people));
    const status = JSON.parse((await remindersCli(env, 'status', id)).trim()) as CampaignCounts;
    expect(status).toMatchObject({ pending: 0, sent: expected('sent'), done: true });

    const byKey = new Map((await reminderDocs(backend.store).recipients.find(id)).map((d) => [d.value.userKey, d.value]));
    for (const p of people) {
      const r = byKey.get(p.userKey);
      expect({ who: p.userKey, state: r?.state }).toEqual({ who: p.userKey, state: p.expected });
      const got = connector.deliveries.get(p.conversationId) ?? [];
      if (p.expected === 'sent') {
        expect(got.length).toBeGreaterThanOrEqual(1);
        expect(got[0].body.locale).toBe(p.locale === 'tr' ? 'tr-TR' : 'en-US');
      } else {
        expect(got).toHaveLength(0);
      }
    }
    const duplicates = connector.duplicates().length;
    process.stdout.write(
      `[${kind}] in-flight window at the kill: ${window}; duplicates: ${duplicates}; final at the kill: ${doneAtKill}\n`,
    );
    expect(duplicates).toBeLessThanOrEqual(window);
    expect(connector.stats.violations).toBe(0);

    const csv = (await remindersCli(env, 'export', id)).trim().split('\n');
    expect(csv[0]).toBe('tenantId,customer,recipient,locale,state,attempts,lastStatus,sentAt,ack,ackAt');
    expect(csv).toHaveLength(1001);
  }, 600_000);
});
