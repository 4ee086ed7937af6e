import { TurnContext } from 'botbuilder';
import { renderCard } from '../../cards/render';
import type { ProductChoice } from '../../dialogs/choices';
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
    // Action.Execute (Agents Playground sends nothing for imBack); the welcome stays, the answer comes as a message.
    buttons: company
      ? [
          { title: t('welcome.showTopics'), data: menuData('topics', 'welcome') },
          { title: t('welcome.myTickets'), data: menuData('tickets', 'welcome') },
          { title: t('welcome.talkToPerson'), data: menuData('person', 'welcome') },
        ]
      : [],
  });
}

/** What a menu button carries to `menu.open`: what to open, which card it is on, and what the customer had asked. */
export interface MenuData {
  item: 'topics' | 'tickets' | 'person';
  card: 'welcome' | 'notSure';
  product?: ProductChoice;
  question?: string;
}

function menuData(item: MenuData['item'], card: MenuData['card'], asked: Pick<MenuData, 'product' | 'question'> = {}): MenuData {
  return { item, card, ...(asked.product ? { product: asked.product } : {}), ...(asked.question ? { question: asked.question } : {}) };
}

/**
 * The one reply when nothing in the terms fits: what the bot answers, and the topics and a person
 * as buttons. `offTopic`: the question is not about billing or support with the partner (another
 * company's bill, a parking fine), so the card says that the bot handles only those.
 */
export function notSureCard(turn: Turn, deps: Deps, asked: Pick<MenuData, 'product' | 'question'>, offTopic = false) {
  const t = deps.i18n.getFixedT(turn.lang, 'customer');
  return renderCard('conversation/notSure', {
    title: t('notSure.title'),
    body: t('notSure.body', { partner: deps.partnerName }),
    next: offTopic ? t('notSure.offTopicNext', { partner: deps.partnerName }) : t('notSure.next'),
    buttons: [
      { title: t('notSure.topics'), data: menuData('topics', 'notSure', asked) },
      { title: t('notSure.person'), data: menuData('person', 'notSure', asked) },
    ],
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
