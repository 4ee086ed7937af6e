/**
 * Several processes on one SQLite data folder (one machine): supported. The file is shared in
 * WAL mode, each write is one conditional statement, and leases, numbering and Teams budgets live
 * in the same file, so three real server processes on one DATA_DIR behave as instances on one
 * Cosmos DB: unique numbers, one winner per contested claim, every thread delivered once, no
 * conversation over Teams' limits.
 */
import { rmSync } from 'node:fs';
import { SqliteStore } from '../../bot/platform/store/sqlite';
import { CustomerDirectory } from '../../bot/customers/directory';
import { cardAction, textOf } from '../harness/bot';
import { tempDataDir } from '../helpers/stores';
import { buildIfNeeded } from '../helpers/serverProcess';
import { CHANNEL, ENV, racers } from './ticketFlow';
import {
  allTickets,
  confirmedNumber,
  createClick,
  customersOf,
  Fleet,
  setUpEscalations,
  startFleet,
  threadNumbers,
  untilDelivered,
} from './scaleFleet';

const TENANTS = ['22222222-2222-4222-8222-000000000011', '22222222-2222-4222-8222-000000000012'];
const TICKETS = 60;

let dataDir: string;
let store: SqliteStore;
let fleet: Fleet;

jest.setTimeout(10 * 60_000);

beforeAll(async () => {
  buildIfNeeded();
  dataDir = tempDataDir();
  store = new SqliteStore(dataDir);
  const directory = new CustomerDirectory(store);
  for (const [i, tenantId] of TENANTS.entries())
    await directory.upsert({ tenantId, name: `Shared Folder Customer ${i}`, status: 'current' });
  fleet = await startFleet(3, { ...ENV, DATA_DIR: dataDir, JOB_LEASE_MS: '15000', DELIVERY_SWEEP_MS: '1000' });
});

afterAll(async () => {
  await fleet?.stop();
  await store?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('three processes on one data folder: unique numbers, one winner per claim, every thread once, Teams limits kept', async () => {
  await setUpEscalations(fleet, 1);
  const opened = await Promise.all(customersOf(TENANTS, TICKETS).map((c, i) => fleet.post(i % 3, createClick(c))));
  expect(opened.filter((r) => r.status !== 200)).toEqual([]);
  const numbers = opened.map((r) => confirmedNumber(r.body));
  expect(new Set(numbers).size).toBe(TICKETS);
  expect([...numbers].sort((a, b) => a! - b!)).toEqual(Array.from({ length: TICKETS }, (_, i) => i + 1));

  const stored = await allTickets(store);
  const contested = stored.slice(0, 5);
  const claims = await Promise.all(
    contested.map((d, k) =>
      Promise.all(
        [0, 1, 2].map((i) => fleet.post(i, cardAction(racers[k * 3 + i], 'ticket.claim', { tenantId: d.pk, ticketId: d.id }, CHANNEL))),
      ),
    ),
  );
  for (const [k, three] of claims.entries()) {
    const texts = three.map((r) => textOf((r.body as { value?: Record<string, unknown> }).value ?? {}));
    expect(texts.filter((x) => x.includes(`You claimed #${contested[k].value.number}`))).toHaveLength(1);
  }

  await untilDelivered(store, 8 * 60_000);
  const threads = threadNumbers(fleet.connector.sent);
  expect(threads.sort((a, b) => a - b)).toEqual([...numbers].sort((a, b) => a! - b!));
  expect(fleet.connector.violations).toEqual([]);
});
