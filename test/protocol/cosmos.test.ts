import { BotUnderTest, installed, message, people, STAFF_NO_ROLE_ID, seedSampleCustomer, startBot, textOf } from '../harness/bot';
import { CosmosTestServer, startCosmosServer } from '../helpers/cosmosServer';

/** The same bot, configured with COSMOS_ENDPOINT: all data, dialog state included, in Cosmos. */
let cosmos: CosmosTestServer;
let bot: BotUnderTest;
let env: Record<string, string>;

beforeAll(async () => {
  cosmos = await startCosmosServer();
  env = { COSMOS_ENDPOINT: cosmos.endpoint, COSMOS_KEY: cosmos.key, COSMOS_DATABASE: 'helpdesk-test' };
  bot = await startBot(env);
  await seedSampleCustomer(bot, 'overdue');
});

afterAll(async () => {
  await bot.stop();
  await cosmos.close();
});

test('healthz reports the Cosmos store', async () => {
  const res = await fetch(`${bot.server.url}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok', store: 'cosmos' });
});

test('welcome once, roles, and the guided flow keep their state in Cosmos across a restart', async () => {
  const conversationId = 'a:cosmos-journey';
  const first = await bot.send(installed(people.customer, { locale: 'tr-TR', conversationId }));
  expect(textOf(first.replies[0].body)).toContain('hoş geldiniz');
  const granted = await bot.send(message(people.admin, `grant sales-agent ${STAFF_NO_ROLE_ID}`));
  expect(textOf(granted.replies[0].body)).toContain('now has the role');
  const menu = await bot.send(message(people.customer, 'menü', { locale: 'tr-TR', conversationId }));
  expect(textOf(menu.replies[0].body)).toContain('Sorunuz hangi ürünle ilgili?');

  await bot.stop();
  bot = await startBot(env);

  expect((await bot.send(installed(people.customer, { locale: 'tr-TR', conversationId }))).replies).toHaveLength(0);
  expect(await bot.app.deps.roles.rolesOf(STAFF_NO_ROLE_ID)).toEqual(['sales-agent']);
  const product = await bot.send(message(people.customer, 'Azure', { locale: 'tr-TR', conversationId }));
  expect(textOf(product.replies[0].body)).toContain('Konu nedir?');
  const topic = await bot.send(message(people.customer, 'odeme', { locale: 'tr-TR', conversationId }));
  const text = textOf(topic.replies[0].body);
  expect(text).toContain('ödemesi **gecikmiş**');
  expect(JSON.stringify(topic.replies[0].body)).toContain('"section":"payment-terms"');
});
