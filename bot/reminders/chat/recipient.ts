/**
 * The buttons of a reminder card: "Got it", "I've paid" and "I have a question". Each is checked
 * against the campaign and the person it was sent to (policy.ts), recorded through the service,
 * and answered with the same card, updated in place, saying what was recorded.
 */
import { createHash } from 'node:crypto';
import { AdaptiveCardInvokeResponse } from 'botbuilder';
import { formatInstant } from '../../../cards/reminders/common';
import { reminderCard } from '../../../cards/reminders/reminder';
import { escapeText } from '../../../cards/render';
import { ActionData, ActionHandler, cardResponse } from '../../cardActions';
import { Customer } from '../../customers/directory';
import { Deps } from '../../deps';
import { ErrorKey } from '../../platform/errors';
import { formatDate, formatMoney } from '../../platform/format';
import { Turn } from '../../turn';
import { openTicket } from '../../tickets/chat/open';
import { isReminderError } from '../domain/errors';
import { AckKind, Acknowledgement, Campaign, Recipient } from '../model';
import { logRefusal, refused, rt, today } from './common';
import { campaignIdOf, parsePaid } from './input';
import { AckRefusal, ackRefusal } from './policy';

const REFUSAL_CODES: Record<AckRefusal, ErrorKey> = {
  customersOnly: 'REMINDER_NOT_RECIPIENT',
  notFound: 'REMINDER_NOT_FOUND',
  notYours: 'REMINDER_NOT_RECIPIENT',
  cancelled: 'REMINDER_CANCELLED',
};

/** The engine's refusals, as the chat side words them. */
function refusalOf(key: ErrorKey): AckRefusal {
  if (key === 'REMINDER_CANCELLED') return 'cancelled';
  if (key === 'REMINDER_NOT_FOUND') return 'notFound';
  return 'notYours';
}

type Refused = { ok: false; response: AdaptiveCardInvokeResponse };
type Checked = { ok: true; campaign: Campaign; recipient: Recipient } | Refused;

/** The campaign and this person's place in it, or the refusal (logged) when the click is not theirs to make. */
async function check(deps: Deps, turn: Turn, verb: string, data: ActionData): Promise<Checked> {
  const id = campaignIdOf(data);
  const campaign = id ? await deps.reminders.get(id) : undefined;
  const recipient =
    id && campaign && turn.tenantId && turn.userKey ? await deps.reminders.recipientOf(id, turn.tenantId, turn.userKey) : undefined;
  const refusal = ackRefusal(turn, campaign, recipient);
  if (refusal || !campaign || !recipient) return deny(deps, turn, verb, refusal ?? 'notYours', id);
  return { ok: true, campaign, recipient };
}

function deny(deps: Deps, turn: Turn, verb: string, refusal: AckRefusal, campaignId?: string): Refused {
  logRefusal(deps, turn, REFUSAL_CODES[refusal], verb, { refusal, ...(campaignId ? { campaignId } : {}) });
  return { ok: false, response: refused(deps, turn, `refusal.${refusal}`) };
}

/** Records the acknowledgement; the service checks the person and campaign once more (a race with a cancel). */
async function record(
  deps: Deps,
  turn: Turn,
  verb: string,
  campaign: Campaign,
  ack: Omit<Acknowledgement, 'at' | 'by'>,
): Promise<{ ok: true; recipient: Recipient } | Refused> {
  try {
    const { recipient } = await deps.reminders.acknowledge(
      campaign.id,
      { tenantId: turn.tenantId, userKey: turn.userKey },
      { ...ack, by: turn.userKey },
    );
    deps.log.info({
      event: 'reminders.acknowledged',
      kind: ack.kind,
      campaignId: campaign.id,
      by: turn.userKey,
      correlationId: turn.correlationId,
    });
    return { ok: true, recipient };
  } catch (err) {
    if (!isReminderError(err)) throw err;
    return deny(deps, turn, verb, refusalOf(err.key), campaign.id);
  }
}

/** The card again, for this person, saying what was recorded. */
async function updatedCard(deps: Deps, turn: Turn, campaign: Campaign, recipient: Recipient, recorded: string) {
  const customer = (turn.who.kind === 'customer' ? turn.who.customer : undefined) ?? (await deps.customers.get(turn.tenantId));
  const day = today(deps);
  const view = {
    campaign,
    customer: customer ?? { name: recipient.tenantId },
    lang: turn.lang,
    today: day,
    next: customer ? deps.reminders.nextStep(customer, day) : undefined,
    recorded,
    done: recipient.acks.map((a) => a.kind),
  };
  return cardResponse(reminderCard(view, deps));
}

function lastAck(recipient: Recipient, kind: AckKind): Acknowledgement | undefined {
  return [...recipient.acks].reverse().find((a) => a.kind === kind);
}

function when(deps: Deps, turn: Turn, ack: Acknowledgement | undefined): string {
  return formatInstant(ack?.at ?? deps.reminderChat.now(), turn.lang, deps.hours.timeZone);
}

