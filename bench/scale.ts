/**
 * `npm run bench -- scale`: 1, 2 and 3 real server processes on one Cosmos-compatible server
 * (@vercel/cosmosdb-server in its own process, fresh for each run), load spread over them.
 * Prints ticket creations per second (offer card clicks, each a new ticket) and turn throughput
 * (customers' questions) with the ratio to one instance, and what each costs in Cosmos DB
 * requests, counted by a pass-through proxy in front of the server, with the request charges the
 * server reports. The test server reports a flat 1 per request, which measures nothing: set
 * BENCH_SCALE_COSMOS_ENDPOINT and BENCH_SCALE_COSMOS_KEY to run against a real account instead
 * (a database `bench-<uuid>` is created for each run and deleted after it). A benchmark, not a test.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { CosmosStore } from '../bot/platform/store/cosmos';
import { CustomerDirectory } from '../bot/customers/directory';
import { message } from '../test/harness/bot';
import { startCosmosServerProcess } from '../test/helpers/cosmosServer';
import { confirmedNumber, createClick, customersOf, Fleet, startFleet } from '../test/protocol/scaleFleet';

const CREATIONS = Number(process.env.BENCH_SCALE_CREATIONS ?? 240);
const CONVERSATIONS = Number(process.env.BENCH_SCALE_CONVERSATIONS ?? 48);
const TURNS = Number(process.env.BENCH_SCALE_TURNS ?? 8);
/** Requests in flight at once against the fleet (the load is the same whatever the number of instances). */
const CONCURRENCY = Number(process.env.BENCH_SCALE_CONCURRENCY ?? 48);
const TENANTS = ['22222222-2222-4222-8222-000000000101', '22222222-2222-4222-8222-000000000102', '22222222-2222-4222-8222-000000000103'];
/** Which fleet sizes to run, e.g. "1" or "1,2,3". */
const SIZES = (process.env.BENCH_SCALE_INSTANCES ?? '1,2,3').split(',').map(Number);
const QUESTIONS = ['When is my invoice due?', 'faturami nasil odeyebilirim', 'Why was I charged twice for Azure?', 'hesabım askıya alındı'];

/** Counts Cosmos DB requests by kind, and the request charges the server reports. */
class CountingProxy {
  counts: Record<string, number> = {};
  charge = 0;
  charged = 0;
  private server?: http.Server;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  url = '';

  constructor(private readonly target: URL) {}

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const kind = kindOf(req);
      this.counts[kind] = (this.counts[kind] ?? 0) + 1;
      const upstream = http.request(
        { host: this.target.hostname, port: this.target.port, method: req.method, path: req.url, headers: req.headers, agent: this.agent },
        (up) => {
          const charge = Number(up.headers['x-ms-request-charge']);
          if (Number.isFinite(charge)) {
            this.charge += charge;
            this.charged++;
          }
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.statusCode = 502;
        res.end();
      });
      req.pipe(upstream);
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.counts = {};
    this.charge = 0;
    this.charged = 0;
  }

  total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.agent.destroy();
  }
}

function kindOf(req: http.IncomingMessage): string {
  const url = req.url ?? '';
  if (!/\/docs/.test(url)) return 'metadata';
  if (req.method === 'GET') return 'read';
  if (req.method === 'PUT') return 'replace';
  if (req.method === 'DELETE') return 'delete';
  if (String(req.headers['x-ms-documentdb-isquery'] ?? '') === 'true') return 'query';
  return String(req.headers['x-ms-documentdb-is-upsert'] ?? '') === 'true' ? 'upsert' : 'create';
}

/** Runs `jobs` with at most CONCURRENCY at once; seconds taken. */
async function pooled(jobs: (() => Promise<void>)[]): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, jobs.length) }, async () => {
      while (next < jobs.length) await jobs[next++]();
    }),
  );
  return (performance.now() - started) / 1000;
}

interface Run {
  instances: number;
  creationsPerSecond: number;
  failed: number;
  turnsPerSecond: number;
  requestsPerCreation: number;
  requestsPerTurn: number;
  kindsPerCreation: Record<string, number>;
  kindsPerTurn: Record<string, number>;
  chargePerCreation?: number;
  chargePerTurn?: number;
}

/** A real Cosmos DB account when BENCH_SCALE_COSMOS_ENDPOINT is set, else the test server in its own process. */
async function cosmosTarget(): Promise<{ endpoint: string; key: string; real: boolean; close(): Promise<void> }> {
  const endpoint = process.env.BENCH_SCALE_COSMOS_ENDPOINT;
  if (endpoint) return { endpoint, key: process.env.BENCH_SCALE_COSMOS_KEY ?? '', real: true, close: async () => undefined };
  return { ...(await startCosmosServerProcess()), real: false };
}

