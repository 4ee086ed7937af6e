import { ADMIN_ID, AGENT_ID, BotUnderTest, installed, message, people, Person, startBot, textOf } from '../harness/bot';

/** Staff commands as Teams shows them: placeholders, greetings, who may list the roles. */
let bot: BotUnderTest;

beforeAll(async () => {
  bot = await startBot();
});

afterAll(async () => {
  await bot.stop();
});

/** Teams often sends the install event without the person's name. */
function nameless(p: Person): Person {
  return { ...p, name: '' };
}

describe('the staff help card', () => {
  test.each([
    ['en-US', 'help', 'ticket ‹number›', 'grant ‹role› ‹person›', 'Show a ticket with its history: ticket ‹number›'],
    ['tr-TR', 'yardım', 'talep ‹numara›', 'grant ‹rol› ‹kişi›', 'Bir talebi geçmişiyle gösterir: talep ‹numara›'],
  ])('(%s) shows the placeholders instead of swallowing them as HTML', async (locale, text, ticket, grant, description) => {
    const { replies } = await bot.send(message(people.admin, text, { locale }));
    const shown = textOf(replies[0].body);
    expect(shown).toContain(ticket);
    expect(shown).toContain(grant);
    expect(shown).toContain(description);
    expect(shown).not.toMatch(/<[a-zA-Z]+>/);
  });

  test.each([
    ['en-US', 'Hello. Your roles: Helpdesk agent.', 'Hello Arda. Your roles: Helpdesk agent.'],
    ['tr-TR', 'Merhaba. Rolleriniz: Yardım masası temsilcisi.', 'Merhaba Arda. Rolleriniz: Yardım masası temsilcisi.'],
  ])('(%s) greets without a dangling name when Teams sends none, and by name when it does', async (locale, noName, withName) => {
    const first = await bot.send(installed(nameless(people.agent), { locale, conversationId: `a:nameless-${locale}` }));
    const text = textOf(first.replies[0].body);
    expect(text).toContain(noName);
    expect(text).not.toMatch(/Hello \.|Merhaba \./);
    const named = await bot.send(installed(people.agent, { locale, conversationId: `a:named-${locale}` }));
    expect(textOf(named.replies[0].body)).toContain(withName);
  });

  test.each([
    ['en-US', 'menu', 'Billing Help Desk — staff commands'],
    ['tr-TR', 'taleplerim', 'Billing Help Desk — personel komutları'],
  ])('staff who pick a command of the 1:1 menu (%s "%s") get their help', async (locale, text, heading) => {
    const { replies } = await bot.send(message(people.admin, text, { locale }));
    expect(textOf(replies[0].body)).toContain(heading);
  });
});

describe('roles', () => {
  test.each([
    ['en-US', 'needs one of these roles'],
    ['tr-TR', 'şu rollerden biri gerekir'],
  ])('(%s) is refused politely to partner staff without a role, showing no ids', async (locale, refusal) => {
    const { replies } = await bot.send(message(people.staff, 'roles', { locale }));
    const text = textOf(replies[0].body);
    expect(text).toContain(refusal);
    expect(text).not.toContain(ADMIN_ID);
    expect(text).not.toContain(AGENT_ID);
  });

  test('staff with any role may list them', async () => {
    const { replies } = await bot.send(message(people.agent, 'roles'));
    expect(textOf(replies[0].body)).toContain(`${ADMIN_ID}: Admin`);
  });
});
