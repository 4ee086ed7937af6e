/**
 * The billing admin's side: `remind` (the composer), `reminders` (recent campaigns), `setup
 * billing`, and the composer's, preview's and progress card's verbs. Every verb checks the sender
 * (policy.ts) first; a refusal changes nothing and is logged.
 */
import { createHash } from 'node:crypto';
import { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { composerCard } from '../../../cards/reminders/composer';
import { CampaignRequest, previewCard } from '../../../cards/reminders/preview';
import { campaignsCard, progressCard } from '../../../cards/reminders/progress';
import { AdaptiveCard } from '../../../cards/render';
import { ActionData, ActionHandler, cardResponse, StaffHandler } from '../../cardActions';
import { Deps } from '../../deps';
import { intlLocale } from '../../platform/i18n';
import { cardMessage } from '../../platform/teams/cardMessage';
import { Turn } from '../../turn';
import { isReminderError } from '../domain/errors';
import { CampaignOrigin } from '../model';
import { logRefusal, refused, rt, today } from './common';
import { badAudience, campaignIdOf, composerValues, parseRequest } from './input';
import { maySendReminders } from './policy';
import { previewSamples } from './samples';

/** Above this many people, sending asks once more. */
export const CONFIRM_ABOVE_RECIPIENTS = 200;
/** How many campaigns `reminders` lists. */
const LIST_SIZE = 10;

function composer(deps: Deps, turn: Turn, data?: ActionData, problem?: string): AdaptiveCard {
  const values = data ? { ...composerValues(data, deps.hours.timeZone), problem } : problem ? { problem } : undefined;
  return composerCard(deps.i18n, turn.lang, { timeZone: deps.hours.timeZone, today: today(deps), values });
}

function originOf(turn: Turn): CampaignOrigin {
  return { kind: 'staff', userKey: turn.userKey, ...(turn.name ? { name: turn.name.slice(0, 100) } : {}) };
}

/** A staff verb's gate: billing admins and admins only; everyone else is refused and logged. */
function staffVerb(verb: string, handler: ActionHandler): ActionHandler {
  return async (context, turn, deps, data) => {
    if (!maySendReminders(turn)) {
      logRefusal(deps, turn, 'REMINDER_STAFF_ONLY', verb);
      return refused(deps, turn, 'refusal.staffOnly');
    }
    return handler(context, turn, deps, data);
  };
}

/** The request, checked by the service too (audience), or the composer saying what to fix. */
async function readRequest(deps: Deps, turn: Turn, data: ActionData): Promise<CampaignRequest | AdaptiveCardInvokeResponse> {
  const t = rt(deps, turn);
  const parsed = parseRequest(data, t, { timeZone: deps.hours.timeZone, now: deps.reminderChat.now(), lang: turn.lang });
  if (!parsed.ok) return cardResponse(composer(deps, turn, data, parsed.problem));
  try {
    deps.reminders.parseAudience(parsed.value.audience);
  } catch (err) {
    if (!isReminderError(err)) throw err;
    return cardResponse(composer(deps, turn, data, badAudience(t, parsed.value.audience)));
  }
  return parsed.value;
}

async function previewResponse(deps: Deps, turn: Turn, request: CampaignRequest, confirm: boolean): Promise<AdaptiveCardInvokeResponse> {
  const { counts, sample, samples } = await previewSamples(deps, request);
  return cardResponse(
    previewCard(deps.i18n, turn.lang, request, counts, {
      timeZone: deps.hours.timeZone,
      samples,
      sampleCompany: sample?.name,
      confirm,
    }),
  );
}

/** `reminder.compose`: the composer again, filled in (the preview's "Change"). */
const compose: ActionHandler = async (_context, turn, deps, data) => cardResponse(composer(deps, turn, data));

/** `reminder.preview`: counts and the card per language, before anything is sent. */
const preview: ActionHandler = async (_context, turn, deps, data) => {
  const request = await readRequest(deps, turn, data);
  if ('statusCode' in request) return request;
  return previewResponse(deps, turn, request, false);
};

/** One campaign per preview card and request: a second click on the same button finds the same campaign. */
function requestIdOf(context: TurnContext, request: CampaignRequest): string {
  const a = context.activity;
  const card = typeof a.replyToId === 'string' && a.replyToId ? a.replyToId : (a.id ?? '');
  const digest = createHash('sha256').update(JSON.stringify(request)).digest('hex').slice(0, 16);
  return `chat:${a.conversation?.id ?? ''}:${card}:${digest}`;
}

/** `reminder.send`: starts (or schedules) the campaign; the clicked card becomes its progress card. */
const send: ActionHandler = async (context, turn, deps, data) => {
  const request = await readRequest(deps, turn, data);
  if ('statusCode' in request) return request;
  // Counted again here: what the button carries is client input.
  const counts = await deps.reminders.preview(request.template, request.audience);
  if (counts.recipients === 0 || (counts.recipients > CONFIRM_ABOVE_RECIPIENTS && data.confirmed !== true)) {
    return previewResponse(deps, turn, request, counts.recipients > 0);
  }
  const a = context.activity;
  const reference = TurnContext.getConversationReference(a);
  const campaign = await deps.reminders.create({
    ...request,
    origin: originOf(turn),
    requestId: requestIdOf(context, request),
    progress: {
      // The progress card is the clicked card; its language is the one the admin reads.
      conversationReference: { ...reference, locale: intlLocale(turn.lang) } as Record<string, unknown>,
      ...(typeof a.replyToId === 'string' && a.replyToId ? { activityId: a.replyToId } : {}),
    },
  });
  deps.log.info({
    event: 'reminders.campaignStarted',
    campaignId: campaign.id,
    template: campaign.template,
    recipients: campaign.recipients,
    scheduled: campaign.status === 'scheduled',
    by: turn.userKey,
    correlationId: turn.correlationId,
  });
  const now = await deps.reminders.counts(campaign.id);
  return cardResponse(progressCard(deps.i18n, turn.lang, campaign, now, { timeZone: deps.hours.timeZone }));
};

/** `reminder.cancel`: stops the campaign's pending sends; the clicked card shows the campaign cancelled. */
const cancel: ActionHandler = async (_context, turn, deps, data) => {
  const id = campaignIdOf(data);
  const existing = id ? await deps.reminders.get(id) : undefined;
  if (!id || !existing) return refused(deps, turn, 'staff.notFound');
  let campaign = existing;
  let notice: string | undefined;
  try {
    campaign = await deps.reminders.cancel(id, originOf(turn));
    deps.log.info({ event: 'reminders.campaignCancelled', campaignId: id, by: turn.userKey, correlationId: turn.correlationId });
  } catch (err) {
    if (!isReminderError(err)) throw err;
    notice = rt(deps, turn)(err.key === 'REMINDER_NOT_FOUND' ? 'staff.notFound' : 'staff.alreadyFinished');
    campaign = (await deps.reminders.get(id)) ?? existing;
  }
  const counts = await deps.reminders.counts(id);
  // The campaign's own progress card, when it is another card than the one clicked.
  deps.reminderChat.onProgress(campaign, counts);
  return cardResponse(progressCard(deps.i18n, turn.lang, campaign, counts, { timeZone: deps.hours.timeZone, notice }));
};

/** The staff verbs of reminders, for the router's action table. */
export const REMINDER_STAFF_ACTIONS = {
  'reminder.compose': staffVerb('reminder.compose', compose),
  'reminder.preview': staffVerb('reminder.preview', preview),
  'reminder.send': staffVerb('reminder.send', send),
  'reminder.cancel': staffVerb('reminder.cancel', cancel),
} satisfies Record<string, ActionHandler>;

/** `remind`: the composer card. */
export const remindCommand: StaffHandler = async (context, turn, deps) => {
  await context.sendActivity(cardMessage(composer(deps, turn)));
};

/** `reminders`: recent campaigns with their counts. */
export const remindersCommand: StaffHandler = async (context, turn, deps) => {
  const campaigns = await deps.reminders.list(LIST_SIZE);
  const rows = await Promise.all(campaigns.map(async (campaign) => ({ campaign, counts: await deps.reminders.counts(campaign.id) })));
  await context.sendActivity(cardMessage(campaignsCard(deps.i18n, turn.lang, rows, { timeZone: deps.hours.timeZone })));
};

/** What `reminders auto <mode>` accepts, in English and Turkish. */
const AUTO_MODES: Record<string, boolean> = { on: true, off: false, açık: true, acik: true, kapalı: false, kapali: false };

/** `reminders auto on|off`: turns the daily collections ladder on or off (as `reminders -- auto` does). */
export const remindersAutoCommand: StaffHandler = async (context, turn, deps, args) => {
  const t = rt(deps, turn);
  const mode = AUTO_MODES[(args.mode ?? '').toLocaleLowerCase('tr')] ?? AUTO_MODES[(args.mode ?? '').toLowerCase()];
  if (mode === undefined) {
    const now = await deps.reminderLadder.isAuto();
    await context.sendActivity(t('staff.autoUsage', { state: t(now ? 'staff.autoStateOn' : 'staff.autoStateOff') }));
    return;
  }
  await deps.reminderLadder.setAuto(mode);
  deps.log.info({ event: 'reminders.ladder.switched', on: mode, by: turn.userKey, correlationId: turn.correlationId });
  await context.sendActivity(t(mode ? 'staff.autoOn' : 'staff.autoOff'));
};

/** `setup billing`, typed in a team channel: "I've paid" notices go to that channel from now on. */
export const setupBillingCommand: StaffHandler = async (context, turn, deps) => {
  const t = rt(deps, turn);
  const a = context.activity;
  if (turn.conversationType !== 'channel') {
    await context.sendActivity(t('staff.setupBillingOnlyInChannel'));
    return;
  }
  const channelData = (a.channelData ?? {}) as { channel?: { id?: string }; team?: { id?: string } };
  // A channel post's conversation id carries ";messageid=<n>": the channel itself is the part before it.
  const conversationId = a.conversation.id.split(';messageid=')[0];
  const ref = TurnContext.getConversationReference(a);
  await deps.settings.setBillingChannel({
    conversationId,
    channelId: channelData.channel?.id,
    teamId: channelData.team?.id,
    serviceUrl: a.serviceUrl,
    conversationReference: { ...ref, conversation: { ...ref.conversation, id: conversationId } } as Record<string, unknown>,
    setBy: turn.userKey,
    setAt: new Date(deps.reminderChat.now()).toISOString(),
  });
  deps.log.info({ event: 'reminders.billingChannelSet', by: turn.userKey, conversationId, correlationId: turn.correlationId });
  await context.sendActivity(t('staff.setupBillingDone'));
};
