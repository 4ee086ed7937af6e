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
  // Refused or unverifiable channel tokens: logged only, the caller gets a bare 401 / 503.
  AUTH_FAILED: { area: 'host', code: 'BHD-007' },
  AUTH_UNAVAILABLE: { area: 'host', code: 'BHD-008' },
  // A message Teams delivered again (same id, or same text moments later): logged, not answered.
  REDELIVERED: { area: 'host', code: 'BHD-009' },
  // tickets (BHD-2xx): refusals of ticket verbs and failures of their delivery. The user reads the
  // tickets namespace's own refusal.* / validation.* text (it names the ticket and the holder), so
  // these have no errors.* message: never pass them to `refusal()`/`userMessage()`.
  TICKET_BAD_REF: { area: 'tickets', code: 'BHD-201' },
  TICKET_NOT_FOUND: { area: 'tickets', code: 'BHD-202' },
  TICKET_FORBIDDEN: { area: 'tickets', code: 'BHD-203' },
  TICKET_BAD_INPUT: { area: 'tickets', code: 'BHD-204' },
  TICKET_BAD_DRAFT: { area: 'tickets', code: 'BHD-205' },
  TICKET_NOT_OPEN: { area: 'tickets', code: 'BHD-206' },
  TICKET_HELD_BY_OTHER: { area: 'tickets', code: 'BHD-207' },
  TICKET_NOT_RESOLVED: { area: 'tickets', code: 'BHD-208' },
  TICKET_REOPEN_WINDOW_OVER: { area: 'tickets', code: 'BHD-209' },
  TICKET_NOT_WAITING_ON_CUSTOMER: { area: 'tickets', code: 'BHD-210' },
  TICKET_INVALID: { area: 'tickets', code: 'BHD-211' },
  TICKET_CONFLICT: { area: 'tickets', code: 'BHD-212' },
  TICKET_ALREADY_RATED: { area: 'tickets', code: 'BHD-213' },
  TICKET_OUTSIDER_REFUSED: { area: 'tickets', code: 'BHD-214' },
  TICKET_DELIVERY_FAILED: { area: 'tickets', code: 'BHD-250' },
  TICKET_DELIVERY_ITEM_FAILED: { area: 'tickets', code: 'BHD-251' },
  TICKET_CARD_UPDATE_FAILED: { area: 'tickets', code: 'BHD-252' },
  TICKET_SWEEP_FAILED: { area: 'tickets', code: 'BHD-253' },
  TICKET_NO_ESCALATION_CHANNEL: { area: 'tickets', code: 'BHD-254' },
  TICKET_ADMIN_NOTICE_FAILED: { area: 'tickets', code: 'BHD-255' },
  TICKET_SECURITY_LOG_FAILED: { area: 'tickets', code: 'BHD-256' },
  TICKET_ADMIN_NO_ROUTE: { area: 'tickets', code: 'BHD-257' },
  // roles (BHD-3xx)
  ROLES_ROSTER_READ_FAILED: { area: 'roles', code: 'BHD-301' },
  // reminders engine (BHD-4xx): ReminderService refusals (the chat side words them in its own
  // namespace, so they have no errors.* message) and sender / ladder failures (logged only).
  REMINDER_BAD_AUDIENCE: { area: 'reminders', code: 'BHD-401' },
  REMINDER_BAD_TEMPLATE: { area: 'reminders', code: 'BHD-402' },
  REMINDER_BAD_SEND_AT: { area: 'reminders', code: 'BHD-403' },
  REMINDER_BAD_NOTE: { area: 'reminders', code: 'BHD-404' },
  REMINDER_UNKNOWN_TENANT: { area: 'reminders', code: 'BHD-405' },
  REMINDER_NOT_FOUND: { area: 'reminders', code: 'BHD-406' },
  REMINDER_NOT_RECIPIENT: { area: 'reminders', code: 'BHD-407' },
  REMINDER_CANCELLED: { area: 'reminders', code: 'BHD-408' },
  REMINDER_NOT_CANCELLABLE: { area: 'reminders', code: 'BHD-409' },
  REMINDER_BAD_ACK: { area: 'reminders', code: 'BHD-410' },
  REMINDER_SEND_FAILED: { area: 'reminders', code: 'BHD-450' },
  REMINDER_SENDER_FAILED: { area: 'reminders', code: 'BHD-451' },
  REMINDER_LADDER_FAILED: { area: 'reminders', code: 'BHD-452' },
  REMINDER_RENDER_FAILED: { area: 'reminders', code: 'BHD-453' },
  // reminders chat side (BHD-46x): staff verbs refused to people without the role (the user reads the
  // reminders namespace's refusal), and the background notices and progress updates (logged only).
  REMINDER_STAFF_ONLY: { area: 'reminders', code: 'BHD-460' },
  REMINDER_PAID_NOTICE_FAILED: { area: 'reminders', code: 'BHD-461' },
  REMINDER_PAID_NO_ROUTE: { area: 'reminders', code: 'BHD-462' },
  REMINDER_PROGRESS_FAILED: { area: 'reminders', code: 'BHD-463' },
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
