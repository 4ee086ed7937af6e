import { activity, ADMIN_ID, cardAction, PARTNER_TENANT, people, startBot, textOf } from '../harness/bot';
import type { Sent } from '../harness/connector';
import { askUntilOffer, ENV, englishCustomer, invokeCard, seedCustomers, waitSent } from './ticketFlow';

// Each case starts its own bot and opens two tickets through the whole customer conversation.
jest.setTimeout(120_000);

/** "Tickets are waiting" reaches admins who never wrote to the bot: a 1:1 chat is opened for them. */
const TEAM = '19:team@thread.tacv2';
const ZEYNEP_ID = 'aaaaaaaa-0000-4000-8000-0000000000c1'; // an admin in the team roster
const ZEYNEP_CHANNEL_ID = '29:1zeynep-channel-id';
const CEM_ID = 'aaaaaaaa-0000-4000-8000-0000000000c2'; // an admin only in ADMINS, known nowhere else

function isNewChat(s: Sent, memberId: string): boolean {
  const members = s.body.members as { id?: string }[] | undefined;
  return s.method === 'POST' && /^\/v3\/conversations\/?$/.test(s.path) && s.body.isGroup === false && members?.[0]?.id === memberId;
}

describe('without an escalation channel, admins who never wrote to the bot', () => {
  test.each([
    ['en-US', 'is waiting, but no escalation channel is set up'],
    ['tr-TR', 'numaralı talebi bekliyor, ancak bir eskalasyon kanalı ayarlanmamış'],
  ])('(%s) get a new 1:1 chat with the notice; the chat is kept for the next ticket', async (locale, notice) => {
    const bot = await startBot({ ...ENV, ADMINS: [ADMIN_ID, ZEYNEP_ID, CEM_ID].join(','), DEFAULT_LOCALE: locale });
    try {
      await seedCustomers(bot);
      bot.connector.setRoster(TEAM, [
        {
          id: ZEYNEP_CHANNEL_ID,
          name: 'Zeynep Kaya',
          aadObjectId: ZEYNEP_ID,
          userPrincipalName: 'zeynep@partner.example',
          tenantId: PARTNER_TENANT,
        },
      ]);
      // The bot is added to the team: it reads the roster (no channel is set up yet).
      const added = activity(
        people.admin,
        {
          type: 'conversationUpdate',
          membersAdded: [{ id: '28:bot' }],
          channelData: { tenant: { id: PARTNER_TENANT }, team: { id: TEAM } },
        },
        { conversationType: 'channel' },
      );
      expect((await bot.send(added)).status).toBe(200);
      const ask = async () => {
        const draft = await askUntilOffer(bot, englishCustomer, 'en-US', 'I want to talk about a refund for a cancelled licence');
        const created = await bot.send(cardAction(englishCustomer, 'ticket.create', draft, { locale: 'en-US' }));
        return Number(/#(\d+)/.exec(textOf(invokeCard(created.body)))?.[1]);
      };
      const first = await ask();
      for (const memberId of [ZEYNEP_CHANNEL_ID, CEM_ID]) {
        const opened = await waitSent(bot, `a new 1:1 chat with ${memberId}`, (s) => isNewChat(s, memberId));
        expect(opened.body.tenantId).toBe(PARTNER_TENANT);
        const told = await waitSent(
          bot,
          `the notice to ${memberId}`,
          (s) => s.conversationId === opened.conversationId && s.path.includes('/activities'),
        );
        expect(textOf(told.body)).toContain(notice);
        expect(textOf(told.body)).toContain(`#${first}`);
      }
      await bot.app.deps.ticketDelivery.idle();
      const zeynep = await bot.app.deps.users.get(PARTNER_TENANT, ZEYNEP_ID);
      expect(zeynep?.conversationReference).toBeDefined();
      // The next waiting ticket goes into the chats already opened: no new ones.
      const chats = bot.connector.sent.filter((s) => isNewChat(s, ZEYNEP_CHANNEL_ID) || isNewChat(s, CEM_ID)).length;
      await bot.send(
        cardAction(
          englishCustomer,
          'ticket.create',
          await askUntilOffer(bot, englishCustomer, 'en-US', 'I need a refund for another licence'),
          { locale: 'en-US' },
        ),
      );
      await waitSent(bot, 'the second notice to Zeynep', (s) => s.method === 'POST' && textOf(s.body).includes(`#${first + 1}`));
      await bot.app.deps.ticketDelivery.idle();
      expect(bot.connector.sent.filter((s) => isNewChat(s, ZEYNEP_CHANNEL_ID) || isNewChat(s, CEM_ID)).length).toBe(chats);
      expect(bot.logs.join('')).not.toContain('"code":"BHD-257"');
    } finally {
      await bot.stop();
    }
  });
});
