import { TurnContext } from 'botbuilder';
import { matchCommand } from './platform/commands';
import { Deps } from './deps';
import { Turn } from './turn';
import { MAX_MESSAGE_CHARS } from './platform/limits';
import { cardMessage } from './platform/teams/cardMessage';
import { handleCustomerMessage } from './conversation/customerTurn';
import { isStaffTurn, runStaffCommand, usageHint } from './roles/staffCommands';
import { ticketIntercept } from './tickets/handlers';
import { unknownTenantCard } from './conversation/welcome';

/** Message text without the bot's @mention, trimmed. */
export function messageText(context: TurnContext): string {
  const a = context.activity;
  const raw = typeof a.text === 'string' ? a.text : '';
  let text = raw;
  try {
    const stripped: unknown = TurnContext.removeRecipientMention(a);
    if (typeof stripped === 'string') text = stripped;
  } catch {
    // malformed entities: fall back to the raw text
  }
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every message turn: staff commands, customer questions, or the unknown-tenant answer. */
export async function handleMessage(context: TurnContext, turn: Turn, deps: Deps): Promise<void> {
  const text = messageText(context);
  const { t } = turn;
  if (text.length > MAX_MESSAGE_CHARS) {
    await context.sendActivity(t('customer.tooLong', { length: text.length, max: MAX_MESSAGE_CHARS }));
    return;
  }
  if (isStaffTurn(turn)) {
    const match = matchCommand(text, 'staff');
    if (match) await runStaffCommand(context, turn, deps, match);
    else await context.sendActivity(usageHint(turn, text) ?? t('staff.unknownCommand'));
    return;
  }
  if (turn.who.kind === 'customer') {
    // Text that belongs to a ticket (answers to an agent, "talk to a person", "my tickets") goes there first.
    if (await ticketIntercept(context, turn, deps, text)) return;
    await handleCustomerMessage(context, turn, deps, text);
    return;
  }
  await context.sendActivity(cardMessage(unknownTenantCard(turn, deps)));
}
