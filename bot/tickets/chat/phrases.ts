/**
 * Customer text that belongs to tickets, in the order it is tried: "my tickets", an answer to an
 * agent while a ticket waits on the customer (relayed to the ticket's thread), "talk to a person"
 * (offers a ticket, the question prefilled), and remembering a question-like message for such a ticket later.
 *
 * The phrases are language data in locales/<lang>/tickets.json (`phrases.*`). Every language's
 * phrases are matched whatever the turn's language: customers type Turkish in an English client.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TurnContext } from 'botbuilder';
import type { TypedPhrase } from '../../cardActions';
import { Deps } from '../../deps';
import { SUPPORTED_LANGUAGES } from '../../platform/config';
import { repoRoot } from '../../platform/paths';
import { cardMessage } from '../../platform/teams/cardMessage';
import { foldText } from '../../platform/text';
import { Turn } from '../../turn';
import { actorOf, refOf, tt } from './common';
import { offerTicketCard } from './offer';
import { myTicketsCard } from './open';

interface Phrases {
  /** Whole messages that ask for a person ("human", "temsilci"). */
  talkToPersonExact: string[];
  /** Phrases anywhere in a short message ("talk to a person", "temsilciyle görüşmek"). */
  talkToPerson: string[];
  /** Whole messages that ask for the customer's tickets. */
  myTickets: string[];
}

const MAX_PHRASE_WORDS = 12;
/** A question this recent is what a typed "talk to a person" is about. */
const RECENT_QUESTION_MS = 30 * 60_000;

let loaded: Phrases | undefined;

/** Every supported language's phrases, folded like typed text, read once. */
function phrases(): Phrases {
  if (!loaded) {
    const all: Phrases = { talkToPersonExact: [], talkToPerson: [], myTickets: [] };
    for (const lang of SUPPORTED_LANGUAGES) {
      const file = path.join(repoRoot(), 'locales', lang, 'tickets.json');
      const own = (JSON.parse(readFileSync(file, 'utf8')) as { phrases?: Partial<Phrases> }).phrases ?? {};
      for (const key of Object.keys(all) as (keyof Phrases)[]) all[key].push(...(own[key] ?? []).map(foldText));
    }
    loaded = all;
  }
  return loaded;
}

/** Whether a message reads like a question worth remembering (not a menu choice like "Azure" or "2"). */
function isQuestionLike(typed: string): boolean {
  return typed.trim().split(/\s+/).length >= 4 || typed.trim().length >= 25;
}

/** "talk to a person" and its kin, in any supported language (with or without Turkish letters). */
export function isTalkToPerson(typed: string): boolean {
  const f = foldText(typed);
  if (!f) return false;
  const p = phrases();
  if (p.talkToPersonExact.includes(f)) return true;
  if (f.split(' ').length > MAX_PHRASE_WORDS) return false;
  const padded = ` ${f} `;
  return p.talkToPerson.some((phrase) => padded.includes(` ${phrase} `));
}

/** "my tickets" and its kin (exact, after folding). */
export function isMyTickets(typed: string): boolean {
  return phrases().myTickets.includes(foldText(typed));
}

const myTickets: TypedPhrase = {
  id: 'myTickets',
  async handle(context, turn, deps, text) {
    if (!isMyTickets(text)) return false;
    await context.sendActivity(cardMessage(await myTicketsCard(turn, deps)));
    return true;
  },
};

/** While a ticket waits on the customer, what they type is their answer to the agent. */
const relayToTicket: TypedPhrase = {
  id: 'relayToTicket',
  async handle(context, turn, deps, text) {
    const waiting = await deps.tickets.waitingOn(turn.tenantId, turn.userKey);
    if (!waiting) return false;
    const result = await deps.tickets.act(refOf(waiting), actorOf(turn), { verb: 'customerMessage', text });
    if (!result.ok) return false;
    const agent = waiting.value.assignee?.name ?? tt(deps, turn)('card.ourTeam');
    deps.log.info({ event: 'ticket.customerMessage', number: waiting.value.number, correlationId: turn.correlationId });
    await context.sendActivity(tt(deps, turn)('relay.sent', { number: waiting.value.number, name: agent }));
    return true;
  },
};

/**
 * The offer of a person for what the customer asked last (else `typed`): the offer card with the
 * question prefilled and editable; the ticket opens only from its button.
 */
export async function offerForRecentQuestion(context: TurnContext, turn: Turn, deps: Deps, typed: string): Promise<void> {
  const id = typeof context.activity.id === 'string' && context.activity.id ? context.activity.id : randomUUID();
  const recent = await deps.tickets.questions.recent(turn.tenantId, turn.userKey, RECENT_QUESTION_MS);
  const section = recent ? deps.retriever.ask(recent, turn.lang).section : null;
  // `msg:` marks a ticket the customer asked for in so many words (source "typed").
  const draft = { draftId: `msg:${id}`.slice(0, 100), question: recent ?? typed, product: '', topic: '', section };
  await context.sendActivity(cardMessage(offerTicketCard(turn, deps, draft)));
}

const talkToPerson: TypedPhrase = {
  id: 'talkToPerson',
  async handle(context, turn, deps, text) {
    if (!isTalkToPerson(text)) return false;
    await offerForRecentQuestion(context, turn, deps, text);
    return true;
  },
};

/** Never handles the message: remembers a question so a "talk to a person" right after is about it. */
const rememberQuestion: TypedPhrase = {
  id: 'rememberQuestion',
  async handle(_context, turn, deps, text) {
    if (isQuestionLike(text)) await deps.tickets.questions.remember(turn.tenantId, turn.userKey, text);
    return false;
  },
};

/** Only a known customer's own non-empty text belongs to their tickets. */
function forCustomers(phrase: TypedPhrase): TypedPhrase {
  return {
    id: phrase.id,
    handle: async (context, turn, deps, text) =>
      turn.who.kind === 'customer' && !!turn.tenantId && !!turn.userKey && !!text && phrase.handle(context, turn, deps, text),
  };
}

/** The customer-text intercepts of tickets, in the order they are tried. */
export const TICKET_PHRASES: readonly TypedPhrase[] = [myTickets, relayToTicket, talkToPerson, rememberQuestion].map(forCustomers);

/**
 * Customer text that belongs to tickets; `typed` is the message text as the message handler read
 * it (mention removed, length checked). Returns true when it handled the message.
 */
export async function ticketIntercept(context: TurnContext, turn: Turn, deps: Deps, typed: string): Promise<boolean> {
  for (const phrase of TICKET_PHRASES) if (await phrase.handle(context, turn, deps, typed)) return true;
  return false;
}
