import { randomUUID } from 'node:crypto';
import type { TFunction } from 'i18next';

/** Where a failure or refusal comes from. Each area has its own range of codes. */
export type ErrorArea = 'host' | 'tickets' | 'roles' | 'customers' | 'reminders';

/**
 * The coded error catalog: every refusal and failure a user can meet has one entry here. The
 * user sees the localized `errors.<key>` message (bot namespace) with the turn's reference;
 * the log gets the code, the correlation id and the cause. Codes are stable: support staff
 * search logs and runbooks by them, so an entry's code never changes meaning.
 */
export const ERRORS = {
  // host (BHD-0xx): the turn itself, malformed input, card actions
  TURN_FAILED: { area: 'host', code: 'BHD-001' },
  FORBIDDEN: { area: 'host', code: 'BHD-003' },
  BAD_INPUT: { area: 'host', code: 'BHD-004' },
  TEXT_TOO_LONG: { area: 'host', code: 'BHD-005' },
  UNKNOWN_ACTION: { area: 'host', code: 'BHD-006' },
  // tickets (BHD-2xx), roles (BHD-3xx), customers (BHD-4xx), reminders (BHD-5xx)
} as const satisfies Record<string, { area: ErrorArea; code: string }>;

export type ErrorKey = keyof typeof ERRORS;

/** The stable code of a catalog entry, for logs. */
export function errorCode(key: ErrorKey): string {
  return ERRORS[key].code;
}

/** What the user reads: the short localized message, with the reference they can quote. */
export function userMessage(t: TFunction, key: ErrorKey, ref: string): string {
  return t(`errors.${key}`, { ns: 'bot', ref });
}

/** The part of a caught error that may go to the log (never to a user). */
export function causeOf(err: unknown): { name?: string; message?: string; stack?: string } {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { message: String(err) };
}

/** A short id a user can quote to support and that an operator finds in the logs. */
export function newCorrelationId(): string {
  return randomUUID().slice(0, 8);
}
