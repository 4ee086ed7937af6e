/** What only the embedded store has: a file in DATA_DIR that outlives the process, and a versioned schema. */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { findQuery, SCHEMA_VERSION, SQLITE_FILE, SqliteStore } from '../../../bot/platform/store/sqlite';
import type { FindOptions } from '../../../bot/platform/store/types';
import { PreconditionFailedError } from '../../../bot/platform/store/types';
import { tempDataDir } from '../../helpers/stores';

type Doc = Record<string, unknown>;
type MigrationRow = { version: number; applied_at: string };

describe('sqlite store on disk', () => {
  let dataDir: string;
  const open: SqliteStore[] = [];

  const openStore = (dir = dataDir): SqliteStore => {
    const store = new SqliteStore(dir);
    open.push(store);
    return store;
  };

  /** The schema_migrations rows, read with a separate connection. */
  const migrations = (): MigrationRow[] => {
    const db = new Database(path.join(dataDir, SQLITE_FILE), { readonly: true });
    try {
      return db.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all() as MigrationRow[];
    } finally {
      db.close();
    }
  };

  beforeEach(() => {
    dataDir = tempDataDir();
  });

  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a missing DATA_DIR, nested folders included, and its file in it', async () => {
    const nested = path.join(dataDir, 'a', 'b');
    const store = openStore(nested);
    await store.collection<Doc>('customers').create('t1', 'c1', { name: 'Contoso' });
    expect(existsSync(path.join(nested, SQLITE_FILE))).toBe(true);
  });

  it('keeps data, versions and deletions across close and reopen', async () => {
    const first = openStore();
    const customers = first.collection<Doc>('customers');
    const kept = await customers.create('tenant-1', 'c1', { name: 'Müşteri Ltd. Şti.', balance: 12.5 });
    const replaced = await customers.replace('tenant-1', 'c1', { name: 'Müşteri A.Ş.', balance: 0 }, kept.etag);
    await customers.create('tenant-1', 'gone', { name: 'x' });
    await customers.delete('tenant-1', 'gone');
    await first.collection<Doc>('tickets').upsert('tenant-2', 't1', { status: 'open' });
    await first.close();

    const second = openStore();
    const again = second.collection<Doc>('customers');
    expect(await again.get('tenant-1', 'c1')).toEqual(replaced);
    expect(await again.get('tenant-1', 'gone')).toBeUndefined();
    expect((await second.collection<Doc>('tickets').get('tenant-2', 't1'))?.value).toEqual({ status: 'open' });
    // Etags are stored, not made up per process: the old one is still stale, the new one still current.
    await expect(again.replace('tenant-1', 'c1', { name: 'late' }, kept.etag)).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(again.replace('tenant-1', 'c1', { name: 'Müşteri A.Ş.', balance: 5 }, replaced.etag)).resolves.toMatchObject({
      value: { balance: 5 },
    });
  });

  it('records the schema version once and does not re-run migrations on reopen', async () => {
    const first = openStore();
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(1);
    expect(first.schemaVersion()).toBe(SCHEMA_VERSION);
    await first.collection<Doc>('customers').create('t1', 'c1', { name: 'Contoso' });
    await first.close();
    const recorded = migrations();
    expect(recorded.map((m) => m.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
    for (const m of recorded) expect(new Date(m.applied_at).toISOString()).toBe(m.applied_at);

    const second = openStore();
    expect(second.schemaVersion()).toBe(SCHEMA_VERSION);
    await second.close();
    expect(migrations()).toEqual(recorded);
    const third = openStore();
    expect((await third.collection<Doc>('customers').get('t1', 'c1'))?.value).toEqual({ name: 'Contoso' });
  });

  it('refuses a file written by a newer schema and leaves it untouched', async () => {
    await openStore().close();
    const db = new Database(path.join(dataDir, SQLITE_FILE));
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(SCHEMA_VERSION + 1, new Date().toISOString());
    db.close();
    const before = migrations();
    expect(() => new SqliteStore(dataDir)).toThrow(/newer than this build/);
    expect(migrations()).toEqual(before);
  });

  it('two stores on the same DATA_DIR (bot and CLI) see each other and conflict on stale etags', async () => {
    const bot = openStore().collection<Doc>('customers');
    const cli = openStore().collection<Doc>('customers');
    const created = await cli.create('t1', 'c1', { name: 'Contoso', status: 'current' });
    expect(await bot.get('t1', 'c1')).toEqual(created);
    const byBot = await bot.replace('t1', 'c1', { name: 'Contoso', status: 'overdue' }, created.etag);
    await expect(cli.replace('t1', 'c1', { name: 'Contoso', status: 'suspended' }, created.etag)).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    expect(await cli.get('t1', 'c1')).toEqual(byBot);
    expect(await cli.find(undefined, { where: { status: 'overdue' } })).toEqual([byBot]);
  });

  it('answers the per-message ticket queries through indexes, not by scanning a tenant', async () => {
    const store = openStore();
    const tickets = store.collection<Doc>('tickets');
    const statuses = ['closed', 'closed', 'closed', 'resolved', 'new', 'waitingOnCustomer'];
    for (let n = 1; n <= 3000; n++) {
      await tickets.create('tenant-a', `t${n}`, {
        number: n,
        requesterKey: `user-${n % 200}`,
        status: statuses[n % statuses.length],
        updatedAt: new Date(n * 1000).toISOString(),
      });
    }
    await store.close();
    openStore(); // gathers the planner's statistics at open
    // The queries a customer's message and `ticket <n>` make (bot/tickets/service.ts).
    const queries: [string | undefined, FindOptions, string][] = [
      [
        'tenant-a',
        { where: { requesterKey: 'user-7', status: 'waitingOnCustomer' }, orderBy: { field: 'updatedAt', desc: true }, limit: 1 },
        'tickets_by_requester',
      ],
      ['tenant-a', { where: { requesterKey: 'user-7' }, orderBy: { field: 'number', desc: true }, limit: 10 }, 'tickets_by_requester'],
      [undefined, { where: { number: 1234 }, limit: 1 }, 'tickets_by_number'],
    ];
    const db = new Database(path.join(dataDir, SQLITE_FILE), { readonly: true });
    try {
      for (const [pk, options, index] of queries) {
        const q = findQuery('tickets', pk, options)!;
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[]).map((r) => r.detail).join(' | ');
        expect(plan).toContain(`USING INDEX ${index}`);
      }
    } finally {
      db.close();
    }
  });
});
