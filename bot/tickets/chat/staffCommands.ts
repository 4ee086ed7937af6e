/** The staff commands of tickets: `queue`, `ticket <n>`, and `setup escalations` (where escalation cards go). */
import { TurnContext } from 'botbuilder';
import { queueCard } from '../../../cards/tickets/list';
import type { StaffHandler } from '../../cardActions';
import { cardMessage } from '../../platform/teams/cardMessage';
import { parseTicketNumber } from '../domain/numbering';
import { cardClock, escalationView } from '../views';
import { rolesOf, tt } from './common';
import { syncStaffRoster } from '../../roles/roster';

/** How many tickets the `queue` card lists; the tab pages through the rest. */
const QUEUE_CARD_SIZE = 25;

/** `queue`: the most urgent open tickets by priority and SLA due (one page: never every ticket). */
export const queueCommand: StaffHandler = async (context, turn, deps) => {
  const page = await deps.tickets.queuePage({ offset: 0, size: QUEUE_CARD_SIZE });
  const now = deps.tickets.now();
  await context.sendActivity(
    cardMessage(
      queueCard(page.items, (x) => deps.tickets.effectiveStatus(x, now), tt(deps, turn), {
        ...cardClock(deps, turn.lang, now),
        max: QUEUE_CARD_SIZE,
        hasMore: page.hasMore,
      }),
    ),
  );
};

/** `ticket <n>`: the ticket's card with its history (buttons for agents). */
export const ticketCommand: StaffHandler = async (context, turn, deps, args) => {
  const t = tt(deps, turn);
  const number = parseTicketNumber(args.number);
  if (number === undefined) {
    await context.sendActivity(t('staff.badNumber', { number: (args.number ?? '').slice(0, 20) }));
    return;
  }
  const doc = await deps.tickets.byNumber(number);
  if (!doc) {
    await context.sendActivity(t('staff.ticketNotFound', { number }));
    return;
  }
  await context.sendActivity(cardMessage(await escalationView(deps, doc, turn.lang, rolesOf(turn), { history: true })));
};

/** The channel's own reference (not the thread the command was typed in). */
function channelReference(a: TurnContext['activity'], conversationId: string): Record<string, unknown> {
  const ref = TurnContext.getConversationReference(a);
  return { ...ref, conversation: { ...ref.conversation, id: conversationId } } as Record<string, unknown>;
}

/** `setup escalations`, typed in a team channel: escalation cards go to that channel from now on. */
export const setupEscalationsCommand: StaffHandler = async (context, turn, deps) => {
  const a = context.activity;
  // Its strings are still the bot namespace's `staff.setup*` (the staff help lists the command there).
  if (turn.conversationType !== 'channel') {
    await context.sendActivity(turn.t('staff.setupOnlyInChannel'));
    return;
  }
  const channelData = (a.channelData ?? {}) as { channel?: { id?: string }; team?: { id?: string } };
  // A channel post's conversation id carries ";messageid=<n>": the channel itself is the part before it.
  const channelConversationId = a.conversation.id.split(';messageid=')[0];
  await deps.settings.setEscalationChannel({
    conversationId: channelConversationId,
    channelId: channelData.channel?.id,
    teamId: channelData.team?.id,
    serviceUrl: a.serviceUrl,
    conversationReference: channelReference(a, channelConversationId),
    setBy: turn.userKey,
    setAt: new Date().toISOString(),
  });
  deps.log.info({
    event: 'escalations.channelSet',
    by: turn.userKey,
    conversationId: channelConversationId,
    correlationId: turn.correlationId,
  });
  await context.sendActivity(turn.t('staff.setupDone'));
  // The team's staff, for names, assign choices and the cards' refresh list (before the cards go out).
  await syncStaffRoster(context, turn, deps);
  // Tickets that waited for a channel get their threads now.
  void deps.ticketDelivery.sweep({ all: true });
};
