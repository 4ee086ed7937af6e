/**
 * Scale-out on Cosmos DB: three real server processes on one Cosmos-compatible server, sending to
 * one local connector that counts Teams' limits across all of them. 300 tickets opened at once
 * across the instances (none fails, numbers unique), a draft clicked again on another instance
 * (one ticket), 20 tickets claimed by three agents at once on three instances (one winner each),
 * then one instance killed with SIGKILL while the escalation threads are still being paced out:
 * the others take its deliveries over, every ticket gets its thread, duplicates stay within what
 * the dead instance had in flight, and no conversation ever went over Teams' limits.
 */
import { randomUUID } from 'node:crypto';
import { CosmosStore } from '../../bot/platform/store/cosmos';
import { CustomerDirectory } from '../../bot/customers/directory';
import { cardAction, textOf } from '../harness/bot';
import { CosmosTestServer, startCosmosServerProcess } from '../helpers/cosmosServer';
import { buildIfNeeded } from '../helpers/serverProcess';
import { CHANNEL, ENV, racers } from './ticketFlow';
import {
  allTickets,
  confirmedNumber,
  createClick,
  customersOf,
  Fleet,
  killHard,
  setUpEscalations,
  startFleet,
  threadNumbers,
  untilDelivered,
} from './scaleFleet';

const TENANTS = ['22222222-2222-4222-8222-000000000001', '22222222-2222-4222-8222-000000000002', '22222222-2222-4222-8222-000000000003'];
const TICKETS = 300;
/** Deliveries one instance runs at once (TicketDelivery's default): the most it can have in flight when killed. */
const IN_FLIGHT = 8;

let cosmos: CosmosTestServer;
let store: CosmosStore;
let fleet: Fleet;

jest.setTimeout(20 * 60_000);

beforeAll(async () => {
  buildIfNeeded();
  cosmos = await startCosmosServerProcess();
  const options = { endpoint: cosmos.endpoint, key: cosmos.key, database: `scale-${randomUUID()}` };
  // Opened here first: creates the database and containers the instances share.
  store = await CosmosStore.open(options);
  const directory = new CustomerDirectory(store);
  for (const [i, tenantId] of TENANTS.entries()) await directory.upsert({ tenantId, name: `Scale Customer ${i}`, status: 'current' });
  fleet = await startFleet(3, {
    COSMOS_ENDPOINT: options.endpoint,
    COSMOS_KEY: options.key,
    COSMOS_DATABASE: options.database,
    ...ENV,
    JOB_LEASE_MS: '15000',
    DELIVERY_SWEEP_MS: '1000',
  });
});

afterAll(async () => {
  await fleet?.stop();
  await store?.close();
  await cosmos?.close();
});

test('three instances on one Cosmos DB: numbering, claims, a kill -9, and Teams limits across all of them', async () => {
  await setUpEscalations(fleet);
  const customers = customersOf(TENANTS, TICKETS);
  const clicks = customers.map((c) => createClick(c));

  // 300 creations at once, spread over the instances; the first 10 drafts are clicked again on another instance.
  const opened = await Promise.all(clicks.map((click, i) => fleet.post(i % 3, click)));
  const again = await Promise.all(clicks.slice(0, 10).map((click, i) => fleet.post((i + 1) % 3, { ...click, id: `again-${i}` })));
  expect(opened.filter((r) => r.status !== 200)).toEqual([]);
  const numbers = opened.map((r) => confirmedNumber(r.body));
  // Not a ticket: show what the customer got and what the instances logged.
  const unconfirmed = opened.filter((r) => confirmedNumber(r.body) === undefined).map((r) => textOf(cardOf(r.body)));
  expect({ unconfirmed, logged: unconfirmed.length ? fleet.instances.map((p) => p.output().slice(-3000)) : [] }).toEqual({
    unconfirmed: [],
    logged: [],
  });
  expect(new Set(numbers).size).toBe(TICKETS);
  expect(again.map((r) => confirmedNumber(r.body))).toEqual(numbers.slice(0, 10));
  const stored = await allTickets(store);
  expect(stored).toHaveLength(TICKETS);
  expect(new Set(stored.map((d) => d.value.number)).size).toBe(TICKETS);

  // 20 tickets, each claimed by three agents at once on the three instances.
  const byNumber = new Map(stored.map((d) => [d.value.number, d]));
  const contested = [...byNumber.keys()].sort((a, b) => a - b).slice(0, 20);
  const claims = await Promise.all(
    contested.map((n, k) =>
      Promise.all(
        [0, 1, 2].map((i) => {
          const d = byNumber.get(n)!;
          const agent = racers[(k * 3 + i) % racers.length];
          return fleet.post(i, cardAction(agent, 'ticket.claim', { tenantId: d.pk, ticketId: d.id }, CHANNEL));
        }),
      ),
    ),
  );
  for (const [k, three] of claims.entries()) {
    const texts = three.map((r) => textOf(cardOf(r.body)));
    expect(texts.filter((x) => x.includes(`You claimed #${contested[k]}`))).toHaveLength(1);
    expect(texts.filter((x) => x.includes('already claimed by'))).toHaveLength(2);
  }

  // Kill one instance while the channel's threads are still being paced out (Teams allows 60 per 30 s).
  await until(() => threadNumbers(fleet.connector.sent).length >= 30, 5 * 60_000, 'the first 30 threads');
  killHard(fleet.instances[2]);
  const postedBeforeKill = threadNumbers(fleet.connector.sent).length;
  expect(postedBeforeKill).toBeLessThan(TICKETS);

  await untilDelivered(store, 12 * 60_000);
  const threads = threadNumbers(fleet.connector.sent);
  expect(new Set(threads)).toEqual(new Set(numbers));
  const duplicates = threads.length - new Set(threads).size;
  expect(duplicates).toBeLessThanOrEqual(IN_FLIGHT);
  expect(fleet.connector.violations).toEqual([]);
  // Every claim's customer notice arrived (once per ticket, or twice if it was in flight at the kill).
  const notices = fleet.connector.sent.filter((s) => textOf(s.body).includes('is now handling your ticket #'));
  expect(new Set(notices.map((s) => /#(\d+)/.exec(textOf(s.body))?.[1])).size).toBe(20);
});

function cardOf(body: unknown): Record<string, unknown> {
  return (body as { value?: Record<string, unknown> } | undefined)?.value ?? {};
}

async function until(check: () => boolean, maxMs: number, what: string): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`waited ${maxMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
