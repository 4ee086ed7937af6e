import { TurnContext } from 'botbuilder';
import { AdaptiveCard, renderCard } from '../../cards/render';
import { PRODUCT_CHOICES, ProductChoice, TOPIC_CHOICES, TopicChoice } from '../../dialogs/choices';
import { Deps } from '../deps';
import { formatCustomerFacts, paymentHelp, statusNotice } from '../customers/facts';
import { isSectionId, Product, SectionId, sectionAnswer } from '../knowledge/terms';
import { Turn } from '../turn';
import { ActionData, ActionHandler, cardResponse, refusal } from '../cardActions';
import { cardMessage } from '../platform/teams/cardMessage';
import { MAX_MESSAGE_CHARS } from '../platform/limits';
import { questionLogOf } from './learning';
import { answerStats } from './answerStats';

/** Sections where an overdue or suspended customer is told their status first. */
const NOT_BILLING: ReadonlySet<SectionId> = new Set<SectionId>([
  'support-hours',
  'contact-methods',
  'response-times',
  'technical-support',
  'escalation-to-microsoft',
  'non-csp-customers',
]);

/** Sections that quote the customer's own billing facts. */
const WITH_FACTS: ReadonlySet<SectionId> = new Set<SectionId>([
  'invoices',
  'payment-methods',
  'payment-terms',
  'collection-policy',
  'suspension',
  'reactivation',
]);

/** What an answer card carries in its feedback actions, so a ticket can quote it. */
export interface AnswerContext {
  section: SectionId;
  product: ProductChoice;
  topic?: TopicChoice;
  question?: string;
}

type FeedbackState = 'ask' | 'helpful' | 'notHelpful';

function termsProduct(p: ProductChoice): Product | undefined {
  return p === 'unsure' ? undefined : p;
}

/** The answer card: status up front when it matters, the section, the customer's facts, feedback. */
export function answerCard(turn: Turn, deps: Deps, a: AnswerContext, state: FeedbackState = 'ask', now = new Date()): AdaptiveCard {
  const tAnswers = deps.i18n.getFixedT(turn.lang, 'answers');
  const tCustomer = deps.i18n.getFixedT(turn.lang, 'customer');
  const answer = sectionAnswer(deps.terms, turn.lang, a.section, tAnswers, { product: termsProduct(a.product), now });
  const customer = turn.who.kind === 'customer' ? turn.who.customer : undefined;
  const factOptions = { now, timeZone: deps.hours.timeZone };
  const facts = customer && WITH_FACTS.has(a.section) ? formatCustomerFacts(customer, turn.lang, tAnswers, factOptions).lines : [];
  // The banner names the facts only when the answer does not list them; it says how to pay.
  const notice =
    customer && !NOT_BILLING.has(a.section)
      ? (statusNotice(customer, turn.lang, tAnswers, { ...factOptions, details: facts.length === 0 }) ?? '')
      : '';
  const pay = notice ? paymentHelp(deps.terms.partner.payment, turn.lang) : { instructions: '', payLink: '' };
  const data = {
    section: a.section,
    product: a.product,
    ...(a.topic ? { topic: a.topic } : {}),
    ...(a.question ? { question: a.question } : {}),
  };
  return renderCard('conversation/answer', {
    notice,
    payInstructions: pay.instructions,
    payLink: pay.payLink,
    payButton: tAnswers('notice.pay'),
    title: answer.title,
    text: answer.text,
    factsHeading: tAnswers('facts.heading'),
    facts,
    feedback: state === 'helpful' ? tCustomer('answer.thanks') : state === 'notHelpful' ? tCustomer('answer.sorry') : '',
    ask: state === 'ask' ? tCustomer('answer.helpfulQuestion') : '',
    buttons:
      state === 'ask'
        ? [
            { title: tCustomer('answer.helpful'), verb: 'answer.helpful', data },
            { title: tCustomer('answer.notHelpful'), verb: 'answer.notHelpful', data },
          ]
        : [],
  });
}

/** Sends the answer card for a section, and counts it for the admins' dashboard (section and time only). */
export async function sendAnswer(context: TurnContext, turn: Turn, deps: Deps, a: AnswerContext): Promise<void> {
  deps.log.info({ event: 'answer.sent', section: a.section, product: a.product, topic: a.topic, correlationId: turn.correlationId });
  await context.sendActivity(cardMessage(answerCard(turn, deps, a)));
  const messageId = context.activity.id ?? turn.correlationId;
  // Only a statistic: a failed write (or no store, as in the dialog tests) must not turn a delivered answer into an error.
  try {
    await answerStats(deps.store).shown(turn, messageId, a.section, new Date());
  } catch (err) {
    deps.log.warn({ event: 'answer.countFailed', section: a.section, err: String(err) });
  }
}

/** Reads the feedback data of an answer card; undefined when it was not made by us. */
export function parseAnswerData(data: ActionData): AnswerContext | undefined {
  const { section, product, topic, question } = data;
  if (!isSectionId(section)) return undefined;
  // The contract promises only `section`; a card without a product answers for "not sure".
  if (product !== undefined && (typeof product !== 'string' || !(PRODUCT_CHOICES as readonly string[]).includes(product))) return undefined;
  if (topic !== undefined && (typeof topic !== 'string' || !(TOPIC_CHOICES as readonly string[]).includes(topic))) return undefined;
  if (question !== undefined && (typeof question !== 'string' || question.length > MAX_MESSAGE_CHARS)) return undefined;
  return {
    section,
    product: (product ?? 'unsure') as ProductChoice,
    ...(topic ? { topic: topic as TopicChoice } : {}),
    ...(question ? { question } : {}),
  };
}

/**
 * Records feedback once per answer message (see `AnswerStats.feedback`): false when the same
 * verdict was already recorded for it.
 */
function recordFeedback(context: TurnContext, turn: Turn, deps: Deps, section: SectionId, helpful: boolean): Promise<boolean> {
  const messageId = context.activity.replyToId ?? context.activity.id ?? `${Date.now()}`;
  return answerStats(deps.store).feedback(turn, messageId, section, helpful, new Date());
}

function answerActions(): Record<'answer.helpful' | 'answer.notHelpful', ActionHandler> {
  const feedback =
    (helpful: boolean): ActionHandler =>
    async (context, turn, deps, data) => {
      if (turn.who.kind !== 'customer') return refusal(turn, 'FORBIDDEN');
      const a = parseAnswerData(data);
      if (!a) return refusal(turn, 'BAD_INPUT');
      const changed = await recordFeedback(context, turn, deps, a.section, helpful);
      deps.log.info({
        event: helpful ? 'answer.helpful' : 'answer.notHelpful',
        section: a.section,
        repeat: !changed,
        correlationId: turn.correlationId,
      });
      if (!helpful && changed && a.question)
        await questionLogOf(deps).record({ lang: turn.lang, question: a.question, kind: 'notHelpful', offered: [a.section] });
      if (!helpful && changed) await deps.offerPerson(context, turn, deps, a);
      return cardResponse(answerCard(turn, deps, a, helpful ? 'helpful' : 'notHelpful'));
    };
  return { 'answer.helpful': feedback(true), 'answer.notHelpful': feedback(false) };
}

/** The answer card's feedback verbs. */
export const ANSWER_ACTIONS = answerActions();
