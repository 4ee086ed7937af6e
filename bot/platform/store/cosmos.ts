import { Container, CosmosClient, Database, ErrorResponse, SqlParameter } from '@azure/cosmos';
import { DefaultAzureCredential } from '@azure/identity';
import {
  assertField,
  Collection,
  CollectionName,
  COLLECTIONS,
  ConflictError,
  FindOptions,
  PreconditionFailedError,
  Scalar,
  Store,
  Versioned,
} from './types';

export interface CosmosOptions {
  endpoint: string;
  /** Account key; without one the client signs in with managed identity (DefaultAzureCredential). */
  key?: string;
  database: string;
}

/** The stored shape: our value under `v`, so its fields never collide with Cosmos system fields. */
interface Doc<T> {
  id: string;
  pk: string;
  v: T;
  _etag?: string;
}

/** Container name for a collection (botstate is owned by CosmosDbPartitionedStorage). */
export function containerName(name: CollectionName): string {
  return name;
}

/** Azure Cosmos DB: one container per collection, partition key `/pk`. */
export class CosmosStore implements Store {
  readonly kind = 'cosmos' as const;
  private readonly containers = new Map<CollectionName, CosmosCollection<object>>();

  private constructor(
    readonly client: CosmosClient,
    readonly database: Database,
  ) {}

  static client(options: CosmosOptions): CosmosClient {
    return new CosmosClient({
      endpoint: options.endpoint,
      ...(options.key ? { key: options.key } : { aadCredentials: new DefaultAzureCredential() }),
      connectionPolicy: { enableEndpointDiscovery: false },
    });
  }

  /** Connects, creating the database and the containers when they are missing. */
  static async open(options: CosmosOptions): Promise<CosmosStore> {
    const client = CosmosStore.client(options);
    const { database } = await client.databases.createIfNotExists({ id: options.database });
    const store = new CosmosStore(client, database);
    for (const name of COLLECTIONS) {
      if (name === 'botstate') continue;
      const { container } = await database.containers.createIfNotExists({
        id: containerName(name),
        partitionKey: { paths: ['/pk'] },
      });
      store.containers.set(name, new CosmosCollection<object>(container, name));
    }
    return store;
  }

  collection<T extends object>(name: CollectionName): Collection<T> {
    const c = this.containers.get(name);
    if (!c) throw new Error(`collection ${name} is not stored through CosmosStore`);
    return c as unknown as Collection<T>;
  }

  async ping(): Promise<void> {
    await this.database.read();
  }

  async close(): Promise<void> {
    this.client.dispose();
  }
}

function statusOf(err: unknown): number | undefined {
  return (err as ErrorResponse | undefined)?.code as number | undefined;
}

class CosmosCollection<T extends object> implements Collection<T> {
  constructor(
    private readonly container: Container,
    private readonly name: CollectionName,
  ) {}

  private toVersioned(doc: Doc<T>): Versioned<T> {
    return { id: doc.id, pk: doc.pk, etag: doc._etag ?? '', value: doc.v };
  }

  async get(pk: string, id: string): Promise<Versioned<T> | undefined> {
    try {
      const { resource } = await this.container.item(id, pk).read<Doc<T>>();
      return resource ? this.toVersioned(resource) : undefined;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async create(pk: string, id: string, value: T): Promise<Versioned<T>> {
    try {
      const { resource } = await this.container.items.create<Doc<T>>({ id, pk, v: value });
      return this.toVersioned(resource as Doc<T>);
    } catch (err) {
      if (statusOf(err) === 409) throw new ConflictError(this.name, id);
      throw err;
    }
  }

  async replace(pk: string, id: string, value: T, etag: string): Promise<Versioned<T>> {
    try {
      const { resource } = await this.container
        .item(id, pk)
        .replace<Doc<T>>({ id, pk, v: value }, { accessCondition: { type: 'IfMatch', condition: etag } });
      return this.toVersioned(resource as Doc<T>);
    } catch (err) {
      const status = statusOf(err);
      if (status === 412 || status === 404) throw new PreconditionFailedError(this.name, id);
      throw err;
    }
  }

  async upsert(pk: string, id: string, value: T): Promise<Versioned<T>> {
    const { resource } = await this.container.items.upsert<Doc<T>>({ id, pk, v: value });
    return this.toVersioned(resource as Doc<T>);
  }

  async delete(pk: string, id: string, etag?: string): Promise<boolean> {
    try {
      await this.container.item(id, pk).delete(etag === undefined ? undefined : { accessCondition: { type: 'IfMatch', condition: etag } });
      return true;
    } catch (err) {
      const status = statusOf(err);
      if (status === 404) return false;
      if (status === 412) throw new PreconditionFailedError(this.name, id);
      throw err;
    }
  }

  async find(pk: string | undefined, options: FindOptions = {}): Promise<Versioned<T>[]> {
    if (options.orderBy) assertField(options.orderBy.field);
    const clauses: string[] = [];
    const parameters: SqlParameter[] = [];
    // The partitionKey query option is not honoured everywhere, so the partition is always filtered in WHERE.
    if (pk !== undefined) {
      clauses.push('c.pk = @pk');
      parameters.push({ name: '@pk', value: pk });
    }
    let n = 0;
    const param = (value: Scalar): string => {
      const name = `@p${n++}`;
      parameters.push({ name, value });
      return name;
    };
    for (const [field, value] of Object.entries(options.where ?? {})) {
      clauses.push(value === null ? isNullOrMissing(field) : `${prop(field)} = ${param(value)}`);
    }
    if (options.whereIn) {
      const { field, values } = options.whereIn;
      assertField(field);
      const present = values.filter((v) => v !== null);
      const alternatives: string[] = [];
      if (present.length > 0) alternatives.push(`${prop(field)} IN (${present.map(param).join(', ')})`);
      // As in `where`, null stands for null or missing; IN (null) alone would miss documents without the field.
      if (present.length < values.length) alternatives.push(isNullOrMissing(field));
      if (alternatives.length === 0) return [];
      clauses.push(`(${alternatives.join(' OR ')})`);
    }
    const top = options.limit !== undefined ? `TOP ${Math.max(0, Math.floor(options.limit))} ` : '';
    let query = `SELECT ${top}* FROM c`;
    if (clauses.length > 0) query += ` WHERE ${clauses.join(' AND ')}`;
    if (options.orderBy) {
      query += ` ORDER BY ${prop(options.orderBy.field)} ${options.orderBy.desc ? 'DESC' : 'ASC'}`;
    }
    const { resources } = await this.container.items.query<Doc<T>>({ query, parameters }).fetchAll();
    const docs = resources.map((d) => this.toVersioned(d));
    // Without ORDER BY, Cosmos returns documents in no fixed order; match SQLite's (pk, id).
    if (!options.orderBy) docs.sort((a, b) => (a.pk === b.pk ? cmp(a.id, b.id) : cmp(a.pk, b.pk)));
    return docs;
  }
}

/**
 * A top-level field of the value as a query expression. Bracket notation, because dotted
 * access fails to parse for names that are query keywords (`c.v.value`, `c.v.order`).
 */
function prop(field: string): string {
  assertField(field);
  return `c.v["${field}"]`;
}

function isNullOrMissing(field: string): string {
  return `(NOT IS_DEFINED(${prop(field)}) OR IS_NULL(${prop(field)}))`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