/** `reminder.ack`: "Got it". */
const ack: ActionHandler = async (_context, turn, deps, data) => {
  const checked = await check(deps, turn, 'reminder.ack', data);
  if (!checked.ok) return checked.response;
  const done = await record(deps, turn, 'reminder.ack', checked.campaign, { kind: 'ack' });
  if (!done.ok) return done.response;
  const t = rt(deps, turn);
  const at = when(deps, turn, lastAck(done.recipient, 'ack'));
  const name = turn.name?.trim().split(/\s+/)[0];
  const text = name ? t('recorded.ack', { name: escapeText(name, 60), when: at }) : t('recorded.ackNoName', { when: at });
  return updatedCard(deps, turn, checked.campaign, done.recipient, text);
};

/** `reminder.paid`: "I've paid", with an optional date and reference; the billing team is told. */
const paid: ActionHandler = async (_context, turn, deps, data) => {
  const checked = await check(deps, turn, 'reminder.paid', data);
  if (!checked.ok) return checked.response;
  const t = rt(deps, turn);
  const input = parsePaid(data, t, today(deps));
  if (!input.ok) {
    logRefusal(deps, turn, 'REMINDER_BAD_ACK', 'reminder.paid', { campaignId: checked.campaign.id });
    return updatedCard(deps, turn, checked.campaign, checked.recipient, input.problem);
  }
  const done = await record(deps, turn, 'reminder.paid', checked.campaign, { kind: 'paid', ...input.value });
  if (!done.ok) return done.response;
  const customer = turn.who.kind === 'customer' ? turn.who.customer : await deps.customers.get(turn.tenantId);
  deps.reminderChat.notifyPaid({
    campaign: checked.campaign,
    recipient: done.recipient,
    customer,
    name: turn.name,
    ...input.value,
    at: deps.reminderChat.now(),
  });
  const details =
    (input.value.paidOn ? t('recorded.paidOn', { date: formatDate(input.value.paidOn, turn.lang) }) : '') +
    (input.value.reference ? t('recorded.paidReference', { reference: escapeText(input.value.reference, 100) }) : '');
  const text = t('recorded.paid', { when: when(deps, turn, lastAck(done.recipient, 'paid')), details });
  return updatedCard(deps, turn, checked.campaign, done.recipient, text);
};

/** The ticket's question: the reminder and the billing facts it was about, in the customer's language. */
function questionText(deps: Deps, turn: Turn, campaign: Campaign, customer: Customer | undefined): string {
  const t = rt(deps, turn);
  const unknown = t('card.unknown');
  return t('question.text', {
    template: t(`templateName.${campaign.template}`),
    invoice: customer?.invoiceNumber ?? unknown,
    balance: customer?.balance !== undefined ? formatMoney(customer.balance, customer.currency, turn.lang) : unknown,
    due: customer?.dueDate ? formatDate(customer.dueDate, turn.lang) : unknown,
    campaign: campaign.id,
  });
}

/** The texts of a notice card (its title and lines), to say them on the reminder card. */
function noticeTexts(card: { body: unknown[] }): string[] {
  return card.body.map((b) => (b as { text?: unknown }).text).filter((x): x is string => typeof x === 'string');
}

/** `reminder.question`: opens a ticket (the existing ticket flow) linked to the reminder, and says when a person answers. */
const question: ActionHandler = async (context, turn, deps, data) => {
  const checked = await check(deps, turn, 'reminder.question', data);
  if (!checked.ok) return checked.response;
  const { campaign } = checked;
  const customer = turn.who.kind === 'customer' ? turn.who.customer : undefined;
  // One ticket per person and reminder: a second click finds the same ticket.
  const draftId = `reminder:${campaign.id}:${createHash('sha256').update(turn.userKey).digest('hex').slice(0, 16)}`;
  const confirmation = await openTicket(
    context,
    turn,
    deps,
    { draftId, question: questionText(deps, turn, campaign, customer), product: '', topic: '', section: 'collection-policy' },
    'offer',
  );
  const ticket = (await deps.tickets.mine(turn.tenantId, turn.userKey, 20)).find((d) => d.value.draftKey === draftId);
  const done = await record(deps, turn, 'reminder.question', campaign, {
    kind: 'question',
    ...(ticket ? { ticketNumber: ticket.value.number } : {}),
  });
  if (!done.ok) return done.response;
  // The ticket's confirmation (its number, when a person answers) on the reminder card.
  const [, ...answer] = noticeTexts(confirmation);
  const text = rt(deps, turn)('recorded.question', { number: ticket?.value.number ?? '', answer: answer.join(' ') });
  return updatedCard(deps, turn, campaign, done.recipient, text);
};

/** The recipients' verbs of reminders, for the router's action table. */
export const REMINDER_RECIPIENT_ACTIONS = {
  'reminder.ack': ack,
  'reminder.paid': paid,
  'reminder.question': question,
} satisfies Record<string, ActionHandler>;
