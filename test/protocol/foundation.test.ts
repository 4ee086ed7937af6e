import { SQLITE_FILE } from '../../bot/platform/store/sqlite';
import {
  ADMIN_ID,
  AGENT_ID,
  BotUnderTest,
  cardAction,
  CUSTOMER_TENANT,
  installationUpdate,
  installed,
  message,
  people,
  STAFF_NO_ROLE_ID,
  seedSampleCustomer,
  startBot,
  textOf,
} from '../harness/bot';
import { existsSync } from 'node:fs';
import path from 'node:path';

let bot: BotUnderTest;

beforeAll(async () => {
  bot = await startBot();
  await seedSampleCustomer(bot);
});

afterAll(async () => {
  await bot.stop();
});

describe('health and HTTP hardening', () => {
  test('healthz answers 200 with the store kind', async () => {
    const res = await fetch(`${bot.server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', store: 'sqlite' });
    expect(existsSync(path.join(bot.dataDir, SQLITE_FILE))).toBe(true);
  });

  test('malformed JSON gets 400, not a crash', async () => {
    expect((await bot.post('{"type": "message", ')).status).toBe(400);
  });

  test('JSON that is not an activity gets 400', async () => {
    expect((await bot.post('[1,2,3]')).status).toBe(400);
    expect((await bot.post('{"text":"no type"}')).status).toBe(400);
  });

  test('an oversized body gets 413 and the bot keeps serving', async () => {
    const huge = JSON.stringify({ ...message(people.customer, 'x'.repeat(400_000)), serviceUrl: bot.connector.url });
    expect((await bot.post(huge)).status).toBe(413);
    const { status, replies } = await bot.send(message(people.customer, 'hello'));
    expect(status).toBe(200);
    expect(replies.length).toBe(1);
  });
});

describe('first contact', () => {
  test.each([
    ['en-US', 'Welcome to Contoso Cloud Partners billing support', 'Here is what I can do for you'],
    ['tr-TR', 'Contoso Cloud Partners faturalama desteğine hoş geldiniz', 'Sizin için yapabileceklerim'],
  ])('a customer who installs the app (%s) gets one welcome card in their language', async (locale, title, canDo) => {
    const conversationId = `a:welcome-${locale}`;
    const first = await bot.send(installed(people.customer, { locale, conversationId }));
    const second = await bot.send(installationUpdate(people.customer, { locale, conversationId }));
    expect(first.replies).toHaveLength(1);
    expect(second.replies).toHaveLength(0);
    const card = first.replies[0].body.attachments as { contentType: string }[];
    expect(card[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    const text = textOf(first.replies[0].body);
    expect(text).toContain(title);
    expect(text).toContain(canDo);
    expect(text).toContain('Anadolu Lojistik A.Ş.');
    expect(text).not.toContain('${');
    // Changed on purpose (#9, item 1): its buttons are Action.Execute (imBack sends nothing in the Agents
    // Playground), and each leads somewhere real.
    const content = (
      first.replies[0].body.attachments as { content: { actions: { type: string; verb: string; data: Record<string, unknown> }[] } }[]
    )[0].content;
    expect(content.actions.map((a) => [a.type, a.verb])).toEqual(Array(3).fill(['Action.Execute', 'menu.open']));
    for (const action of content.actions) {
      const followUp = await bot.send(cardAction(people.customer, action.verb, action.data, { locale, conversationId }));
      expect(followUp.replies.length).toBeGreaterThan(0);
      expect(textOf(followUp.replies[0].body)).not.toMatch(/I'm not sure I can answer|yanıtlayabileceğimden emin değilim/);
    }
  });

  test('with an unsupported Teams locale the customer directory locale (tr) is used', async () => {
    const { replies } = await bot.send(installed(people.customer, { locale: 'de-DE', conversationId: 'a:welcome-de' }));
    expect(textOf(replies[0].body)).toContain('hoş geldiniz');
  });

  test.each([
    ['en-US', 'We can only help our own customers', 'Azure portal'],
    ['tr-TR', 'Yalnızca kendi müşterilerimize yardımcı olabiliyoruz', 'Azure portalı'],
  ])('an unknown tenant (%s) is told politely, with the non-CSP guidance, and nothing is kept', async (locale, title, portal) => {
    const { replies } = await bot.send(installed(people.stranger, { locale }));
    const text = textOf(replies[0].body);
    expect(text).toContain(title);
    expect(text).toContain(portal);
    const again = await bot.send(message(people.stranger, 'I need an invoice copy', { locale }));
    expect(textOf(again.replies[0].body)).toContain(title);
    expect(await bot.app.deps.store.collection('users').find(people.stranger.tenantId)).toEqual([]);
  });

  test.each([
    ['en-US', 'staff commands'],
    ['tr-TR', 'personel komutları'],
  ])('staff who install the app (%s) get the staff help', async (locale, title) => {
    const { replies } = await bot.send(installed(people.agent, { locale, conversationId: `a:staff-${locale}` }));
    expect(textOf(replies[0].body)).toContain(title);
  });

  test.each([
    ['en-US', 'hi', 'Which product is your question about?'],
    ['tr-TR', 'merhaba', 'Sorunuz hangi ürünle ilgili?'],
  ])('a customer greeting (%s) starts the guided questions', async (locale, text, expected) => {
    const { replies } = await bot.send(message(people.customer, text, { locale, conversationId: `a:greet-${locale}` }));
    expect(textOf(replies[0].body)).toContain(expected);
  });

  test('the latest conversation reference and language of a customer are kept', async () => {
    await bot.send(message(people.customer, 'merhaba', { locale: 'tr-TR', conversationId: 'a:latest' }));
    const user = await bot.app.deps.users.get(CUSTOMER_TENANT, people.customer.aadObjectId);
    expect(user?.language).toBe('tr');
    expect((user?.conversationReference as { conversation: { id: string } }).conversation.id).toBe('a:latest');
  });

  test.each([
    ['en-US', 'too long'],
    ['tr-TR', 'uzun'],
  ])('an oversized message (%s) is declined in the user language', async (locale, expected) => {
    const { replies } = await bot.send(message(people.customer, 'ü'.repeat(5000), { locale }));
    expect(textOf(replies[0].body)).toContain(expected);
  });
});

describe('staff commands and roles', () => {
  test.each([
    ['en-US', 'help', 'Commands you can use'],
    ['tr-TR', 'yardım', 'Kullanabileceğiniz komutlar'],
    ['tr-TR', 'YARDIM', 'Kullanabileceğiniz komutlar'],
  ])('help (%s, "%s") lists the commands', async (locale, text, heading) => {
    const { replies } = await bot.send(message(people.admin, text, { locale }));
    const shown = textOf(replies[0].body);
    expect(shown).toContain(heading);
    expect(shown).toContain('grant');
  });

  test('commands match exactly, not by substring', async () => {
    const { replies } = await bot.send(message(people.admin, 'please help me'));
    expect(textOf(replies[0].body)).toContain("I don't know that command");
  });

  test.each([
    ['en-US', 'ticket', 'Type it like this: **ticket ‹number›**'],
    ['tr-TR', 'grant admin', 'Şöyle yazın: **grant ‹rol› ‹kişi›**'],
  ])('a command with the wrong arguments (%s "%s") says how to type it', async (locale, text, expected) => {
    const { replies } = await bot.send(message(people.admin, text, { locale }));
    expect(textOf(replies[0].body)).toContain(expected);
  });

  test('an @mention in a channel is removed before matching', async () => {
    const { replies } = await bot.send(message(people.admin, 'roles', { conversationType: 'channel' }));
    expect(textOf(replies[0].body)).toContain('Staff roles');
  });

  test('roles lists the seeded roles', async () => {
    const { replies } = await bot.send(message(people.admin, 'roles'));
    const text = textOf(replies[0].body);
    expect(text).toContain(`${ADMIN_ID}: Admin`);
    expect(text).toContain(`${AGENT_ID}: Helpdesk agent`);
  });

  test.each([
    ['en-US', 'needs one of these roles', 'Nothing was changed'],
    ['tr-TR', 'şu rollerden biri gerekir', 'Hiçbir şey değişmedi'],
  ])('a helpdesk agent may not grant (%s): polite refusal, nothing changes', async (locale, refusal, unchanged) => {
    const { replies } = await bot.send(message(people.agent, `grant admin ${STAFF_NO_ROLE_ID}`, { locale }));
    const text = textOf(replies[0].body);
    expect(text).toContain(refusal);
    expect(text).toContain(unchanged);
    expect(await bot.app.deps.roles.rolesOf(STAFF_NO_ROLE_ID)).toEqual([]);
  });

  test('an admin grants and revokes a role', async () => {
    let r = await bot.send(message(people.admin, `grant billing-admin ${STAFF_NO_ROLE_ID}`));
    expect(textOf(r.replies[0].body)).toContain('now has the role **Billing admin**');
    expect(await bot.app.deps.roles.rolesOf(STAFF_NO_ROLE_ID)).toEqual(['billing-admin']);
    r = await bot.send(message(people.admin, `grant billing-admin ${STAFF_NO_ROLE_ID}`));
    expect(textOf(r.replies[0].body)).toContain('already has');
    r = await bot.send(message(people.admin, `revoke billing-admin ${STAFF_NO_ROLE_ID}`, { locale: 'tr-TR' }));
    expect(textOf(r.replies[0].body)).toContain('artık **Faturalama yöneticisi** rolüne sahip değil');
    expect(await bot.app.deps.roles.rolesOf(STAFF_NO_ROLE_ID)).toEqual([]);
  });

  test('bad role names, bad ids and removing the last admin change nothing', async () => {
    let r = await bot.send(message(people.admin, `grant overlord ${STAFF_NO_ROLE_ID}`));
    expect(textOf(r.replies[0].body)).toContain('is not a role');
    r = await bot.send(message(people.admin, 'grant admin not-a-guid'));
    expect(textOf(r.replies[0].body)).toContain('does not look like an Entra object id');
    r = await bot.send(message(people.admin, `revoke admin ${ADMIN_ID}`));
    expect(textOf(r.replies[0].body)).toContain('last admin');
    expect(await bot.app.deps.roles.rolesOf(ADMIN_ID)).toEqual(['admin']);
  });

  test('staff without a role can ask for help but not set up escalations', async () => {
    const r = await bot.send(message(people.staff, 'setup escalations', { conversationType: 'channel' }));
    expect(textOf(r.replies[0].body)).toContain('needs one of these roles');
    expect(await bot.app.deps.settings.escalationChannel()).toBeUndefined();
  });

  test('setup escalations: only in a channel, then the channel is stored', async () => {
    let r = await bot.send(message(people.admin, 'setup escalations'));
    expect(textOf(r.replies[0].body)).toContain('in the team channel');
    r = await bot.send(message(people.admin, 'setup escalations', { conversationType: 'channel', locale: 'tr-TR' }));
    expect(textOf(r.replies[0].body)).toContain('bu kanala gönderilecek');
    const channel = await bot.app.deps.settings.escalationChannel();
    expect(channel?.conversationId).toBe('19:escalations@thread.tacv2');
    expect(channel?.teamId).toBe('19:team@thread.tacv2');
  });

  test('customers cannot run staff commands', async () => {
    const { replies } = await bot.send(message(people.customer, `grant admin ${people.customer.aadObjectId}`));
    expect(textOf(replies[0].body)).not.toContain('now has the role');
    expect(await bot.app.deps.roles.rolesOf(people.customer.aadObjectId)).toEqual([]);
  });
});

describe('card actions', () => {
  test.each([
    ['en-US', 'not something I recognise'],
    ['tr-TR', 'Bu düğmeyi tanımıyorum'],
  ])('an unknown verb (%s) gets a localized refusal card', async (locale, expected) => {
    const { status, body } = await bot.send(cardAction(people.customer, 'ticket.destroyAll', {}, { locale }));
    expect(status).toBe(200);
    expect(textOf((body as { value: Record<string, unknown> }).value)).toContain(expected);
  });

  test('a malformed invoke is refused, not crashed on', async () => {
    const a = cardAction(people.customer, 'x', {});
    a.value = { action: 'nonsense' };
    const { status, body } = await bot.send(a);
    expect(status).toBe(200);
    expect(textOf((body as { value: Record<string, unknown> }).value)).toContain("couldn't read that request");
  });
});

describe('errors and logs', () => {
  test('message text never reaches the info log', async () => {
    await bot.send(message(people.customer, 'my secret invoice question 12345'));
    expect(bot.logs.join('')).not.toContain('secret invoice question');
  });

  test.each([
    ['en-US', 'something went wrong on our side'],
    ['tr-TR', 'bizim tarafımızda bir sorun oluştu'],
  ])('a failing turn (%s) tells the user, with a reference, never the raw error', async (locale, expected) => {
    const broken = await startBot();
    await broken.app.deps.store.close();
    const { status, replies } = await broken.send(message(people.customer, 'hello', { locale }));
    const logs = broken.logs.join('');
    await broken.stop();
    expect(status).toBeLessThan(500);
    const text = textOf(replies[0].body);
    expect(text).toContain(expected);
    const ref = /([0-9a-f]{8})/.exec(text)?.[1];
    expect(ref).toBeDefined();
    expect(text).not.toMatch(/database|connection|TypeError/i);
    expect(logs).toContain('"code":"BHD-001"');
    expect(logs).toContain(`"correlationId":"${ref}"`);
  });

  test('healthz is 503 when the store does not answer', async () => {
    const broken = await startBot();
    await broken.app.deps.store.close();
    const res = await fetch(`${broken.server.url}/healthz`);
    await broken.stop();
    expect(res.status).toBe(503);
  });
});
