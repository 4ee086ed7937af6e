import type { RosterEntry } from '../harness/connector';
import {
  activity,
  ADMIN_ID,
  AGENT_ID,
  BotUnderTest,
  cardAction,
  message,
  PARTNER_TENANT,
  people,
  Person,
  startBot,
  textOf,
} from '../harness/bot';
import { askUntilOffer, CHANNEL, englishCustomer, findAction, isThreadPost, seedCustomers, threadCard, waitSent } from './ticketFlow';

/** Staff known from the team roster (TeamsInfo.getPagedTeamMembers): names, UPNs, channel ids. */
const TEAM = '19:team@thread.tacv2';
const NUR_ID = 'aaaaaaaa-0000-4000-8000-0000000000a1';
const nur: Person = { aadObjectId: NUR_ID, name: 'Nur Newagent', tenantId: PARTNER_TENANT };
const NUR_CHANNEL_ID = '29:1nur-channel-id';

function member(p: Person, upn: string, channelId = `29:${p.aadObjectId}`): RosterEntry {
  return { id: channelId, name: p.name, aadObjectId: p.aadObjectId, userPrincipalName: upn, tenantId: p.tenantId };
}

/** 150 members (two pages of 100): the people of the tests, colleagues, and a guest of a customer tenant. */
function roster(): RosterEntry[] {
  const fillers = Array.from({ length: 145 }, (_, i) =>
    member(
      { aadObjectId: `bbbbbbbb-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `Colleague ${i}`, tenantId: PARTNER_TENANT },
      `c${i}@partner.example`,
    ),
  );
  return [
    member(people.admin, 'ada@partner.example'),
    member(people.agent, 'arda@partner.example'),
    member(nur, 'Nur.Newagent@partner.example', NUR_CHANNEL_ID),
    member(people.staff, 'sam@partner.example'),
    ...fillers,
    member(people.customer, 'ayse@customer.example'),
  ];
}

let bot: BotUnderTest;

beforeAll(async () => {
  bot = await startBot({ HELPDESK_AGENTS: AGENT_ID });
  await seedCustomers(bot);
  bot.connector.setRoster(TEAM, roster());
});

afterAll(async () => {
  await bot.stop();
});

describe('staff known from the team roster', () => {
  test.each([
    ['en-US', "I don't know **nur.newagent@partner.example** yet"],
    ['tr-TR', '**nur.newagent@partner.example** kişisini henüz tanımıyorum'],
  ])('(%s) before the roster is read, an e-mail is not known: nothing changes', async (locale, expected) => {
    const { replies } = await bot.send(message(people.admin, 'grant helpdesk-agent nur.newagent@partner.example', { locale }));
    expect(textOf(replies[0].body)).toContain(expected);
    expect(await bot.app.deps.roles.rolesOf(NUR_ID)).toEqual([]);
  });

  test('setup escalations reads every page of the roster and stores names, UPNs and channel ids of partner staff', async () => {
    await bot.send(message(people.admin, 'setup escalations', CHANNEL));
    expect(bot.connector.rosterReads.map((r) => r.continuationToken)).toEqual([undefined, '100']);
    const stored = await bot.app.deps.users.get(PARTNER_TENANT, NUR_ID);
    expect(stored).toMatchObject({
      name: 'Nur Newagent',
      upn: 'nur.newagent@partner.example',
      channelUserId: NUR_CHANNEL_ID,
      inTeam: true,
    });
    expect(await bot.app.deps.users.get(PARTNER_TENANT, 'bbbbbbbb-0000-4000-8000-000000000144')).toMatchObject({ name: 'Colleague 144' });
    expect(await bot.app.deps.users.get(people.customer.tenantId, people.customer.aadObjectId)).toBeUndefined();
  });

  test.each([
    ['en-US', 'NUR.NEWAGENT@partner.example', 'now has the role **Helpdesk agent**'],
    ['tr-TR', 'nur.newagent@partner.example', 'zaten **Yardım masası temsilcisi** rolüne sahip'],
  ])('(%s) grant accepts a UPN / e-mail', async (locale, upn, expected) => {
    const { replies } = await bot.send(message(people.admin, `grant helpdesk-agent ${upn}`, { locale }));
    const text = textOf(replies[0].body);
    expect(text).toContain(expected);
    expect(text).toContain('Nur Newagent');
    expect(await bot.app.deps.roles.rolesOf(NUR_ID)).toEqual(['helpdesk-agent']);
  });

  test.each([
    ['en-US', 'Staff roles', 'Admin'],
    ['tr-TR', 'Personel rolleri', 'Yönetici'],
  ])('(%s) roles shows names and sign-in names with the ids', async (locale, title, admin) => {
    const { replies } = await bot.send(message(people.admin, 'roles', { locale }));
    const text = textOf(replies[0].body);
    expect(text).toContain(title);
    expect(text).toContain(`**Nur Newagent** (nur.newagent@partner.example) · ${NUR_ID}`);
    expect(text).toContain(`**Ada Admin** (ada@partner.example) · ${ADMIN_ID}: ${admin}`);
  });

  test('the escalation card refreshes for agents who never wrote to the bot, and assign shows their names', async () => {
    const draft = await askUntilOffer(bot, englishCustomer, 'en-GB', 'Why is my invoice higher this month than last month?');
    await bot.send(cardAction(englishCustomer, 'ticket.create', draft, { locale: 'en-GB' }));
    const post = await waitSent(bot, 'the escalation thread', isThreadPost);
    const refresh = threadCard(post).refresh as { userIds: string[] };
    expect(refresh.userIds).toContain(NUR_CHANNEL_ID);
    const { replies } = await bot.send(message(people.agent, 'ticket 1'));
    const choices = JSON.stringify(replies[0].body);
    expect(choices).toContain('Nur Newagent');
    expect(findAction(replies[0].body, 'ticket.assign')).toBeDefined();
  });

  test.each([
    ['en-US', 'no longer has the role **Helpdesk agent**'],
    ['tr-TR', 'artık **Yardım masası temsilcisi** rolüne sahip değil'],
  ])('(%s) revoke accepts an @mention of the person', async (locale, expected) => {
    await bot.app.deps.roles.grant(NUR_ID, 'helpdesk-agent', 'test');
    const text = `<at>Billing Help Desk</at> revoke helpdesk-agent <at>Nur Newagent</at>`;
    const a = message(people.admin, '', { conversationType: 'channel', locale });
    a.text = text;
    a.entities = [
      { type: 'mention', text: '<at>Billing Help Desk</at>', mentioned: { id: '28:bot', name: 'Billing Help Desk' } },
      { type: 'mention', text: '<at>Nur Newagent</at>', mentioned: { id: NUR_CHANNEL_ID, name: 'Nur Newagent' } },
    ];
    const { replies } = await bot.send(a);
    expect(textOf(replies[0].body)).toContain(expected);
    expect(await bot.app.deps.roles.rolesOf(NUR_ID)).toEqual([]);
  });

  test('team membership changes re-read the roster: a new member is learned, a removed one marked', async () => {
    const kim: Person = { aadObjectId: 'aaaaaaaa-0000-4000-8000-0000000000b2', name: 'Kim Joined', tenantId: PARTNER_TENANT };
    bot.connector.setRoster(TEAM, [
      ...roster().filter((m) => m.aadObjectId !== people.staff.aadObjectId),
      member(kim, 'kim@partner.example'),
    ]);
    const reads = bot.connector.rosterReads.length;
    const update = activity(
      people.admin,
      {
        type: 'conversationUpdate',
        membersAdded: [{ id: `29:${kim.aadObjectId}`, aadObjectId: kim.aadObjectId }],
        membersRemoved: [{ id: `29:${people.staff.aadObjectId}`, aadObjectId: people.staff.aadObjectId }],
        channelData: { tenant: { id: PARTNER_TENANT }, team: { id: TEAM }, eventType: 'teamMemberAdded' },
      },
      { conversationType: 'channel' },
    );
    expect((await bot.send(update)).status).toBe(200);
    expect(bot.connector.rosterReads.length).toBeGreaterThan(reads);
    expect(await bot.app.deps.users.get(PARTNER_TENANT, kim.aadObjectId)).toMatchObject({ name: 'Kim Joined', upn: 'kim@partner.example' });
    expect(await bot.app.deps.users.get(PARTNER_TENANT, people.staff.aadObjectId)).toMatchObject({ inTeam: false });
    const { replies } = await bot.send(message(people.admin, 'grant sales-agent kim@partner.example'));
    expect(textOf(replies[0].body)).toContain('now has the role **Sales agent**');
  });
});
