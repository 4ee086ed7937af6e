import { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { AdaptiveCard } from '../cards/render';
import { Deps } from './deps';
import { causeOf, errorCode, ErrorKey, userMessage } from './platform/errors';
import { MAX_ACTION_DATA_CHARS } from './platform/limits';
import { Turn } from './turn';
import type { Role } from './roles/service';
import { noticeCard } from './platform/teams/cardMessage';

/** The `data` of an Action.Execute, as sent by the client (untrusted). */
export type ActionData = Record<string, unknown>;

/** A card verb's handler: checks who may use it, changes what it changes, returns the card to show. */
export type ActionHandler = (context: TurnContext, turn: Turn, deps: Deps, data: ActionData) => Promise<AdaptiveCardInvokeResponse>;

/** A staff command's handler, run after the router checked the command's roles. */
export type StaffHandler = (context: TurnContext, turn: StaffTurn, deps: Deps, args: Record<string, string>) => Promise<void>;

/** A turn of partner staff, with their roles. */
export type StaffTurn = Turn & { who: { kind: 'staff'; roles: Role[] } };

/**
 * One entry of the customer's typed-phrase table: looks at what a customer typed and either
 * handles it (true) or lets the next entry, and finally the conversation, have it (false).
 */
export interface TypedPhrase {
  id: string;
  handle(context: TurnContext, turn: Turn, deps: Deps, text: string): Promise<boolean>;
}

export function cardResponse(card: AdaptiveCard): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card as unknown as Record<string, unknown> };
}

/** A card that says an action was refused or failed; nothing changed. */
export function refusal(turn: Turn, key: ErrorKey): AdaptiveCardInvokeResponse {
  return cardResponse(noticeCard(userMessage(turn.t, key, turn.correlationId), []));
}

/** Size of the JSON of client data; nesting too deep to serialise counts as too large. */
function serializedSize(data: ActionData): number {
  try {
    return JSON.stringify(data).length;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Universal Actions: one verb → handler table. Everything a client sends is checked here
 * before a handler sees it; the handler itself checks who may use the verb.
 */
export async function handleCardAction(
  context: TurnContext,
  turn: Turn,
  deps: Deps,
  table: Readonly<Record<string, ActionHandler>>,
): Promise<AdaptiveCardInvokeResponse> {
  const value = context.activity.value as { action?: { type?: unknown; verb?: unknown; data?: unknown } } | undefined;
  const action = value?.action;
  const verb = typeof action?.verb === 'string' ? action.verb : '';
  const data = action?.data && typeof action.data === 'object' && !Array.isArray(action.data) ? (action.data as ActionData) : {};
  if (action?.type !== 'Action.Execute' || !verb) {
    deps.log.info({ event: 'action.malformed', correlationId: turn.correlationId });
    return refusal(turn, 'BAD_INPUT');
  }
  if (serializedSize(data) > MAX_ACTION_DATA_CHARS) {
    deps.log.info({ event: 'action.tooLarge', verb, correlationId: turn.correlationId });
    return refusal(turn, 'TEXT_TOO_LONG');
  }
  const handler = Object.prototype.hasOwnProperty.call(table, verb) ? table[verb] : undefined;
  if (!handler) {
    deps.log.info({ event: 'action.unknownVerb', verb: verb.slice(0, 60), correlationId: turn.correlationId });
    return refusal(turn, 'UNKNOWN_ACTION');
  }
  try {
    return await handler(context, turn, deps, data);
  } catch (err) {
    // A card action never ends in a 5xx: the user gets a card with a reference, the log the cause.
    deps.log.error({
      code: errorCode('TURN_FAILED'),
      event: 'action.failed',
      verb,
      correlationId: turn.correlationId,
      err: causeOf(err),
    });
    return refusal(turn, 'TURN_FAILED');
  }
}
