import { TurnContext } from 'botbuilder';
import { renderCard } from '../../cards/render';
import { Deps } from '../deps';
import { firstName, Turn } from '../turn';
import { cardMessage, noticeCard } from '../platform/teams/cardMessage';
import { staffHelpCard } from '../roles/staffCommands';

/** The customer's welcome card: who we are and what the bot can do. */
export function welcomeCard(turn: Turn, deps: Deps) {
  const { t } = turn;
  const name = firstName(turn.name);
  const company = turn.who.kind === 'customer' ? turn.who.customer.name : '';
  return renderCard('conversation/welcome', {
    title: t('welcome.title', { partner: deps.partnerName }),
    greeting: name
      ? t('welcome.greeting', { name, partner: deps.partnerName })
      : t('welcome.greetingNoName', { partner: deps.partnerName }),
    company: company ? t('welcome.company', { company }) : '',
    canDo: t('welcome.canDo'),
    items: [t('welcome.item1'), t('welcome.item2'), t('welcome.item3'), t('welcome.item4')],
    howTo: t('welcome.howTo'),
    // imBack: the welcome stays, and the choice arrives as the words the customer could type.
    buttons: company
      ? [
          { title: t('welcome.showTopics'), value: t('welcome.showTopicsText') },
          { title: t('welcome.myTickets'), value: t('welcome.myTicketsText') },
          { title: t('welcome.talkToPerson'), value: t('welcome.talkToPersonText') },
        ]
      : [],
  });
}

/** The polite "we only serve our customers" answer with the non-CSP guidance. */
export function unknownTenantCard(turn: Turn, deps: Deps) {
  const { t } = turn;
  const partner = deps.partnerName;
  return noticeCard(t('unknownTenant.title'), [
    t('unknownTenant.body', { partner }),
    t('unknownTenant.nonCsp', { partner }),
    t('unknownTenant.mistake', { partner }),
  ]);
}

/** First contact in a 1:1 chat, once per conversation even when Teams sends both install events. */
export async function greet(context: TurnContext, turn: Turn, deps: Deps): Promise<void> {
  const conversationId = context.activity.conversation?.id ?? '';
  // Unknown tenants are not recorded, so they are answered each time.
  if (
    turn.who.kind !== 'unknown' &&
    turn.userKey &&
    turn.tenantId &&
    !(await deps.users.claimWelcome(turn.tenantId, turn.userKey, conversationId))
  )
    return;
  if (turn.who.kind === 'customer') await context.sendActivity(cardMessage(welcomeCard(turn, deps)));
  else if (turn.who.kind === 'unknown') await context.sendActivity(cardMessage(unknownTenantCard(turn, deps)));
  else await context.sendActivity(cardMessage(staffHelpCard(turn)));
}
