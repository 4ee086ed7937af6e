import http from 'node:http';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { BotUnderTest, message, people, seedSampleCustomer, startBot } from '../harness/bot';

/**
 * What /api/messages lets in, before authentication and before any parsing: JSON only, within
 * MAX_BODY_BYTES however it is sent, a sane depth, and a serviceUrl to answer on. A refusal
 * writes nothing (not even a temp file), changes nothing and answers at once.
 */
let bot: BotUnderTest;

beforeAll(async () => {
  bot = await startBot();
  await seedSampleCustomer(bot);
});

afterAll(async () => {
  await bot.stop();
});

/**
 * The regular files in the temp folder. Other processes (tests beside this one, CI) add and remove
 * folders there at any time, so a test compares which files are new, not how many entries there are.
 */
function tmpFiles(): Set<string> {
  return new Set(
    readdirSync(os.tmpdir(), { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name),
  );
}

/** Files that appeared in the temp folder since `before`. */
function newTmpFiles(before: Set<string>): string[] {
  return [...tmpFiles()].filter((f) => !before.has(f));
}

async function usersStored(): Promise<number> {
  return (await bot.app.deps.store.collection('users').find(undefined)).length;
}

async function alive(): Promise<void> {
  expect((await fetch(`${bot.server.url}/healthz`)).status).toBe(200);
}

/** POSTs with Transfer-Encoding: chunked (no Content-Length), `chunks` pieces of `chunk` bytes. */
function postChunked(contentType: string, head: string, chunk: string, chunks: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${bot.server.url}/api/messages`, { method: 'POST', headers: { 'content-type': contentType } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    // The server may answer and close before the last chunk: that is the point.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? undefined : reject(err)));
    req.write(head);
    let i = 0;
    const more = () => {
      while (i < chunks) {
        i++;
        if (!req.write(chunk)) return void req.once('drain', more);
      }
      req.end('"}');
    };
    more();
  });
}

describe('only JSON, within the size limit, however it is sent (before any parsing)', () => {
  test('a multipart/form-data upload gets 415 and leaves no file in the temp folder', async () => {
    const before = tmpFiles();
    const users = await usersStored();
    const form = new FormData();
    form.append('activity', JSON.stringify(message(people.customer, 'hello')));
    form.append('upload', new Blob([Buffer.alloc(200_000, 65)]), 'big.bin');
    const res = await fetch(`${bot.server.url}/api/messages`, { method: 'POST', body: form });
    expect(res.status).toBe(415);
    const chunked = await postChunked(
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n',
      'A'.repeat(65536),
      40,
    );
    expect(chunked).toBe(415);
    expect(newTmpFiles(before)).toEqual([]);
    expect(await usersStored()).toBe(users);
    await alive();
  });

  test('text/plain and form-urlencoded bodies get 415 even when they hold a valid activity', async () => {
    const body = JSON.stringify({ ...message(people.customer, 'merhaba', { conversationId: 'a:plain' }), serviceUrl: bot.connector.url });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', '']) {
      const res = await bot.post(body, type);
      expect(res.status).toBe(415);
    }
    expect(bot.connector.sent.filter((s) => s.conversationId === 'a:plain')).toEqual([]);
    await alive();
  });

  test('application/json with a charset is accepted', async () => {
    const a = { ...message(people.customer, 'merhaba', { conversationId: 'a:charset', locale: 'tr-TR' }), serviceUrl: bot.connector.url };
    const res = await bot.post(JSON.stringify(a), 'application/json; charset=utf-8');
    expect(res.status).toBe(200);
    expect(bot.connector.sent.filter((s) => s.conversationId === 'a:charset').length).toBeGreaterThan(0);
  });

  test('a chunked JSON body over MAX_BODY_BYTES gets 413 and is not processed', async () => {
    const before = tmpFiles();
    const a = { ...message(people.customer, '@@', { conversationId: 'a:chunked' }), serviceUrl: bot.connector.url };
    const [head] = JSON.stringify(a).split('@@');
    const status = await postChunked('application/json', head, 'x'.repeat(65536), 64);
    expect(status).toBe(413);
    expect(bot.connector.sent.filter((s) => s.conversationId === 'a:chunked')).toEqual([]);
    expect(newTmpFiles(before)).toEqual([]);
    await alive();
  });
});

describe('activities the bot cannot process get 400 at once', () => {
  test('an activity without serviceUrl gets 400 at once, with nothing stored', async () => {
    const users = await usersStored();
    for (const serviceUrl of [undefined, '', 42, 'not a url', 'file:///etc/passwd']) {
      const a: Record<string, unknown> = message(people.customer, 'merhaba', { conversationId: 'a:no-service-url' });
      if (serviceUrl !== undefined) a.serviceUrl = serviceUrl;
      const started = Date.now();
      const res = await bot.post(JSON.stringify(a));
      expect(res.status).toBe(400);
      // Without the check this waits ~12 s on the public Bot Framework endpoint.
      expect(Date.now() - started).toBeLessThan(5000);
    }
    expect(await usersStored()).toBe(users);
  });

  test('an activity nested deeper than 32 levels gets 400 before processing (it used to overflow the stack)', async () => {
    const users = await usersStored();
    const a: Record<string, unknown> = {
      ...message(people.customer, 'merhaba', { conversationId: 'a:deep' }),
      serviceUrl: bot.connector.url,
    };
    for (const [field, depth] of [
      ['conversation', 40],
      ['from', 20_000],
      ['channelData', 33],
    ] as const) {
      const shallow = { ...(a[field] as Record<string, unknown>), x: '@@' };
      const body = JSON.stringify({ ...a, [field]: shallow }).replace('"@@"', `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
      const res = await bot.post(body);
      expect(res.status).toBe(400);
    }
    expect(bot.connector.sent.filter((s) => s.conversationId === 'a:deep')).toEqual([]);
    expect(await usersStored()).toBe(users);
    await alive();
  });

  test('ordinary Teams nesting is still accepted', async () => {
    const a: Record<string, unknown> = {
      ...message(people.customer, 'merhaba', { conversationId: 'a:shallow', locale: 'tr-TR' }),
      serviceUrl: bot.connector.url,
    };
    let nested: unknown = 'x';
    for (let i = 0; i < 20; i++) nested = { n: nested };
    (a.channelData as Record<string, unknown>).extra = nested;
    const res = await bot.post(JSON.stringify(a));
    expect(res.status).toBe(200);
  });
});