async function runWith(n: number): Promise<Run> {
  const cosmos = await cosmosTarget();
  const proxy = new CountingProxy(new URL(cosmos.endpoint));
  await proxy.start();
  const database = `bench-${randomUUID()}`;
  const store = await CosmosStore.open({ endpoint: cosmos.endpoint, key: cosmos.key || undefined, database });
  let fleet: Fleet | undefined;
  try {
    const directory = new CustomerDirectory(store);
    for (const [i, tenantId] of TENANTS.entries()) await directory.upsert({ tenantId, name: `Bench Customer ${i}`, status: 'overdue' });
    // No escalation channel: ticket delivery would then be paced by Teams' channel limit (2/s), not by the instances.
    fleet = await startFleet(n, { COSMOS_ENDPOINT: proxy.url, COSMOS_KEY: cosmos.key, COSMOS_DATABASE: database, ADMINS: '' });
    const f = fleet;
    const customers = customersOf(TENANTS, Math.max(CREATIONS, CONVERSATIONS));
    // Warm-up: every instance answers a few turns before anything is measured.
    await pooled(customers.slice(0, n * 4).map((c, i) => async () => void (await f.post(i % n, message(c, 'hello')))));

    proxy.reset();
    let failed = 0;
    const creationSeconds = await pooled(
      customers.slice(0, CREATIONS).map((c, i) => async () => {
        const r = await f.post(i % n, createClick(c));
        if (r.status !== 200 || confirmedNumber(r.body) === undefined) failed++;
      }),
    );
    // Let each new ticket's first delivery round (lease, read, index) finish: part of what a creation costs.
    await new Promise((r) => setTimeout(r, 3000));
    const creationCounts = { ...proxy.counts };
    const creationRequests = proxy.total();
    const creationCharge = proxy.charged > 0 ? proxy.charge : undefined;

    proxy.reset();
    const turnJobs: (() => Promise<void>)[] = [];
    for (let t = 0; t < TURNS; t++) {
      for (let c = 0; c < CONVERSATIONS; c++) {
        turnJobs.push(async () => {
          const r = await f.post(
            c % n,
            message(customers[c], QUESTIONS[(c + t) % QUESTIONS.length], { locale: c % 2 ? 'tr-TR' : 'en-US' }),
          );
          if (r.status !== 200) throw new Error(`turn: HTTP ${r.status}`);
        });
      }
    }
    const turnSeconds = await pooled(turnJobs);
    const turns = turnJobs.length;
    return {
      instances: n,
      creationsPerSecond: CREATIONS / creationSeconds,
      failed,
      turnsPerSecond: turns / turnSeconds,
      requestsPerCreation: creationRequests / CREATIONS,
      requestsPerTurn: proxy.total() / turns,
      kindsPerCreation: perOperation(creationCounts, CREATIONS),
      kindsPerTurn: perOperation(proxy.counts, turns),
      chargePerCreation: creationCharge !== undefined ? creationCharge / CREATIONS : undefined,
      chargePerTurn: proxy.charged > 0 ? proxy.charge / turns : undefined,
    };
  } finally {
    await fleet?.stop();
    if (cosmos.real) await store.database.delete();
    await store.close();
    await proxy.stop();
    await cosmos.close();
  }
}

function perOperation(counts: Record<string, number>, operations: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => [k, Number((v / operations).toFixed(1))]),
  );
}

export async function benchScale(): Promise<void> {
  process.stdout.write(
    `Scale bench: ${CREATIONS} ticket creations, then ${CONVERSATIONS} conversations × ${TURNS} turns, ${CONCURRENCY} requests in flight, ` +
      `on @vercel/cosmosdb-server; Node ${process.version}, ${os.cpus().length} cores\n`,
  );
  const runs: Run[] = [];
  for (const n of SIZES) {
    const r = await runWith(n);
    runs.push(r);
    const base = runs[0];
    process.stdout.write(
      `${n} instance${n > 1 ? 's' : ' '}  ${r.creationsPerSecond.toFixed(1).padStart(6)} creations/s (${(r.creationsPerSecond / base.creationsPerSecond).toFixed(2)}×, ${r.failed} failed)` +
        `  ${r.turnsPerSecond.toFixed(1).padStart(6)} turns/s (${(r.turnsPerSecond / base.turnsPerSecond).toFixed(2)}×)` +
        `  Cosmos requests: ${r.requestsPerCreation.toFixed(1)} per creation ${JSON.stringify(r.kindsPerCreation)}, ` +
        `${r.requestsPerTurn.toFixed(1)} per turn ${JSON.stringify(r.kindsPerTurn)}\n`,
    );
  }
  const charged = runs.find((r) => r.chargePerCreation !== undefined);
  const flat = charged !== undefined && charged.chargePerCreation === charged.requestsPerCreation;
  process.stdout.write(
    !charged
      ? 'request charge: none reported; see README for RU/s from the request counts\n'
      : flat
        ? 'request charge: the server reports a flat 1 RU per request (x-ms-request-charge: 1), which measures nothing; see README for RU/s from the request counts\n'
        : `request charge: ${charged.chargePerCreation!.toFixed(1)} RU per creation, ${charged.chargePerTurn?.toFixed(1) ?? '?'} RU per turn\n`,
  );
}
