/**
 * The customer's buttons (Action.Execute, so they work in Teams and in the Agents Playground):
 * the welcome's and the "not sure" card's menu (`menu.open`), and the guided flow's choices
 * (`guided.choose`), which continue the flow exactly as typing the label does.
 */
import { renderCard } from '../../cards/render';
import { PRODUCT_CHOICES, ProductChoice, TOPIC_CHOICES, TopicChoice } from '../../dialogs/choices';
import type { ChoiceData } from '../../dialogs/guidedDialog';
import { ActionData, ActionHandler, cardResponse, refusal } from '../cardActions';
import { MAX_MESSAGE_CHARS } from '../platform/limits';
import { cardMessage } from '../platform/teams/cardMessage';
import { myTicketsCard } from '../tickets/chat/open';
import { offerForRecentQuestion } from '../tickets/chat/phrases';
import { startGuided } from './customerTurn';
import { MenuData, notSureCard, welcomeCard } from './welcome';

const MENU_ITEMS: readonly MenuData['item'][] = ['topics', 'tickets', 'person'];

function isProduct(v: unknown): v is ProductChoice {
  return typeof v === 'string' && (PRODUCT_CHOICES as readonly string[]).includes(v);
}

function isTopic(v: unknown): v is TopicChoice {
  return typeof v === 'string' && (TOPIC_CHOICES as readonly string[]).includes(v);
}

/** A menu button's data; undefined when it is not one we made. */
export function parseMenuData(data: ActionData): MenuData | undefined {
  const { item, card, product, question } = data;
  if (typeof item !== 'string' || !(MENU_ITEMS as readonly string[]).includes(item)) return undefined;
  if (card !== undefined && card !== 'welcome' && card !== 'notSure') return undefined;
  if (product !== undefined && !isProduct(product)) return undefined;
  if (question !== undefined && (typeof question !== 'string' || question.length > MAX_MESSAGE_CHARS)) return undefined;
  return {
    item: item as MenuData['item'],
    card: card ?? 'welcome',
    ...(product ? { product } : {}),
    ...(question ? { question } : {}),
  };
}

/** A choice button's data; undefined when it is not one we made. */
export function parseChoiceData(data: ActionData): ChoiceData | undefined {
  const { step, value, product } = data;
  if (product !== undefined && !isProduct(product)) return undefined;
  if (step === 'product' && isProduct(value)) return { step, value };
  if (step === 'topic' && isTopic(value)) return { step, value, ...(product ? { product } : {}) };
  return undefined;
}

/** `menu.open`: the topics, the customer's tickets or the offer of a person, as a new message; the card stays as it is. */
const openMenu: ActionHandler = async (context, turn, deps, data) => {
  if (turn.who.kind !== 'customer') return refusal(turn, 'FORBIDDEN');
  const menu = parseMenuData(data);
  if (!menu) return refusal(turn, 'BAD_INPUT');
  deps.log.info({ event: 'menu.open', item: menu.item, card: menu.card, correlationId: turn.correlationId });
  if (menu.item === 'topics') await startGuided(context, turn, deps);
  else if (menu.item === 'tickets') await context.sendActivity(cardMessage(await myTicketsCard(turn, deps)));
  else if (menu.question)
    await deps.offerPerson(context, turn, deps, { product: menu.product ?? 'unsure', question: menu.question, section: null });
  else await offerForRecentQuestion(context, turn, deps, '');
  const asked = { ...(menu.product ? { product: menu.product } : {}), ...(menu.question ? { question: menu.question } : {}) };
  return cardResponse(menu.card === 'notSure' ? notSureCard(turn, deps, asked) : welcomeCard(turn, deps));
};

/** `guided.choose`: the flow goes on from the choice; the card shows what was chosen, without its buttons. */
const chooseInFlow: ActionHandler = async (context, turn, deps, data) => {
  if (turn.who.kind !== 'customer') return refusal(turn, 'FORBIDDEN');
  const choice = parseChoiceData(data);
  if (!choice) return refusal(turn, 'BAD_INPUT');
  deps.log.info({ event: 'guided.choose', step: choice.step, value: choice.value, correlationId: turn.correlationId });
  const t = deps.i18n.getFixedT(turn.lang, 'dialogs');
  const label = t(`${choice.step}.${choice.value}`);
  await startGuided(
    context,
    turn,
    deps,
    choice.step === 'product'
      ? { product: choice.value as ProductChoice }
      : { product: choice.product ?? 'unsure', topic: choice.value as TopicChoice },
  );
  return cardResponse(
    renderCard('conversation/choices', {
      question: t(`${choice.step}.question`),
      chosen: deps.i18n.getFixedT(turn.lang, 'customer')('choice.chosen', { label }),
      choices: [],
      hint: '',
    }),
  );
};

/** The customer's menu and choice verbs. */
export const MENU_ACTIONS: Record<'menu.open' | 'guided.choose', ActionHandler> = {
  'menu.open': openMenu,
  'guided.choose': chooseInFlow,
};
