import { TurnContext } from 'botbuilder';
import { CardVerb } from '../cards/verbs';
import { COMMANDS, StaffCommandId } from './commands';
import { ActionHandler, StaffHandler, StaffTurn, TypedPhrase } from './cardActions';
import { ANSWER_ACTIONS } from './conversation/answers';
import { handleCustomerMessage } from './conversation/customerTurn';
import { DID_YOU_MEAN_ACTIONS } from './conversation/didYouMean';
import { MENU_ACTIONS } from './conversation/menu';
import { unknownTenantCard } from './conversation/welcome';
import { Deps } from './deps';
import { CommandMatch, matchCommand, mayRun } from './platform/commands';
import { MAX_MESSAGE_CHARS } from './platform/limits';
import { cardMessage } from './platform/teams/cardMessage';
import { REMINDER_ACTIONS, REMINDER_COMMANDS } from './reminders/chat';
import { ROLE_COMMANDS, roleNames, usageHint } from './roles/staffCommands';
import { TICKET_ACTIONS, TICKET_COMMANDS, TICKET_PHRASES } from './tickets/handlers';
import { Turn } from './turn';

/**
 * The router: the one table of card verbs, of staff commands and of customers' typed phrases.
 * Features export their handlers; this file is the only place they are put together, so a
 * reader finds what any verb, command or phrase does from here.
 */

/** Every card verb and its handler; the type makes a missing or unknown verb a compile error. */
export const CARD_ACTIONS: Record<CardVerb, ActionHandler> = {
  ...ANSWER_ACTIONS,
  ...DID_YOU_MEAN_ACTIONS,
  ...MENU_ACTIONS,
  ...TICKET_ACTIONS,
  ...REMINDER_ACTIONS,
};

/** Every staff command of the command table (bot/commands.ts) and its handler. */
export const STAFF_COMMANDS: Record<StaffCommandId, StaffHandler> = {
  ...ROLE_COMMANDS,
  ...TICKET_COMMANDS,
  ...REMINDER_COMMANDS,
};

/** What customers type that is not a question, in the order it is tried; the rest goes to the conversation. */
export const CUSTOMER_PHRASES: readonly TypedPhrase[] = [...TICKET_PHRASES];

/**
 * Message text without the bot's @mention, trimmed. With `mentionsAsIds` (staff commands), every
 * other @mention becomes one word, the person's object id when Teams sends it, else their
 * channel user id (29:…), so that "grant admin @Ayşe Yılmaz" names a person.
 */
export function messageText(context: TurnContext, mentionsAsIds = false): string {
  const a = context.activity;
  const raw = typeof a.text === 'string' ? a.text : '';
  let text = raw;
  try {
    const stripped: unknown = TurnContext.removeRecipientMention(a);
    if (typeof stripped === 'string') text = stripped;
  } catch {
    // malformed entities: fall back to the raw text
  }
  if (mentionsAsIds) text = mentionsToIds(text, a.entities, a.recipient?.id);
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function mentionsToIds(text: string, entities: unknown, botId: string | undefined): string {
  if (!Array.isArray(entities)) return text;
  let out = text;
  for (const e of entities as { type?: unknown; text?: unknown; mentioned?: { id?: unknown; aadObjectId?: unknown } }[]) {
    const id = e?.mentioned?.aadObjectId ?? e?.mentioned?.id;
    if (e?.type !== 'mention' || typeof e.text !== 'string' || typeof id !== 'string' || !id || e.mentioned?.id === botId) continue;
    out = out.replace(e.text, ` ${id.replace(/\s+/g, '')} `);
  }
  return out;
}

/** Every message turn: staff commands, customers' phrases and questions, or the unknown-tenant answer. */
export async function routeMessage(context: TurnContext, turn: Turn, deps: Deps): Promise<void> {
  const text = messageText(context, isStaffTurn(turn));
  const { t } = turn;
  if (text.length > MAX_MESSAGE_CHARS) {
    await context.sendActivity(t('customer.tooLong', { length: text.length, max: MAX_MESSAGE_CHARS }));
    return;
  }
  if (isStaffTurn(turn)) {
    const match = matchCommand(text, 'staff', COMMANDS);
    if (match) await runStaffCommand(context, turn, deps, match);
    // The 1:1 command menu is the customers' (bot/commands.ts): staff who pick one get their help.
    else if (matchCommand(text, 'customer', COMMANDS)) await STAFF_COMMANDS.help(context, turn, deps, {});
    else await context.sendActivity(usageHint(turn, text) ?? t('staff.unknownCommand'));
    return;
  }
  if (turn.who.kind === 'customer') {
    for (const phrase of CUSTOMER_PHRASES) if (await phrase.handle(context, turn, deps, text)) return;
    await handleCustomerMessage(context, turn, deps, text);
    return;
  }
  await context.sendActivity(cardMessage(unknownTenantCard(turn, deps)));
}

/** Runs a matched staff command, refusing politely (and changing nothing) without the role. */
async function runStaffCommand(context: TurnContext, turn: StaffTurn, deps: Deps, match: CommandMatch): Promise<void> {
  if (!mayRun(match.spec, turn.who.roles)) {
    deps.log.info({ event: 'command.refused', command: match.spec.id, by: turn.userKey, correlationId: turn.correlationId });
    await context.sendActivity(
      turn.t('staff.notAllowed', {
        command: turn.t(`commands.${match.spec.id}.title`),
        roles: roleNames(turn, (match.spec.requires ?? []) as StaffTurn['who']['roles']),
      }),
    );
    return;
  }
  await STAFF_COMMANDS[match.spec.id as StaffCommandId](context, turn, deps, match.args);
}

function isStaffTurn(turn: Turn): turn is StaffTurn {
  return turn.who.kind === 'staff';
}
