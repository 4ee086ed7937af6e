import { ComponentDialog, Dialog, DialogContext, DialogTurnResult, TextPrompt, WaterfallDialog, WaterfallStepContext } from './sdk';
import { CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import { renderCard } from '../cards/render';
import type { SectionId } from '../bot/knowledge/terms';
import { foldText as fold } from '../bot/platform/text';
import { turnOf } from '../bot/turn';
import { matchChoice } from './recognize';
import { needsDetails, PRODUCT_CHOICES, ProductChoice, sectionForTopic, TOPIC_CHOICES, TopicChoice } from './choices';

export const GUIDED_DIALOG = 'guided';
const PRODUCT_PROMPT = 'productPrompt';
const TOPIC_PROMPT = 'topicPrompt';
const DETAILS_PROMPT = 'detailsPrompt';
const FLOW = 'guidedFlow';

/** What the guided flow (or a free-text question) asks the answerer for. */
export interface AnswerRequest {
  product: ProductChoice;
  topic?: TopicChoice;
  /** The customer's own words, when they typed a question. */
  question?: string;
  /** The section from the topic; undefined = find one from the question. */
  section?: SectionId | null;
}

/** Answers a request; 'notFound' when no section fits (a person was offered). */
export type Answerer = (context: TurnContext, request: AnswerRequest) => Promise<'answered' | 'notFound'>;

/** Where the flow starts: a product (and topic) already chosen skips their questions. */
export interface GuidedOptions {
  product?: ProductChoice;
  topic?: TopicChoice;
}

interface FlowState {
  product?: ProductChoice;
  topic?: TopicChoice;
}

type ControlWord = 'help' | 'cancel' | 'startOver' | 'menu';
const CONTROL_WORDS: readonly ControlWord[] = ['help', 'cancel', 'startOver', 'menu'];

/** The turn's `t`, as the control words read it. */
type Translate = (key: string, options: { ns: string; lng?: string }) => string;

/** Per language: each folded control word of that language or English, and which control it is. Built once per language. */
const controlWordsByLanguage = new Map<string, ReadonlyMap<string, ReadonlySet<ControlWord>>>();

function controlWords(lang: string, t: Translate): ReadonlyMap<string, ReadonlySet<ControlWord>> {
  let words = controlWordsByLanguage.get(lang);
  if (!words) {
    const built = new Map<string, Set<ControlWord>>();
    for (const key of CONTROL_WORDS)
      for (const list of [t(`words.${key}`, { ns: 'dialogs' }), t(`words.${key}`, { ns: 'dialogs', lng: 'en' })])
        for (const w of list.split('|').map((x) => fold(x))) if (w) (built.get(w) ?? built.set(w, new Set()).get(w)!).add(key);
    controlWordsByLanguage.set(lang, (words = built));
  }
  return words;
}

/** The last text folded, and its folding: a turn asks about the same text several times. */
let lastFolded = { text: '', folded: '' };

/** Whether the text is one of the control words (help, cancel, start over, menu) in the turn's language or English. */
export function isControlWord(context: TurnContext, key: ControlWord, text: string): boolean {
  if (lastFolded.text !== text) lastFolded = { text, folded: fold(text) };
  const typed = lastFolded.folded;
  if (!typed) return false;
  const { t, lang } = turnOf(context);
  return (
    controlWords(lang, t as Translate)
      .get(typed)
      ?.has(key) ?? false
  );
}

/** What a choice card's button carries to `guided.choose`: the step, the choice, and the product already chosen. */
export interface ChoiceData {
  step: 'product' | 'topic';
  value: string;
  product?: ProductChoice;
}

/** The labels a choice goes by: the turn's language and English. */
function choiceLabels(context: TurnContext, kind: 'product' | 'topic') {
  const { t } = turnOf(context);
  return (v: string) => [t(`${kind}.${v}`, { ns: 'dialogs' }), t(`${kind}.${v}`, { ns: 'dialogs', lng: 'en' })];
}

/**
 * The customer's guided intake: product → topic → details when needed → answer. Help, cancel,
 * start over and menu work at every step; only a choice's label (or nearly it) picks it, and
 * anything else typed is the customer's question, answered instead of a tap.
 */
export class GuidedDialog extends ComponentDialog {
  constructor(private readonly answer: Answerer) {
    super(GUIDED_DIALOG);
    this.addDialog(new TextPrompt(PRODUCT_PROMPT));
    this.addDialog(new TextPrompt(TOPIC_PROMPT));
    this.addDialog(new TextPrompt(DETAILS_PROMPT));
    this.addDialog(
      new WaterfallDialog(FLOW, [
        (step) => this.productStep(step),
        (step) => this.topicStep(step),
        (step) => this.detailsStep(step),
        (step) => this.answerStep(step),
      ]),
    );
    this.initialDialogId = FLOW;
  }

  private flow(step: WaterfallStepContext): FlowState {
    return step.values as FlowState;
  }

  private choicePrompt(step: WaterfallStepContext, id: string, kind: 'product' | 'topic', values: readonly string[]) {
    const { t } = turnOf(step.context);
    const product = this.flow(step).product;
    const card = renderCard('conversation/choices', {
      question: t(`${kind}.question`, { ns: 'dialogs' }),
      chosen: '',
      choices: values.map((v) => {
        const data: ChoiceData = { step: kind, value: v, ...(kind === 'topic' && product ? { product } : {}) };
        return { label: t(`${kind}.${v}`, { ns: 'dialogs' }), data };
      }),
      hint: t('controls.hint', { ns: 'dialogs' }),
    });
    return step.prompt(id, { prompt: MessageFactory.attachment(CardFactory.adaptiveCard(card)) });
  }

  /** What the customer typed instead of a tap: their question, answered; the flow ends (the answer offers what comes next). */
  private async answerFreeText(step: WaterfallStepContext, typed: string): Promise<DialogTurnResult> {
    const product = this.flow(step).product ?? 'unsure';
    // Nothing typed (an attachment, say): ask the same step again.
    if (!typed) return step.replaceDialog(FLOW, this.flow(step).product ? { product } : {});
    await this.answer(step.context, { product, question: typed });
    return step.endDialog();
  }

  private async productStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as GuidedOptions;
    if (options.product) {
      this.flow(step).product = options.product;
      return step.next();
    }
    return this.choicePrompt(step, PRODUCT_PROMPT, 'product', PRODUCT_CHOICES);
  }

  private async topicStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (!this.flow(step).product) {
      const typed = typeof step.result === 'string' ? step.result.trim() : '';
      const product = matchChoice(typed, PRODUCT_CHOICES, choiceLabels(step.context, 'product'));
      if (!product) return this.answerFreeText(step, typed);
      this.flow(step).product = product;
    }
    const options = (step.options ?? {}) as GuidedOptions;
    if (options.topic) {
      this.flow(step).topic = options.topic;
      return step.next();
    }
    return this.choicePrompt(step, TOPIC_PROMPT, 'topic', TOPIC_CHOICES);
  }

  private async detailsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    let topic = this.flow(step).topic;
    if (!topic) {
      const typed = typeof step.result === 'string' ? step.result.trim() : '';
      topic = matchChoice(typed, TOPIC_CHOICES, choiceLabels(step.context, 'topic'));
      if (!topic) return this.answerFreeText(step, typed);
      this.flow(step).topic = topic;
    }
    if (!needsDetails(topic)) return step.next();
    const { t } = turnOf(step.context);
    return step.prompt(DETAILS_PROMPT, { prompt: t(`details.${topic}`, { ns: 'dialogs' }) });
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { product = 'unsure', topic } = this.flow(step);
    if (!topic) return step.endDialog();
    const typed = typeof step.result === 'string' ? step.result.trim() : undefined;
    if (typed) await this.answer(step.context, { product, topic, question: typed });
    else await this.answer(step.context, { product, topic, section: sectionForTopic(topic, product) });
    return step.endDialog();
  }

  /** Interruptions: help re-asks the current step (with its buttons); cancel, start over and menu work at every step. */
  protected override async onContinueDialog(inner: DialogContext): Promise<DialogTurnResult> {
    const interrupted = await this.interrupt(inner);
    return interrupted ?? super.onContinueDialog(inner);
  }

  private async interrupt(inner: DialogContext): Promise<DialogTurnResult | undefined> {
    const text = inner.context.activity.text ?? '';
    const { t } = turnOf(inner.context);
    if (isControlWord(inner.context, 'cancel', text)) {
      await inner.context.sendActivity(t('controls.cancelled', { ns: 'dialogs' }));
      return inner.cancelAllDialogs();
    }
    if (isControlWord(inner.context, 'startOver', text)) {
      await inner.context.sendActivity(t('controls.startOver', { ns: 'dialogs' }));
      await inner.cancelAllDialogs();
      return inner.beginDialog(FLOW);
    }
    if (isControlWord(inner.context, 'menu', text)) {
      await inner.cancelAllDialogs();
      return inner.beginDialog(FLOW);
    }
    if (isControlWord(inner.context, 'help', text)) {
      await inner.context.sendActivity(t('controls.help', { ns: 'dialogs' }));
      await inner.repromptDialog();
      return Dialog.EndOfTurn;
    }
    return undefined;
  }
}
