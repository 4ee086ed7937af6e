/**
 * The store: named collections of JSON documents, partitioned (customer data by tenant id),
 * with optimistic concurrency on every update. Two implementations, SQLite and Cosmos DB,
 * pass the same contract suite (test/store.contract.test.ts).
 */

export const COLLECTIONS = [
  'customers',
  'users',
  'roles',
  'settings',
  'botstate',
  'tickets',
  'counters',
  'reminders',
  'feedback',
  'security',
  'jobs',
] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

/** A stored document with the version it was read at. */
export interface Versioned<T> {
  id: string;
  pk: string;
  etag: string;
  value: T;
}

export type Scalar = string | number | boolean | null;

export interface FindOptions {
  /** Equality on top-level fields of the value (all must match). */
  where?: Record<string, Scalar>;
  /** Top-level field that must be one of the given values. */
  whereIn?: { field: string; values: Scalar[] };
  orderBy?: { field: string; desc?: boolean };
  limit?: number;
}

export interface Collection<T extends object> {
  get(pk: string, id: string): Promise<Versioned<T> | undefined>;
  /** Creates; throws ConflictError when the id exists in the partition. */
  create(pk: string, id: string, value: T): Promise<Versioned<T>>;
  /** Replaces only when the stored etag still equals `etag`; else PreconditionFailedError. */
  replace(pk: string, id: string, value: T, etag: string): Promise<Versioned<T>>;
  /** Creates or overwrites regardless of version (for data without concurrent writers). */
  upsert(pk: string, id: string, value: T): Promise<Versioned<T>>;
  /** Deletes; with an etag only when it still matches. Returns false when nothing was there. */
  delete(pk: string, id: string, etag?: string): Promise<boolean>;
  /** Documents of one partition, or of all partitions when pk is undefined. */
  find(pk: string | undefined, options?: FindOptions): Promise<Versioned<T>[]>;
}

export interface Store {
  readonly kind: 'sqlite' | 'cosmos';
  collection<T extends object>(name: CollectionName): Collection<T>;
  /** Resolves when the store answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class StoreError extends Error {
  constructor(
    readonly code: 'STORE_CONFLICT' | 'STORE_PRECONDITION' | 'STORE_NOT_FOUND',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export class ConflictError extends StoreError {
  constructor(collection: string, id: string) {
    super('STORE_CONFLICT', `${collection}/${id} already exists`);
  }
}

export class PreconditionFailedError extends StoreError {
  constructor(collection: string, id: string) {
    super('STORE_PRECONDITION', `${collection}/${id} changed since it was read`);
  }
}

export class NotFoundError extends StoreError {
  constructor(collection: string, id: string) {
    super('STORE_NOT_FOUND', `${collection}/${id} does not exist`);
  }
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Field names reach queries as identifiers, so only plain names are allowed. */
export function assertField(field: string): void {
  if (!FIELD.test(field)) throw new Error(`invalid field name: ${field}`);
}

const RETRY_MIN_SLOT_MS = 4;
const RETRY_CAP_MS = 1000;

/**
 * Read–modify–write with optimistic concurrency: re-reads and re-applies `change` when another
 * writer got in between. `change` returns the new value, or undefined to leave it unchanged.
 * Between attempts it waits a random pause (full jitter) that grows with each attempt and with
 * how long the failed attempt took, so it spreads writers out on a slow store as on a fast one.
 * `beforeWrite` runs before each write attempt with the value about to be written (e.g. to
 * maintain an index document that must exist before the change does).
 */
export async function updateWithRetry<T extends object>(
  collection: Collection<T>,
  pk: string,
  id: string,
  change: (current: T) => T | undefined,
  attempts = 8,
  beforeWrite?: (next: T) => Promise<void>,
): Promise<Versioned<T> | undefined> {
  for (let i = 0; i < attempts; i++) {
    const started = Date.now();
    const current = await collection.get(pk, id);
    if (!current) throw new NotFoundError('document', id);
    const next = change(current.value);
    if (next === undefined) return current;
    if (beforeWrite) await beforeWrite(next);
    try {
      return await collection.replace(pk, id, next, current.etag);
    } catch (err) {
      if (!(err instanceof PreconditionFailedError) || i === attempts - 1) throw err;
    }
    // Writers that lost together would collide again at once and only one wins per round, so
    // without a pause the last of n concurrent writers needs n attempts.
    const slot = Math.max(RETRY_MIN_SLOT_MS, Date.now() - started);
    await delay(Math.random() * Math.min(RETRY_CAP_MS, slot * 2 ** i));
  }
  return undefined;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
