/**
 * The store contract: every Store implementation (SQLite file, Cosmos DB through the real
 * @azure/cosmos client against @vercel/cosmosdb-server) must pass this same suite.
 */
import {
  assertField,
  Collection,
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  Store,
  updateWithRetry,
  Versioned,
} from '../../../bot/platform/store/types';
import { OpenedStore, storeKinds } from '../../helpers/stores';

type Doc = Record<string, unknown>;

describe.each(storeKinds)('$name store contract', (kind) => {
  let opened: OpenedStore;
  let store: Store;
  let docs: Collection<Doc>;

  beforeEach(async () => {
    opened = await kind.open();
    store = opened.store;
    docs = store.collection<Doc>('tickets');
  });

  afterEach(async () => {
    await opened.cleanup();
  });

  it('reports its kind and answers ping', async () => {
    expect(store.kind).toBe(kind.name);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  describe('create and get', () => {
    it('returns what was created, with an etag, and get reads it back', async () => {
      const created = await docs.create('t1', 'a', { status: 'open', n: 1 });
      expect(created).toEqual({ pk: 't1', id: 'a', etag: expect.any(String), value: { status: 'open', n: 1 } });
      expect(created.etag.length).toBeGreaterThan(0);
      expect(await docs.get('t1', 'a')).toEqual(created);
    });

    it('get of a missing id, or of the id in another partition, is undefined', async () => {
      await docs.create('t1', 'a', { n: 1 });
      expect(await docs.get('t1', 'b')).toBeUndefined();
      expect(await docs.get('t2', 'a')).toBeUndefined();
    });

    it('create of an id that exists throws ConflictError and keeps the first value', async () => {
      const first = await docs.create('t1', 'a', { n: 1 });
      const dup = docs.create('t1', 'a', { n: 2 });
      await expect(dup).rejects.toBeInstanceOf(ConflictError);
      await expect(dup).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
      expect(await docs.get('t1', 'a')).toEqual(first);
    });

    it('collections are separate: the same pk and id live in two collections', async () => {
      await docs.create('t1', 'a', { from: 'tickets' });
      await store.collection<Doc>('customers').create('t1', 'a', { from: 'customers' });
      expect((await docs.get('t1', 'a'))?.value).toEqual({ from: 'tickets' });
      expect((await store.collection<Doc>('customers').get('t1', 'a'))?.value).toEqual({ from: 'customers' });
      expect(await docs.find(undefined)).toHaveLength(1);
    });
  });

  describe('replace', () => {
    it('with the current etag stores the value and returns a new etag', async () => {
      const created = await docs.create('t1', 'a', { status: 'open' });
      const replaced = await docs.replace('t1', 'a', { status: 'claimed', by: 'agent-1' }, created.etag);
      expect(replaced.value).toEqual({ status: 'claimed', by: 'agent-1' });
      expect(replaced.etag).not.toBe(created.etag);
      expect(await docs.get('t1', 'a')).toEqual(replaced);
    });

    it('with a stale etag throws PreconditionFailedError and leaves the stored value', async () => {
      const created = await docs.create('t1', 'a', { status: 'open' });
      const winner = await docs.replace('t1', 'a', { status: 'claimed', by: 'agent-1' }, created.etag);
      const loser = docs.replace('t1', 'a', { status: 'claimed', by: 'agent-2' }, created.etag);
      await expect(loser).rejects.toBeInstanceOf(PreconditionFailedError);
      await expect(loser).rejects.toMatchObject({ code: 'STORE_PRECONDITION' });
      expect(await docs.get('t1', 'a')).toEqual(winner);
    });

    it('of a missing document throws PreconditionFailedError and creates nothing', async () => {
      const other = await docs.create('t1', 'other', { n: 1 });
      await expect(docs.replace('t1', 'missing', { n: 2 }, other.etag)).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(await docs.get('t1', 'missing')).toBeUndefined();
    });
  });

  describe('upsert', () => {
    it('creates when missing and overwrites whatever version is stored', async () => {
      const first = await docs.upsert('t1', 'a', { n: 1 });
      expect(await docs.get('t1', 'a')).toEqual(first);
      const second = await docs.upsert('t1', 'a', { n: 2 });
      expect(second.value).toEqual({ n: 2 });
      expect(second.etag).not.toBe(first.etag);
      expect(await docs.get('t1', 'a')).toEqual(second);
    });

    it('moves the version on, so a writer holding the old etag loses', async () => {
      const created = await docs.create('t1', 'a', { n: 1 });
      await docs.upsert('t1', 'a', { n: 2 });
      await expect(docs.replace('t1', 'a', { n: 3 }, created.etag)).rejects.toBeInstanceOf(PreconditionFailedError);
      expect((await docs.get('t1', 'a'))?.value).toEqual({ n: 2 });
    });
  });

  describe('delete', () => {
    it('without an etag removes the document; deleting it again returns false', async () => {
      await docs.create('t1', 'a', { n: 1 });
      await expect(docs.delete('t1', 'a')).resolves.toBe(true);
      expect(await docs.get('t1', 'a')).toBeUndefined();
      await expect(docs.delete('t1', 'a')).resolves.toBe(false);
    });

    it('with the current etag removes the document', async () => {
      const created = await docs.create('t1', 'a', { n: 1 });
      await expect(docs.delete('t1', 'a', created.etag)).resolves.toBe(true);
      expect(await docs.get('t1', 'a')).toBeUndefined();
    });

    it('with a stale etag throws PreconditionFailedError and keeps the document', async () => {
      const created = await docs.create('t1', 'a', { n: 1 });
      const current = await docs.replace('t1', 'a', { n: 2 }, created.etag);
      await expect(docs.delete('t1', 'a', created.etag)).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(await docs.get('t1', 'a')).toEqual(current);
    });

    it('of a missing document returns false, with or without an etag', async () => {
      const other = await docs.create('t1', 'other', { n: 1 });
      await expect(docs.delete('t1', 'missing')).resolves.toBe(false);
      await expect(docs.delete('t1', 'missing', other.etag)).resolves.toBe(false);
      expect(await docs.get('t1', 'other')).toEqual(other);
    });

    it('removes only the document of the given partition', async () => {
      await docs.create('t1', 'a', { n: 1 });
      const kept = await docs.create('t2', 'a', { n: 2 });
      await expect(docs.delete('t1', 'a')).resolves.toBe(true);
      expect(await docs.get('t2', 'a')).toEqual(kept);
    });
  });

  describe('partitions', () => {
    it('hold the same id separately; find(pk) sees its own, find(undefined) sees all', async () => {
      const a = await docs.create('tenant-a', 'ticket-1', { tenant: 'a' });
      const b = await docs.create('tenant-b', 'ticket-1', { tenant: 'b' });
      const a2 = await docs.create('tenant-a', 'ticket-2', { tenant: 'a' });
      expect((await docs.get('tenant-a', 'ticket-1'))?.value).toEqual({ tenant: 'a' });
      expect((await docs.get('tenant-b', 'ticket-1'))?.value).toEqual({ tenant: 'b' });
      expect(await docs.find('tenant-a')).toEqual([a, a2]);
      expect(await docs.find('tenant-b')).toEqual([b]);
      expect(await docs.find('tenant-c')).toEqual([]);
      // Without orderBy, results come ordered by (pk, id) in both stores.
      expect(await docs.find(undefined)).toEqual([a, a2, b]);
    });
  });

  describe('find', () => {
    const seed: [pk: string, id: string, value: Doc][] = [
      ['t1', 'd1', { status: 'open', priority: 2, urgent: true, assignee: null, name: 'Ayşe', city: 'İstanbul' }],
      ['t1', 'd2', { status: 'pending', priority: 1, urgent: false, assignee: 'agent-1', name: 'Can', city: 'Ankara' }],
      ['t1', 'd3', { status: 'resolved', priority: 3, urgent: false, name: 'Deniz', city: 'izmir' }],
      ['t2', 'd4', { status: 'open', priority: 5, urgent: true, assignee: 'agent-2', name: 'Bora', city: 'İzmir' }],
      // Same-looking values of other JSON types: equality must not match across types.
      ['t2', 'd5', { status: 'open', priority: '2', urgent: 1, assignee: 'agent-1', name: 'Ece', city: 'Bursa' }],
    ];
    const ids = (found: Versioned<Doc>[]): string[] => found.map((d) => d.id);

    beforeEach(async () => {
      for (const [pk, id, value] of seed) await docs.create(pk, id, value);
    });

    it('where on a string field, in one partition or all', async () => {
      expect(ids(await docs.find(undefined, { where: { status: 'open' } }))).toEqual(['d1', 'd4', 'd5']);
      expect(ids(await docs.find('t1', { where: { status: 'open' } }))).toEqual(['d1']);
      expect(ids(await docs.find(undefined, { where: { city: 'İzmir' } }))).toEqual(['d4']);
      expect(ids(await docs.find(undefined, { where: { status: 'closed' } }))).toEqual([]);
    });

    it('where on a number field matches numbers only', async () => {
      expect(ids(await docs.find(undefined, { where: { priority: 2 } }))).toEqual(['d1']);
      expect(ids(await docs.find(undefined, { where: { priority: '2' } }))).toEqual(['d5']);
    });

    it('where on a boolean field matches booleans only', async () => {
      expect(ids(await docs.find(undefined, { where: { urgent: true } }))).toEqual(['d1', 'd4']);
      expect(ids(await docs.find(undefined, { where: { urgent: false } }))).toEqual(['d2', 'd3']);
      expect(ids(await docs.find(undefined, { where: { urgent: 1 } }))).toEqual(['d5']);
    });

    it('where null matches a null or missing field', async () => {
      expect(ids(await docs.find(undefined, { where: { assignee: null } }))).toEqual(['d1', 'd3']);
    });

    it('where with several fields requires all of them', async () => {
      expect(ids(await docs.find(undefined, { where: { status: 'open', assignee: 'agent-1' } }))).toEqual(['d5']);
      expect(ids(await docs.find(undefined, { where: { status: 'open', urgent: true, assignee: null } }))).toEqual(['d1']);
    });

    it('whereIn matches any of the values, typed, and nothing for an empty list', async () => {
      expect(ids(await docs.find(undefined, { whereIn: { field: 'status', values: ['open', 'pending'] } }))).toEqual([
        'd1',
        'd2',
        'd4',
        'd5',
      ]);
      expect(ids(await docs.find('t1', { whereIn: { field: 'priority', values: [1, 3, 5] } }))).toEqual(['d2', 'd3']);
      expect(ids(await docs.find(undefined, { whereIn: { field: 'priority', values: [2] } }))).toEqual(['d1']);
      expect(ids(await docs.find(undefined, { whereIn: { field: 'status', values: [] } }))).toEqual([]);
    });

    it('whereIn with null also matches a null or missing field, like where', async () => {
      expect(ids(await docs.find(undefined, { whereIn: { field: 'assignee', values: [null, 'agent-2'] } }))).toEqual(['d1', 'd3', 'd4']);
    });

    it('where and whereIn combine', async () => {
      const found = await docs.find(undefined, { where: { urgent: false }, whereIn: { field: 'status', values: ['pending', 'open'] } });
      expect(ids(found)).toEqual(['d2']);
    });

    it('orderBy sorts ascending and descending on numbers and strings', async () => {
      expect(ids(await docs.find('t1', { orderBy: { field: 'priority' } }))).toEqual(['d2', 'd1', 'd3']);
      expect(ids(await docs.find('t1', { orderBy: { field: 'priority', desc: true } }))).toEqual(['d3', 'd1', 'd2']);
      expect(ids(await docs.find(undefined, { orderBy: { field: 'name' } }))).toEqual(['d1', 'd4', 'd2', 'd3', 'd5']);
      expect(ids(await docs.find(undefined, { where: { status: 'open' }, orderBy: { field: 'name', desc: true } }))).toEqual([
        'd5',
        'd4',
        'd1',
      ]);
    });

    it('limit returns the first n of the requested order', async () => {
      expect(ids(await docs.find('t1', { orderBy: { field: 'priority', desc: true }, limit: 2 }))).toEqual(['d3', 'd1']);
      expect(ids(await docs.find(undefined, { where: { status: 'open' }, orderBy: { field: 'name' }, limit: 1 }))).toEqual(['d1']);
      expect(await docs.find(undefined, { orderBy: { field: 'name' }, limit: 0 })).toEqual([]);
    });

    it('limit without orderBy returns n documents of the query', async () => {
      const found = await docs.find(undefined, { where: { status: 'open' }, limit: 2 });
      expect(found).toHaveLength(2);
      for (const d of found) expect(['d1', 'd4', 'd5']).toContain(d.id);
    });

    it('works on fields named like query keywords', async () => {
      await docs.create('t3', 'k1', { value: 1, order: 'b', select: true });
      await docs.create('t3', 'k2', { value: 2, order: 'a', select: false });
      expect(ids(await docs.find('t3', { where: { value: 2 } }))).toEqual(['k2']);
      expect(ids(await docs.find('t3', { whereIn: { field: 'select', values: [true] } }))).toEqual(['k1']);
      expect(ids(await docs.find('t3', { orderBy: { field: 'order' } }))).toEqual(['k2', 'k1']);
    });

    it('returns documents with their current etags, usable for replace', async () => {
      const [d1] = await docs.find('t1', { where: { status: 'open' } });
      expect(d1).toEqual(await docs.get('t1', 'd1'));
      await expect(docs.replace('t1', 'd1', { ...d1.value, status: 'pending' }, d1.etag)).resolves.toMatchObject({
        value: { status: 'pending' },
      });
    });
  });

  describe('field names', () => {
    it('find rejects injection-like field names in where, whereIn and orderBy and changes nothing', async () => {
      const kept = await docs.create('t1', 'a', { status: 'open' });
      const bad = "status') IS NULL OR 1=1 --";
      await expect(docs.find(undefined, { where: { [bad]: 'x' } })).rejects.toThrow(/invalid field name/);
      await expect(docs.find(undefined, { whereIn: { field: 'status"] OR 1=1 --', values: ['x'] } })).rejects.toThrow(/invalid field name/);
      await expect(docs.find(undefined, { orderBy: { field: 'status; DROP TABLE docs' } })).rejects.toThrow(/invalid field name/);
      // Also when the query would have returned nothing anyway.
      await expect(docs.find(undefined, { whereIn: { field: 'a b', values: [] }, orderBy: { field: 'status' } })).rejects.toThrow(
        /invalid field name/,
      );
      await expect(docs.find(undefined, { whereIn: { field: 'status', values: [] }, orderBy: { field: 'a b' } })).rejects.toThrow(
        /invalid field name/,
      );
      expect(await docs.find(undefined)).toEqual([kept]);
    });
  });

  describe('updateWithRetry', () => {
    it('loses no update under 20 concurrent increments', async () => {
      await docs.create('t1', 'counter', { count: 0, by: [] });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          updateWithRetry(docs, 't1', 'counter', (cur) => ({ count: (cur.count as number) + 1, by: [...(cur.by as number[]), i] })),
        ),
      );
      const stored = await docs.get('t1', 'counter');
      expect(stored?.value.count).toBe(20);
      expect([...(stored?.value.by as number[])].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      // Each caller got back the version it wrote: counts 1..20, each once.
      expect(results.map((r) => r?.value.count).sort((x, y) => (x as number) - (y as number))).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
    });

    it('leaves the document and its etag alone when the change returns undefined', async () => {
      const created = await docs.create('t1', 'a', { n: 1 });
      await expect(updateWithRetry(docs, 't1', 'a', () => undefined)).resolves.toEqual(created);
      expect(await docs.get('t1', 'a')).toEqual(created);
    });

    it('throws NotFoundError for a missing document', async () => {
      await expect(updateWithRetry(docs, 't1', 'missing', (cur) => cur)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('runs beforeWrite before each write attempt with the value about to be written, and a failing one writes nothing', async () => {
      await docs.create('t1', 'indexed', { n: 0 });
      const seen: number[] = [];
      const writers = Array.from({ length: 5 }, () =>
        updateWithRetry(
          docs,
          't1',
          'indexed',
          (cur) => ({ n: (cur.n as number) + 1 }),
          30,
          async (next) => {
            // The index entry is there before the write it announces.
            await store.collection<Doc>('jobs').upsert('index', `n-${String(next.n)}`, { n: next.n });
            seen.push(next.n as number);
          },
        ),
      );
      await Promise.all(writers);
      expect((await docs.get('t1', 'indexed'))?.value.n).toBe(5);
      // Every value written was announced first (losers announce values that were never written: harmless).
      const announced = (await store.collection<Doc>('jobs').find('index')).map((d) => d.value.n as number);
      expect([1, 2, 3, 4, 5].every((n) => announced.includes(n))).toBe(true);
      expect(seen.length).toBeGreaterThanOrEqual(5);
      const failing = updateWithRetry(
        docs,
        't1',
        'indexed',
        (cur) => ({ n: (cur.n as number) + 1 }),
        8,
        async () => {
          throw new Error('index unavailable');
        },
      );
      await expect(failing).rejects.toThrow('index unavailable');
      expect((await docs.get('t1', 'indexed'))?.value.n).toBe(5);
    });
  });

  describe('values', () => {
    it('round-trip nested objects, arrays, numbers and Turkish text unchanged', async () => {
      const value: Doc = {
        title: 'Fatura ödemesi: İŞLEM başarısız — ığüşöç ĞÜŞİÖÇ',
        customer: {
          name: 'Şirket A.Ş.',
          contacts: [{ name: 'Çağrı Işık', email: 'cagri@example.com' }],
          address: { city: 'İstanbul', zip: '34000' },
        },
        amounts: [0, -12.5, 1e21, 0.1 + 0.2],
        flags: { overdue: true, suspended: false, note: null },
        empty: { list: [], text: '' },
        emoji: '💳🧾',
        quotes: `it's "quoted" \\ back\nslash`,
      };
      const created = await docs.create('t1', 'v', value);
      expect(created.value).toEqual(value);
      expect((await docs.get('t1', 'v'))?.value).toEqual(value);
      expect((await docs.find('t1'))[0].value).toEqual(value);
    });

    it('may carry fields named like the store metadata without changing the document identity', async () => {
      const value: Doc = { id: 'other', pk: 'other-pk', etag: 'fake', _etag: 'fake', v: 'inner', _ts: 1, _rid: 'x' };
      const created = await docs.create('t1', 'real', value);
      expect(created).toMatchObject({ pk: 't1', id: 'real', value });
      expect(created.etag).not.toBe('fake');
      expect((await docs.get('t1', 'real'))?.value).toEqual(value);
      expect(await docs.get('other-pk', 'other')).toBeUndefined();
    });
  });
});

describe('assertField', () => {
  it.each(['status', '_private', 'a1', 'x'.repeat(64)])('accepts %j', (field) => {
    expect(() => assertField(field)).not.toThrow();
  });

  it.each(['', '1a', 'a.b', 'a b', "a'", 'a"]', "x') OR 1=1 --", 'c.v) OR (1=1', 'a[0]', 'x'.repeat(65), 'İsim'])('rejects %j', (field) => {
    expect(() => assertField(field)).toThrow(/invalid field name/);
  });
});
