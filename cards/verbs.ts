/**
 * Every Action.Execute verb the bot's cards carry, as one typed union: card builders write
 * them into `data`/`verb`, and the router's table must have a handler for each (a verb with no
 * handler, or a handler for no verb, is a compile error).
 */
export const CARD_VERBS = [
  'answer.helpful',
  'answer.notHelpful',
  'answer.choose',
  'ticket.create',
  'ticket.claim',
  'ticket.assign',
  'ticket.reply',
  'ticket.resolve',
  'ticket.reopen',
  'ticket.escalateMicrosoft',
  'ticket.rate',
  'ticket.refresh',
  'ticket.list',
  'menu.open',
  'guided.choose',
  'reminder.compose',
  'reminder.preview',
  'reminder.send',
  'reminder.cancel',
  'reminder.ack',
  'reminder.paid',
  'reminder.question',
] as const;

export type CardVerb = (typeof CARD_VERBS)[number];

/** Whether a client-sent verb is one of ours. */
export function isCardVerb(verb: string): verb is CardVerb {
  return (CARD_VERBS as readonly string[]).includes(verb);
}
