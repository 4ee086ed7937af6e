/**
 * Several real server processes on one store, for the scale-out tests and bench: one local
 * connector that all of them send to (so it sees Teams' limits across instances), activities
 * posted to any instance, tickets opened and claimed through the protocol. No jest here: the
 * scale bench (bench/scale.ts) uses it too.
 */
import { randomUUID } from 'node:crypto';
import { Ticket } from '../../bot/tickets/domain/model';
import type { Store, Versioned } from '../../bot/platform/store/types';
import { LocalConnector, Sent } from '../harness/connector';
import { ADMIN_ID, cardAction, message, PARTNER_TENANT, people, Person, textOf } from '../harness/bot';
import { ServerProcess, startServerProcess } from '../helpers/serverProcess';

const CHANNEL = { conversationType: 'channel' as const };

export interface Fleet {
  instances: ServerProcess[];
  connector: LocalConnector;
  /** Posts an activity to instance `i`; the HTTP status and the invoke body (if any). */
  post(i: number, activity: Record<string, unknown>): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

/** Starts `n` server processes with the same settings (`env`: the store, roles), all sending to one local connector. */
export async function startFleet(n: number, env: Record<string, string>): Promise<Fleet> {
  const connector = new LocalConnector();
  await connector.start();
  const instances: ServerProcess[] = [];
  try {
    const common = {
      PARTNER_TENANT_ID: PARTNER_TENANT,
      ADMINS: ADMIN_ID,
      LOG_LEVEL: 'warn',
      ...env,
    };
    // One at a time: each start opens the store, and the first creates what is missing.
    for (let i = 0; i < n; i++) instances.push(await startRetryingPort(common));
  } catch (err) {
    await Promise.all(instances.map((p) => p.stop()));
    await connector.stop();
    throw err;
  }
  return {
    instances,
    connector,
    async post(i, activity) {
      const res = await fetch(`${instances[i].url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serviceUrl: connector.url, ...activity }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    async stop() {
      await Promise.all(instances.map((p) => p.stop()));
      await connector.stop();
    },
  };
}

/** Starts a server process; again on another port when something else took the free port first (other tests run beside). */
async function startRetryingPort(env: Record<string, string>): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerProcess(env);
    } catch (err) {
      if (attempt >= 3 || !/EADDRINUSE/.test((err as Error).message)) throw err;
    }
  }
}

/** Ends an instance the hard way (kill -9 of its process group): no shutdown, leases left to expire. */
export function killHard(p: ServerProcess): void {
  if (p.child.process.pid !== undefined) process.kill(-p.child.process.pid, 'SIGKILL');
}

/** `count` customers across `tenants` customer tenants (ids derived from `seed`). */
export function customersOf(tenants: string[], count: number): Person[] {
  return Array.from({ length: count }, (_, i) => ({
    aadObjectId: `cccccccc-${String(i % 10000).padStart(4, '0')}-4000-8000-${String(i).padStart(12, '0')}`,
    name: `Customer ${i}`,
    tenantId: tenants[i % tenants.length],
  }));
}

/** Sets the escalation channel through instance `i` (an admin types `setup escalations` there). */
export async function setUpEscalations(fleet: Fleet, i = 0): Promise<void> {
  const r = await fleet.post(i, message(people.admin, 'setup escalations', CHANNEL));
  if (r.status !== 200) throw new Error(`setup escalations: HTTP ${r.status}`);
}

/** The `ticket.create` click of an offer card for a fresh draft. */
export function createClick(who: Person, draftId = `d-${randomUUID()}`): Record<string, unknown> {
  return cardAction(who, 'ticket.create', {
    draftId,
    product: 'azure',
    topic: 'invoice',
    section: 'invoices',
    description: 'Why is my invoice higher?',
  });
}

/** The ticket number an invoke response confirms ("Ticket #n is open"), if any. */
export function confirmedNumber(body: unknown): number | undefined {
  const m = /Ticket #(\d+) is open/.exec(textOf((body as { value?: Record<string, unknown> } | undefined)?.value ?? {}));
  return m ? Number(m[1]) : undefined;
}

/** Ticket numbers of the escalation threads the connector received (new conversations with a card), one entry per post. */
export function threadNumbers(sent: Sent[]): number[] {
  return sent
    .filter((s) => s.method === 'POST' && /^\/v3\/conversations\/?$/.test(s.path))
    .map((s) => (s.body.activity as { attachments?: { content: Record<string, unknown> }[] } | undefined)?.attachments?.[0]?.content)
    .filter((card): card is Record<string, unknown> => card !== undefined)
    .map((card) => Number(/#(\d+)/.exec(textOf(card))?.[1]));
}

/** Every ticket in the store (all tenants): for the test's checks, not a product path. */
export async function allTickets(store: Store): Promise<Versioned<Ticket>[]> {
  // The tickets collection also holds customers' recent questions (no number).
  return (await store.collection<Ticket>('tickets').find(undefined)).filter((d) => typeof d.value.number === 'number');
}

/** Resolves when no ticket owes delivery (nothing in the pending index, no ticket behind); rejects after `maxMs`. */
export async function untilDelivered(store: Store, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const pending = await store.collection('jobs').find('outbox');
    const behind = (await allTickets(store)).filter((d) => d.value.needsSync);
    if (pending.length === 0 && behind.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`still pending after ${maxMs} ms: ${pending.length} marked, ${behind.length} tickets behind`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
