import { ManualClock } from '../helpers/manualClock';
import { BotUnderTest, message, people, seedSampleCustomer, startBot } from '../harness/bot';

/**
 * Teams redelivers a message when a turn was slow: with the same activity id, or as a new
 * activity with the same text (and the same client timestamp) moments later. The customer's
 * question is answered once; the same question asked again after the window is a new question. Markers live in the store, so a
 * restarted bot (same DATA_DIR) still recognises a copy.
 */
const clock = new ManualClock(Date.parse('2026-11-02T09:00:00Z'));
let bot: BotUnderTest;

beforeAll(async () => {
  bot = await startBot({}, undefined, clock);
  await seedSampleCustomer(bot);
});

afterAll(async () => {
  await bot.stop();
});

const QUESTION = 'faturamı nasıl ödeyebilirim, kredi kartı kabul ediyor musunuz?';

function answersIn(conversationId: string): number {
  return bot.connector.sent.filter((s) => s.conversationId === conversationId && s.method === 'POST').length;
}

test('the same message delivered twice (same id) and again with a new id within the window is answered once', async () => {
  const conversationId = 'a:redelivered';
  const first = message(people.customer, QUESTION, { locale: 'tr-TR', conversationId });
  const r1 = await bot.send(first);
  expect(r1.status).toBe(200);
  expect(r1.replies.length).toBeGreaterThan(0);
  const answered = answersIn(conversationId);

  const sameId = await bot.send(first);
  expect(sameId.status).toBe(200);
  await clock.advance(20_000);
  const newId = await bot.send({ ...first, id: `${String(first.id)}-retry` });
  expect(newId.status).toBe(200);
  expect(answersIn(conversationId)).toBe(answered);

  // After the window even a copy (same text and client time, new id) is taken as a new question.
  await clock.advance(61_000);
  const later = await bot.send({ ...first, id: `${String(first.id)}-late` });
  expect(later.replies.length).toBeGreaterThan(0);
  expect(answersIn(conversationId)).toBe(2 * answered);
});

test('concurrent copies with the same id are answered once', async () => {
  const question = 'fatura itirazı nasıl yapılır?';
  const once = await bot.send(message(people.customer, question, { locale: 'tr-TR', conversationId: 'a:reference' }));
  expect(once.replies.length).toBeGreaterThan(0);
  const conversationId = 'a:concurrent';
  const copy = message(people.customer, question, { locale: 'tr-TR', conversationId });
  const results = await Promise.all([bot.send(copy), bot.send(copy), bot.send(copy)]);
  expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
  expect(answersIn(conversationId)).toBe(answersIn('a:reference'));
});

test('a copy is recognised after a restart (the markers are in the store)', async () => {
  const conversationId = 'a:restart';
  const first = message(people.customer, 'iade ne zaman yapılır?', { locale: 'tr-TR', conversationId });
  expect((await bot.send(first)).replies.length).toBeGreaterThan(0);
  const answered = answersIn(conversationId);
  const dir = bot.dataDir;
  await bot.stop({ keepData: true });
  bot = await startBot({}, dir, clock);
  const copy = await bot.send(first);
  expect(copy.status).toBe(200);
  expect(copy.replies).toEqual([]);
  expect(bot.connector.sent.filter((s) => s.conversationId === conversationId).length).toBe(0);
  expect(answered).toBeGreaterThan(0);
});

test('a customer who asks the same question again on purpose (a new message) is answered again', async () => {
  const conversationId = 'a:asked-again';
  const first = await bot.send(message(people.customer, 'kdv faturada nasıl gösterilir?', { locale: 'tr-TR', conversationId }));
  expect(first.replies.length).toBeGreaterThan(0);
  const again = message(people.customer, 'kdv faturada nasıl gösterilir?', { locale: 'tr-TR', conversationId });
  again.timestamp = new Date(Date.parse(String(again.timestamp)) + 5000).toISOString();
  const second = await bot.send(again);
  expect(second.replies.length).toBe(first.replies.length);
});

test('a staff command typed twice is run twice (only redelivered copies are dropped)', async () => {
  const a = await bot.send(message(people.admin, 'roles', { conversationId: 'a:staff-twice' }));
  const b = await bot.send(message(people.admin, 'roles', { conversationId: 'a:staff-twice' }));
  expect(a.replies.length).toBeGreaterThan(0);
  expect(b.replies.length).toBe(a.replies.length);
});
