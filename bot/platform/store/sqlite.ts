import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { kept } from '../kept';
import {
  assertField,
  COLLECTIONS,
  Collection,
  CollectionName,
  ConflictError,
  FindOptions,
  PreconditionFailedError,
  Scalar,
  Store,
  Versioned,
} from './types';

/** Schema migrations, applied in order once each; never edit a released one, add a new one. */
const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE docs (
        coll TEXT NOT NULL,
        pk TEXT NOT NULL,
        id TEXT NOT NULL,
        etag TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (coll, pk, id)
      ) WITHOUT ROWID;
      CREATE INDEX docs_by_coll_id ON docs (coll, id);
    `,
  },
  {
    // Indexes on the fields that queries on a customer's message and staff commands filter by,
    // so their cost does not grow with the number of documents (a tenant's years of tickets).
    // The expressions are exactly those `equals` writes, which is what lets SQLite use them.
    version: 2,
    sql: `
      CREATE INDEX docs_by_requester ON docs (coll, pk, json_extract(body, '$.requesterKey'));
      CREATE INDEX docs_by_number ON docs (coll, json_extract(body, '$.number'));
      CREATE INDEX docs_by_status ON docs (coll, json_extract(body, '$.status'));
    `,
  },
  {
    // The same indexes on tickets only: every write to any collection computed all three
    // (three JSON reads and three index entries per write: twice the cost of a write without
    // them), while only ticket queries use them. A partial index is used by a query whose WHERE
    // names the same collection literally, which findQuery does. And no index on (coll, id): every
    // statement names the partition, so the primary key serves it, and each write paid for it.
    version: 3,
    sql: `
      DROP INDEX docs_by_coll_id;
      DROP INDEX docs_by_requester;
      DROP INDEX docs_by_number;
      DROP INDEX docs_by_status;
      CREATE INDEX tickets_by_requester ON docs (pk, json_extract(body, '$.requesterKey')) WHERE coll = 'tickets';
      CREATE INDEX tickets_by_number ON docs (json_extract(body, '$.number')) WHERE coll = 'tickets';
      CREATE INDEX tickets_by_status ON docs (json_extract(body, '$.status')) WHERE coll = 'tickets';
    `,
  },
];

/** The schema version this build writes (its newest migration). */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export const SQLITE_FILE = 'helpdesk.sqlite';

const OPTIMIZE_EVERY_MS = 60 * 60 * 1000;

type Row = { pk: string; id: string; etag: string; body: string };

/** SQLite in DATA_DIR: one file, WAL journal, versioned schema. */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly collections = new Map<CollectionName, SqliteCollection<object>>();
  private readonly optimizer: NodeJS.Timeout;
  private readonly writes: GroupCommit;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, SQLITE_FILE));
    // busy_timeout first: switching to WAL needs a lock another process may hold for a moment.
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.migrate();
    this.writes = new GroupCommit(this.db);
    // The query planner picks the indexes from table statistics: gather them now for tables
    // that changed a lot, and again every hour while the store is open (SQLite's advice for
    // long-running processes; cheap when nothing changed).
    this.db.pragma('optimize=0x10002');
    this.optimizer = setInterval(() => {
      if (this.db.open) this.db.pragma('optimize');
    }, OPTIMIZE_EVERY_MS);
    this.optimizer.unref();
  }

  /** The schema version the file is at. */
  schemaVersion(): number {
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    return row.v ?? 0;
  }

  private migrate(): void {
    // One IMMEDIATE transaction takes the write lock before reading the version, so a second
    // process opening the same new file (bot and CLI) waits and then finds the work done.
    const run = this.db.transaction(() => {
      this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const current = this.schemaVersion();
      if (current > SCHEMA_VERSION) {
        throw new Error(
          `${SQLITE_FILE} is at schema version ${current}, newer than this build knows (${SCHEMA_VERSION}); refusing to open it`,
        );
      }
      const record = this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
      for (const m of MIGRATIONS) {
        if (m.version <= current) continue;
        this.db.exec(m.sql);
        record.run(m.version, new Date().toISOString());
      }
    });
    try {
      run.immediate();
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  collection<T extends object>(name: CollectionName): Collection<T> {
    let c = this.collections.get(name);
    if (!c) {
      c = new SqliteCollection<object>(this.db, name, this.writes);
      this.collections.set(name, c);
    }
    return c as unknown as Collection<T>;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    clearInterval(this.optimizer);
    this.writes.commit();
    if (this.db.open) this.db.close();
  }
}

/**
 * Group commit: the writes made in one turn of the event loop share one transaction, committed
 * just after (in the same loop turn's check phase). A write runs at once — its result, or its
 * conflict, is known at once — but its promise settles only when its transaction is committed,
 * so an awaited write is as durable as before. In WAL mode the commit is most of a small write's
 * cost (about nine tenths on this machine): concurrent turns share it.
 */
class GroupCommit {
  private waiting: { resolve: () => void; reject: (err: unknown) => void }[] | undefined;

  constructor(private readonly db: Database.Database) {}

  run<R>(statement: () => R): Promise<R> {
    if (!this.waiting) {
      // Another store of this process on the same file must not wait for our lock (it would
      // block the one thread that can commit it): commit every other open batch first.
      for (const other of open) if (other !== this) other.commit();
      this.db.exec('BEGIN IMMEDIATE');
      this.waiting = [];
      open.add(this);
      setImmediate(() => this.commit());
    }
    let result: R;
    try {
      result = statement();
    } catch (err) {
      // A statement that fails leaves the transaction open, unless SQLite rolled it back (I/O,
      // full disk): then the writes made before it are gone too.
      if (!this.db.inTransaction) this.fail(err);
      return Promise.reject(err);
    }
    return new Promise<R>((resolve, reject) => this.waiting!.push({ resolve: () => resolve(result), reject }));
  }

  /** Commits the open batch, if any, and settles its writes. */
  commit(): void {
    const waiting = this.take();
    if (!waiting) return;
    try {
      if (this.db.open && this.db.inTransaction) this.db.exec('COMMIT');
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const w of waiting) w.reject(err);
      return;
    }
    for (const w of waiting) w.resolve();
  }

  private fail(err: unknown): void {
    for (const w of this.take() ?? []) w.reject(err);
  }

  /** The open batch's writes, closing the batch. */
  private take(): { resolve: () => void; reject: (err: unknown) => void }[] | undefined {
    const waiting = this.waiting;
    this.waiting = undefined;
    open.delete(this);
    return waiting;
  }
}

/** Batches open in this process (stores of one file in one process, as in tests, take turns). */
const open = new Set<GroupCommit>();

/** Prepared find statements kept per collection; past this they are dropped and prepared again. */
const MAX_PREPARED_QUERIES = 200;

class SqliteCollection<T extends object> implements Collection<T> {
  private readonly stmt;
  private readonly queries = kept<string, Database.Statement>(MAX_PREPARED_QUERIES);

  constructor(
    private readonly db: Database.Database,
    private readonly name: CollectionName,
    private readonly writes: GroupCommit,
  ) {
    this.stmt = {
      get: db.prepare('SELECT pk, id, etag, body FROM docs WHERE coll = ? AND pk = ? AND id = ?'),
      insert: db.prepare('INSERT INTO docs (coll, pk, id, etag, body, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
      replace: db.prepare('UPDATE docs SET etag = ?, body = ?, updated_at = ? WHERE coll = ? AND pk = ? AND id = ? AND etag = ?'),
      upsert: db.prepare(
        `INSERT INTO docs (coll, pk, id, etag, body, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (coll, pk, id) DO UPDATE SET etag = excluded.etag, body = excluded.body, updated_at = excluded.updated_at`,
      ),
      delete: db.prepare('DELETE FROM docs WHERE coll = ? AND pk = ? AND id = ?'),
      deleteIf: db.prepare('DELETE FROM docs WHERE coll = ? AND pk = ? AND id = ? AND etag = ?'),
    };
  }

  /** A find's statement, prepared once per distinct SQL (queries come from a few fixed shapes). */
  private prepared(sql: string): Database.Statement {
    return this.queries.of(sql, () => this.db.prepare(sql));
  }

  private toVersioned(row: Row): Versioned<T> {
    return { pk: row.pk, id: row.id, etag: row.etag, value: JSON.parse(row.body) as T };
  }

  async get(pk: string, id: string): Promise<Versioned<T> | undefined> {
    const row = this.stmt.get.get(this.name, pk, id) as Row | undefined;
    return row ? this.toVersioned(row) : undefined;
  }

  async create(pk: string, id: string, value: T): Promise<Versioned<T>> {
    const etag = randomUUID();
    const body = JSON.stringify(value);
    try {
      await this.writes.run(() => this.stmt.insert.run(this.name, pk, id, etag, body, Date.now()));
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new ConflictError(this.name, id);
      throw err;
    }
    return { pk, id, etag, value: JSON.parse(body) as T };
  }

  async replace(pk: string, id: string, value: T, etag: string): Promise<Versioned<T>> {
    const next = randomUUID();
    const body = JSON.stringify(value);
    const r = await this.writes.run(() => this.stmt.replace.run(next, body, Date.now(), this.name, pk, id, etag));
    if (r.changes !== 1) throw new PreconditionFailedError(this.name, id);
    // The copy the caller gets is read back from what was written, as the other stores do.
    return { pk, id, etag: next, value: JSON.parse(body) as T };
  }

  async upsert(pk: string, id: string, value: T): Promise<Versioned<T>> {
    const etag = randomUUID();
    const body = JSON.stringify(value);
    await this.writes.run(() => this.stmt.upsert.run(this.name, pk, id, etag, body, Date.now()));
    return { pk, id, etag, value: JSON.parse(body) as T };
  }

  async delete(pk: string, id: string, etag?: string): Promise<boolean> {
    if (etag === undefined) return (await this.writes.run(() => this.stmt.delete.run(this.name, pk, id))).changes === 1;
    const r = await this.writes.run(() => this.stmt.deleteIf.run(this.name, pk, id, etag));
    if (r.changes === 1) return true;
    if (this.stmt.get.get(this.name, pk, id)) throw new PreconditionFailedError(this.name, id);
    return false;
  }

  async find(pk: string | undefined, options: FindOptions = {}): Promise<Versioned<T>[]> {
    const query = findQuery(this.name, pk, options);
    if (!query) return [];
    const rows = this.prepared(query.sql).all(...query.params) as Row[];
    return rows.map((r) => this.toVersioned(r));
  }
}

/** The SQL and parameters of a `find`; undefined when nothing can match. Exported for query-plan tests. */
export function findQuery(
  coll: CollectionName,
  pk: string | undefined,
  options: FindOptions = {},
): { sql: string; params: (string | number)[] } | undefined {
  if (options.orderBy) assertField(options.orderBy.field);
  // The collection is written into the SQL (it is one of COLLECTIONS, never input): only then can
  // SQLite use the partial indexes of one collection.
  if (!(COLLECTIONS as readonly string[]).includes(coll)) throw new Error(`unknown collection: ${coll}`);
  const clauses = [`coll = '${coll}'`];
  const params: (string | number)[] = [];
  if (pk !== undefined) {
    clauses.push('pk = ?');
    params.push(pk);
  }
  for (const [field, value] of Object.entries(options.where ?? {})) {
    clauses.push(equals(field, value, params));
  }
  if (options.whereIn) {
    const { field, values } = options.whereIn;
    assertField(field);
    if (values.length === 0) return undefined;
    clauses.push(`(${values.map((v) => equals(field, v, params)).join(' OR ')})`);
  }
  let sql = `SELECT pk, id, etag, body FROM docs WHERE ${clauses.join(' AND ')}`;
  if (options.orderBy) {
    sql += ` ORDER BY json_extract(body, '$.${options.orderBy.field}') ${options.orderBy.desc ? 'DESC' : 'ASC'}, id`;
  } else {
    sql += ' ORDER BY pk, id';
  }
  if (options.limit !== undefined) {
    sql += ' LIMIT ?';
    params.push(Math.max(0, Math.floor(options.limit)));
  }
  return { sql, params };
}

/**
 * Type-strict equality on a top-level field, as in Cosmos DB: json_extract alone turns JSON true
 * into 1 and objects into text, so the JSON type is compared too. Null matches null or missing.
 */
function equals(field: string, value: Scalar, params: (string | number)[]): string {
  assertField(field);
  const path = `'$.${field}'`;
  if (value === null) return `json_extract(body, ${path}) IS NULL`;
  if (typeof value === 'boolean') return `json_type(body, ${path}) = '${value ? 'true' : 'false'}'`;
  params.push(value);
  const types = typeof value === 'number' ? `IN ('integer', 'real')` : `= 'text'`;
  return `(json_type(body, ${path}) ${types} AND json_extract(body, ${path}) = ?)`;
}
