import { PRODUCT_CHOICES, ProductChoice } from '../../dialogs/choices';
import { isSectionId, SectionId } from '../knowledge/terms';
import { ActionData, ActionHandler, cardResponse, refusal } from '../cardActions';
import { MAX_MESSAGE_CHARS } from '../platform/limits';
import { sendAnswer } from './answers';
import { startGuided } from './customerTurn';
import { DidYouMeanData, didYouMeanCard, sectionTitle } from './didYouMeanCard';
import { questionLogOf } from './learning';

/** A "did you mean" button's data; undefined when it is not one we made. */
export function parseDidYouMeanData(data: ActionData): DidYouMeanData | undefined {
  const { choice, offered, question, product } = data;
  if (!Array.isArray(offered) || offered.length < 1 || offered.length > 2 || !offered.every(isSectionId)) return undefined;
  const sections = offered as SectionId[];
  if (choice !== 'topics' && choice !== 'person' && !(isSectionId(choice) && sections.includes(choice))) return undefined;
  if (typeof question !== 'string' || !question.trim() || question.length > MAX_MESSAGE_CHARS) return undefined;
  if (product !== undefined && (typeof product !== 'string' || !(PRODUCT_CHOICES as readonly string[]).includes(product))) return undefined;
  return { choice, offered: sections, question, ...(product ? { product: product as ProductChoice } : {}) };
}

/**
 * `answer.choose`: the customer picked one of the two sections (its answer follows), something
 * else (the topics) or a person (the ticket offer). The choice goes into the question log, so the
 * question can be learnt with the section the customer chose.
 */
const choose: ActionHandler = async (context, turn, deps, data) => {
  if (turn.who.kind !== 'customer') return refusal(turn, 'FORBIDDEN');
  const d = parseDidYouMeanData(data);
  if (!d) return refusal(turn, 'BAD_INPUT');
  const section = d.choice === 'topics' || d.choice === 'person' ? null : d.choice;
  deps.log.info({ event: 'answer.choose', choice: d.choice, offered: d.offered, correlationId: turn.correlationId });
  await questionLogOf(deps).record({ lang: turn.lang, question: d.question, kind: 'choice', offered: d.offered, chosen: section });
  const product = d.product ?? 'unsure';
  const t = deps.i18n.getFixedT(turn.lang, 'customer');
  let label: string;
  if (section) {
    label = sectionTitle(deps, turn, section);
    await sendAnswer(context, turn, deps, { section, product, question: d.question });
  } else if (d.choice === 'topics') {
    label = t('didYouMean.other');
    await startGuided(context, turn, deps);
  } else {
    label = t('didYouMean.person');
    await deps.offerPerson(context, turn, deps, { product, question: d.question, section: null });
  }
  return cardResponse(didYouMeanCard(turn, deps, d, label));
};

/** The "did you mean" card's verb. */
export const DID_YOU_MEAN_ACTIONS: Record<'answer.choose', ActionHandler> = { 'answer.choose': choose };
