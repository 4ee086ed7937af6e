/**
 * Scale-out of reminders on Cosmos DB: three real server processes on one Cosmos-compatible
 * server, a campaign to 1,000 people in 20 customer tenants sent to a connector that keeps Teams'
 * limits (per conversation and per tenant) across all of them, blocks some people, has lost some
 * conversations and fails 2 % of calls with 502. Whichever instance took the campaign's lease is
 * killed with SIGKILL mid-campaign: another instance takes the campaign over once the lease
 * expires, every person ends in exactly one final state, nobody gets the card twice except sends
 * that were in flight at the kill, and no limit is exceeded. The test waits on state, never on time.
 */
import { randomUUID } from 'node:crypto';
import { CosmosStore } from '../../bot/platform/store/cosmos';
import { reminderDocs } from '../../bot/reminders/documents';
import { CampaignCounts } from '../../bot/reminders/model';
import { LimitsConnector } from '../harness/limitsConnector';
import { CosmosTestServer, startCosmosServerProcess } from '../helpers/cosmosServer';
import { buildIfNeeded } from '../helpers/serverProcess';
import { finalCountsOf, reminderServiceOn, remindersCli, seedWorld, waitFor, WorldPerson } from '../reminders/world';
import { Fleet, killHard, startFleet } from './scaleFleet';

let cosmos: CosmosTestServer;
let store: CosmosStore;
let connector: LimitsConnector;
let people: WorldPerson[];
let fleet: Fleet;
let env: Record<string, string>;

jest.setTimeout(20 * 60_000);

beforeAll(async () => {
  buildIfNeeded();
  cosmos = await startCosmosServerProcess();
  const options = { endpoint: cosmos.endpoint, key: cosmos.key, database: `scale-rem-${randomUUID()}` };
  store = await CosmosStore.open(options);
  connector = new LimitsConnector({ tenantRps: 50, failureRate: 0.02, seed: 11 });
  await connector.start();
  people = await seedWorld(store, connector, { tenants: 20, perTenant: 50, blockedEvery: 37, goneEvery: 53 });
  env = {
    COSMOS_ENDPOINT: options.endpoint,
    COSMOS_KEY: options.key,
    COSMOS_DATABASE: options.database,
    REMINDER_LADDER: 'off',
    REMINDER_POLL_MS: '300',
    // Long enough that nobody takes the campaign over while the test reads what was in flight at the kill.
    REMINDER_LEASE_MS: '10000',
    // Slow enough that the kill lands mid-campaign on a fast machine too (50 people per tenant).
    REMINDER_TENANT_RPS: '10',
    REMINDER_CONCURRENCY: '32',
  };
  fleet = await startFleet(3, env);
});

afterAll(async () => {
  await fleet?.stop();
  await connector?.stop();
  await store?.close();
  await cosmos?.close();
});

/** The process id in a lease owner's name (`<host>-<pid>-reminders-<id>`). */
function pidOf(owner: string): number | undefined {
  const m = /-(\d+)-reminders-[0-9a-f]{8}$/.exec(owner);
  return m ? Number(m[1]) : undefined;
}

test('a campaign to 1,000 people over three instances, its sender killed with kill -9: each person once, no limit exceeded', async () => {
  const sent = JSON.parse((await remindersCli(env, 'send', '--template', 'overdue', '--audience', 'all')).trim()) as Record<
    string,
    unknown
  >;
  expect(sent).toMatchObject({ customers: 20, recipients: 1000, unreachable: 0 });
  const id = sent.campaignId as string;
  const service = reminderServiceOn(store);
  const finals = (c: CampaignCounts) => c.sent + c.blocked + c.not_found + c.failed;

  await waitFor('a third of the campaign', async () => ((c) => (finals(c) >= 330 ? c : undefined))(await service.counts(id)));
  // The instance that holds the campaign's lease is the one sending. Freeze it (SIGSTOP), read what
  // it had in flight (marked "sending", not final), check it still held the lease meanwhile (so
  // nobody else sent anything yet), then kill it for good.
  const leaseOf = () => store.collection<{ owner: string; epoch: number }>('jobs').get('lease', `reminders:campaign:${id}`);
  const before = await leaseOf();
  const holder = fleet.instances.findIndex((p) => p.child.process.pid === pidOf(before?.value.owner ?? ''));
  expect(holder).toBeGreaterThanOrEqual(0);
  process.kill(-fleet.instances[holder].child.process.pid!, 'SIGSTOP');
  const atKill = (await reminderDocs(store).recipients.find(id)).map((d) => d.value);
  expect((await leaseOf())?.value).toEqual(before?.value);
  killHard(fleet.instances[holder]);
  await waitFor('the kill', async () => (fleet.instances[holder].child.running ? undefined : true));
  const window = atKill.filter((r) => r.state === 'pending' && r.sending).length;
  expect(atKill.filter((r) => r.state !== 'pending').length).toBeLessThan(1000);

  const survivors = fleet.instances.filter((_, i) => i !== holder);
  const counts = await waitFor('every recipient final', async () => ((c) => (c.done ? c : undefined))(await service.counts(id)), {
    output: () => survivors.map((p) => p.output().slice(-1500)).join('\n'),
  });
  expect(counts).toMatchObject(finalCountsOf(people));

  const byKey = new Map((await reminderDocs(store).recipients.find(id)).map((d) => [d.value.userKey, d.value]));
  for (const p of people) {
    expect({ who: p.userKey, state: byKey.get(p.userKey)?.state }).toEqual({ who: p.userKey, state: p.expected });
    const got = connector.deliveries.get(p.conversationId) ?? [];
    expect({ who: p.userKey, received: got.length > 0 }).toEqual({ who: p.userKey, received: p.expected === 'sent' });
  }
  const duplicates = connector.duplicates().length;
  process.stdout.write(`[scale campaign] killed instance ${holder}; in flight at the kill: ${window}; duplicates: ${duplicates}\n`);
  expect(duplicates).toBeLessThanOrEqual(window);
  expect(connector.stats.violations).toBe(0);
});
