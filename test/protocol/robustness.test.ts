import { gzipSync } from 'node:zlib';
import {
  BotUnderTest,
  cardAction,
  CUSTOMER_TENANT,
  installed,
  message,
  people,
  seedSampleCustomer,
  startBot,
  textOf,
} from '../harness/bot';

/** Odd, hostile or failing input: a clear answer, nothing changed, never a crash or a 5xx. */
let bot: BotUnderTest;

beforeAll(async () => {
  bot = await startBot();
  await seedSampleCustomer(bot);
});

afterAll(async () => {
  await bot.stop();
});

async function alive(): Promise<void> {
  expect((await fetch(`${bot.server.url}/healthz`)).status).toBe(200);
}

describe('HTTP', () => {
  test('a compressed body is refused with 415 (bad gzip would crash the parser; good gzip would dodge the size limit)', async () => {
    for (const body of [Buffer.from('not gzip at all'), gzipSync(JSON.stringify({ type: 'message', text: 'x'.repeat(5_000_000) }))]) {
      const res = await fetch(`${bot.server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body,
      });
      expect(res.status).toBe(415);
    }
    await alive();
  });

  test('a declared length over the limit is refused with 413 whatever the content type', async () => {
    const res = await fetch(`${bot.server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(3_000_000, 1),
    });
    expect(res.status).toBe(413);
    await alive();
  });
});

describe('partial and odd activities', () => {
  test('a non-string text gets the normal flow, not an error', async () => {
    const a = message(people.customer, 'x', { conversationId: 'a:odd-text' });
    a.text = 12345;
    const { status, replies } = await bot.send(a);
    expect(status).toBeLessThan(500);
    expect(replies.map((r) => textOf(r.body)).join('\n')).not.toMatch(/something went wrong|bir sorun oluştu/);
  });

  test('a malformed membersAdded is ignored', async () => {
    for (const membersAdded of ['x', [null], [{}]]) {
      const a = installed(people.customer, { conversationId: 'a:odd-members' });
      a.membersAdded = membersAdded;
      const { status, replies } = await bot.send(a);
      expect(status).toBeLessThan(500);
      expect(replies.map((r) => textOf(r.body)).join('\n')).not.toMatch(/something went wrong|bir sorun oluştu/);
    }
  });

  test('card data nested too deep to serialise is refused with a card, not a 5xx', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 20000; i++) deep = [deep];
    const a = cardAction(people.customer, 'ticket.create', { draftId: 'd-12345678' });
    (a.value as { action: { data: Record<string, unknown> } }).action.data.x = deep;
    // JSON.stringify of the request itself would overflow too: build the body by hand.
    const body = JSON.stringify({
      ...a,
      value: { action: { type: 'Action.Execute', verb: 'ticket.create', data: '@@' } },
      serviceUrl: bot.connector.url,
    }).replace('"@@"', `{"draftId":"d-12345678","x":${'['.repeat(5000)}1${']'.repeat(5000)}}`);
    const res = await bot.post(body);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/too long|too large|couldn't read/i);
    await alive();
  });
});

describe('answer feedback as the contract words it', () => {
  test('answer.notHelpful with only data.section offers a person', async () => {
    const a = cardAction(people.customer, 'answer.notHelpful', { section: 'invoices' }, { conversationId: 'a:only-section' });
    const { body } = await bot.send(a);
    expect(textOf((body as { value: Record<string, unknown> }).value)).toContain("didn't help");
    const offers = bot.connector.sent.filter(
      (s) => s.conversationId === 'a:only-section' && JSON.stringify(s.body).includes('ticket.create'),
    );
    expect(offers).toHaveLength(1);
  });

  test('a "not helpful" click retried by Teams with a new activity id offers a person once', async () => {
    const first = cardAction(people.customer, 'answer.notHelpful', { section: 'tax', product: 'azure' }, { conversationId: 'a:retried' });
    first.replyToId = 'answer-message-1';
    const retry = { ...first, id: `${String(first.id)}-retry` };
    await bot.send(first);
    await bot.send(retry);
    const offers = bot.connector.sent.filter((s) => s.conversationId === 'a:retried' && JSON.stringify(s.body).includes('ticket.create'));
    expect(offers).toHaveLength(1);
  });
});

describe('proactive delivery', () => {
  test('a failing channel is retried: the customer gets the notice, never an error message', async () => {
    const conversationId = 'a:proactive';
    await bot.send(message(people.customer, 'merhaba', { locale: 'tr-TR', conversationId }));
    await bot.send(message(people.admin, 'setup escalations', { conversationType: 'channel' }));
    const offer = await bot.send(
      cardAction(
        people.customer,
        'ticket.create',
        { draftId: 'd-proactive-1', question: 'Fatura kopyası lazım', product: 'm365', topic: 'invoice', section: 'invoices' },
        {
          locale: 'tr-TR',
          conversationId,
        },
      ),
    );
    expect(offer.status).toBe(200);
    const ticket = (await bot.app.deps.store.collection<{ number: number }>('tickets').find(CUSTOMER_TENANT)).find(
      (t) => t.value.number > 0,
    )!;
    bot.connector.failNext(conversationId, 503, 503);
    const claim = await bot.send(
      cardAction(people.agent, 'ticket.claim', { number: ticket.value.number }, { conversationType: 'channel' }),
    );
    expect(claim.status).toBe(200);
    const notice = await bot.connector.waitFor(
      (s) =>
        s.conversationId === conversationId &&
        textOf(s.body).includes(`#${ticket.value.number}`) &&
        /üstlendi|ilgileniyor/.test(textOf(s.body)),
      20000,
    );
    expect(notice).toBeDefined();
    const toCustomer = bot.connector.sent.filter((s) => s.conversationId === conversationId).map((s) => textOf(s.body));
    expect(toCustomer.join('\n')).not.toMatch(/something went wrong|bir sorun oluştu/);
  });
});
