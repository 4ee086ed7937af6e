import { ConversationState, Storage, TurnContext } from 'botbuilder';
import { DialogSet, DialogState, DialogTurnStatus } from '../../dialogs/sdk';
import { AnswerRequest, GUIDED_DIALOG, GuidedDialog, GuidedOptions, isControlWord } from '../../dialogs/guidedDialog';
import { Deps } from '../deps';
import { errorCode } from '../platform/errors';
import { setTurn, Turn, turnOf } from '../turn';
import { cardMessage } from '../platform/teams/cardMessage';
import { sendAnswer } from './answers';
import { didYouMeanCard } from './didYouMeanCard';
import { questionLogOf } from './learning';
import { isCloseCall } from '../knowledge/retrieval';
import { notSureCard } from './welcome';

/** The customer conversation's dialog state, on the bot's state storage. */
export function createConversationState(storage: Storage): ConversationState {
  return new ConversationState(storage);
}

/** The dialogs of the customer conversation; they answer through `deps` (cheap to build per turn). */
function customerDialogs(state: ConversationState, deps: Deps): DialogSet {
  const dialogs = new DialogSet(state.createProperty<DialogState>('dialogState'));
  dialogs.add(new GuidedDialog((context, request) => answerRequest(context, turnOf(context), deps, request)));
  return dialogs;
}

/** Answers from the topic's section, or finds one for the customer's words; when none fits, says what it can answer. */
export async function answerRequest(
  context: TurnContext,
  turn: Turn,
  deps: Deps,
  request: AnswerRequest,
): Promise<'answered' | 'notFound'> {
  let section = request.section;
  let offTopic = false;
  if ((section === undefined || section === null) && request.question) {
    const question = request.question;
    const found = deps.retriever.decide(question, turn.lang, 2);
    const two = found.top;
    const closeCall = found.section !== null && isCloseCall(two, deps.retriever.threshold);
    deps.log.info({
      event: 'retrieval',
      section: found.section,
      confidence: Number(found.confidence.toFixed(3)),
      ...(closeCall ? { didYouMean: two.map((c) => c.section) } : {}),
      correlationId: turn.correlationId,
    });
    if (closeCall) {
      const offered = two.map((c) => c.section);
      await context.sendActivity(cardMessage(didYouMeanCard(turn, deps, { offered, question, product: request.product })));
      return 'answered';
    }
    // A billing question the bot was not sure of (not an off-topic one) goes into the question log.
    if (!found.section && two.length > 0)
      await questionLogOf(deps).record({ lang: turn.lang, question, kind: 'notSure', offered: two.map((c) => c.section) });
    offTopic = two.length === 0;
    section = found.section;
  }
  if (!section) {
    // One card: what the bot can answer, with the topics and a person as buttons.
    await context.sendActivity(cardMessage(notSureCard(turn, deps, { product: request.product, question: request.question }, offTopic)));
    return 'notFound';
  }
  await sendAnswer(context, turn, deps, { section, product: request.product, topic: request.topic, question: request.question });
  return 'answered';
}

/** A customer's message: continue the guided flow, start it, or answer the typed question (one reply when nothing fits). */
export async function handleCustomerMessage(context: TurnContext, turn: Turn, deps: Deps, text: string): Promise<void> {
  const state = deps.conversationState;
  setTurn(context, turn);
  // Dialog prompts read the text without the @mention.
  context.activity.text = text;
  const dc = await customerDialogs(state, deps).createContext(context);
  try {
    if (dc.activeDialog) {
      const result = await dc.continueDialog();
      if (result.status !== DialogTurnStatus.empty) return;
    }
    if (isControlWord(context, 'menu', text) || isControlWord(context, 'help', text) || isControlWord(context, 'startOver', text)) {
      await dc.beginDialog(GUIDED_DIALOG);
      return;
    }
    if (isControlWord(context, 'cancel', text)) {
      await context.sendActivity(turn.t('controls.nothingToCancel', { ns: 'dialogs' }));
      return;
    }
    // Teams may redeliver a message under a new id when a turn was slow: answer the question once.
    const conversationId = context.activity.conversation?.id ?? '';
    if (!(await deps.redelivery.freshQuestion(conversationId, turn.userKey, text, sentAt(context)))) {
      deps.log.info({ code: errorCode('REDELIVERED'), event: 'message.redelivered', by: 'text', activityId: context.activity.id });
      return;
    }
    await answerRequest(context, turn, deps, { product: 'unsure', question: text });
  } finally {
    await state.saveChanges(context);
  }
}

/** A tap on the menu or on a choice: the guided flow from there, exactly as if the customer had typed it. */
export async function startGuided(context: TurnContext, turn: Turn, deps: Deps, options: GuidedOptions = {}): Promise<void> {
  const state = deps.conversationState;
  setTurn(context, turn);
  const dc = await customerDialogs(state, deps).createContext(context);
  try {
    await dc.cancelAllDialogs();
    await dc.beginDialog(GUIDED_DIALOG, options);
  } finally {
    await state.saveChanges(context);
  }
}

/** The client's own send time of the message, as Teams wrote it. */
function sentAt(context: TurnContext): string | undefined {
  const activity = context.activity as { rawTimestamp?: unknown; timestamp?: unknown };
  const raw = activity.rawTimestamp ?? activity.timestamp;
  if (typeof raw === 'string') return raw;
  return raw instanceof Date && !Number.isNaN(raw.getTime()) ? raw.toISOString() : undefined;
}
