/**
 * Sizes the bot accepts from people, in one place: every handler that reads typed text or card
 * data checks against these, so the same message is never accepted on one path and refused on
 * another.
 */

/** Longest text a person may type (a message, a card's question, reply or resolution). */
export const MAX_MESSAGE_CHARS = 4000;

/** Largest `data` payload accepted from a card action, as JSON characters. */
export const MAX_ACTION_DATA_CHARS = 16_000;

/**
 * Deepest nesting of objects and arrays accepted in an incoming activity (an invoke's `value` is
 * the card dispatcher's to judge). Teams sends a handful of levels; thousands overflow the stack
 * of whatever walks the activity (JSON.stringify of a conversation reference).
 */
export const MAX_ACTIVITY_DEPTH = 32;
