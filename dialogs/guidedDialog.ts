import {
  ChoicePrompt,
  ComponentDialog,
  Dialog,
  DialogContext,
  DialogTurnResult,
  FoundChoice,
  ListStyle,
  PromptValidatorContext,
  TextPrompt,
  WaterfallDialog,
  WaterfallStepContext,
} from 'botbuilder-dialogs';
import { CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import { renderCard } from '../cards/render';
import type { SectionId } from '../bot/knowledge/terms';
import { foldText as fold } from '../bot/platform/text';
import { turnOf } from '../bot/turn';
import { needsDetails, PRODUCT_CHOICES, ProductChoice, sectionForTopic, TOPIC_CHOICES, TopicChoice } from './choices';

export const GUIDED_DIALOG = 'guided';
const PRODUCT_PROMPT = 'productPrompt';
const TOPIC_PROMPT = 'topicPrompt';
const DETAILS_PROMPT = 'detailsPrompt';
const FLOW = 'guidedFlow';
const FREE_TEXT = Symbol.for('bhd.freeText');

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

export interface GuidedOptions {
  product?: ProductChoice;
}

interface FlowState {
  product?: ProductChoice;
  topic?: TopicChoice;
}

function words(t: (key: string) => string, key: string): string[] {
  return t(key)
    .split('|')
    .map((w) => fold(w))
    .filter(Boolean);
}

/** Whether the text is one of the control words (help, cancel, start over, menu) in the turn's language or English. */
export function isControlWord(context: TurnContext, key: 'help' | 'cancel' | 'startOver' | 'menu', text: string): boolean {
  const turn = turnOf(context);
  const typed = fold(text);
  if (!typed) return false;
  const t = turn.t;
  const local = words((k: string) => t(k, { ns: 'dialogs' }), `words.${key}`);
  const english = words((k: string) => t(k, { ns: 'dialogs', lng: 'en' }), `words.${key}`);
  return [...local, ...english].includes(typed);
}

/** A typed reply that is not a choice but reads like a question (several words). */
function looksLikeQuestion(text: string): boolean {
  const w = fold(text).split(' ').filter(Boolean);
  return w.length >= 3 || text.trim().endsWith('?');
}

/**
 * The customer's guided intake: product → topic → details when needed → answer. Help, cancel
 * and start over work at every step, and a typed question is answered instead of a tap.
 */
export class GuidedDialog extends ComponentDialog {
  constructor(private readonly answer: Answerer) {
    super(GUIDED_DIALOG);
    const validator = async (prompt: PromptValidatorContext<FoundChoice>) => {
      if (prompt.recognized.succeeded) return true;
      const text = prompt.context.activity.text ?? '';
      if (looksLikeQuestion(text)) {
        prompt.context.turnState.set(FREE_TEXT, text.trim());
        return true;
      }
      return false;
    };
    this.addDialog(new ChoicePrompt(PRODUCT_PROMPT, validator));
    this.addDialog(new ChoicePrompt(TOPIC_PROMPT, validator));
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
    const label = (v: string) => t(`${kind}.${v}`, { ns: 'dialogs' });
    const card = renderCard('conversation/choices', {
      question: t(`${kind}.question`, { ns: 'dialogs' }),
      choices: values.map((v) => ({ label: label(v) })),
      hint: t('controls.hint', { ns: 'dialogs' }),
    });
    return step.prompt(id, {
      prompt: MessageFactory.attachment(CardFactory.adaptiveCard(card)),
      retryPrompt: MessageFactory.text(t(`${kind}.retry`, { ns: 'dialogs' })),
      choices: values.map((v, i) => ({
        value: v,
        synonyms: [label(v), fold(label(v)), t(`${kind}.${v}`, { ns: 'dialogs', lng: 'en' }), v, String(i + 1)],
      })),
      style: ListStyle.none,
      recognizeLanguage: 'en-us',
    });
  }

  /** A question typed instead of a tap: answer it and end the flow. */
  private async answerFreeText(step: WaterfallStepContext): Promise<DialogTurnResult | undefined> {
    const text = step.context.turnState.get(FREE_TEXT) as string | undefined;
    if (!text) return undefined;
    step.context.turnState.delete(FREE_TEXT);
    const product = this.flow(step).product ?? 'unsure';
    const result = await this.answer(step.context, { product, question: text });
    // Nothing fitted: offer the topics again (the product stays chosen).
    if (result === 'notFound') return step.replaceDialog(FLOW, { product });
    return step.endDialog();
  }

  private async productStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as GuidedOptions;
    if (options.product) return step.next({ value: options.product } as FoundChoice);
    return this.choicePrompt(step, PRODUCT_PROMPT, 'product', PRODUCT_CHOICES);
  }

  private async topicStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const free = await this.answerFreeText(step);
    if (free) return free;
    this.flow(step).product = (step.result as FoundChoice).value as ProductChoice;
    return this.choicePrompt(step, TOPIC_PROMPT, 'topic', TOPIC_CHOICES);
  }

  private async detailsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const free = await this.answerFreeText(step);
    if (free) return free;
    const topic = (step.result as FoundChoice).value as TopicChoice;
    this.flow(step).topic = topic;
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

  /** Interruptions: help re-asks the current step; cancel and start over work at every step. */
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
    if (isControlWord(inner.context, 'help', text)) {
      await inner.context.sendActivity(t('controls.help', { ns: 'dialogs' }));
      await inner.repromptDialog();
      return Dialog.EndOfTurn;
    }
    return undefined;
  }
}
