import { randomUUID } from 'node:crypto';

/**
 * The coded error catalog. A user sees the localized `errors.<code>` message with a reference;
 * the log gets the code, the correlation id and the cause.
 */
export const ERROR_CODES = {
  TURN_FAILED: 'BHD-001',
  STORE_UNAVAILABLE: 'BHD-002',
  FORBIDDEN: 'BHD-003',
  BAD_INPUT: 'BHD-004',
  TEXT_TOO_LONG: 'BHD-005',
  UNKNOWN_ACTION: 'BHD-006',
  CONFLICT: 'BHD-007',
} as const;

export type ErrorKey = keyof typeof ERROR_CODES;

/** An error we expect and explain to the user (bad input, refused action) rather than a crash. */
export class UserFacingError extends Error {
  constructor(
    readonly key: ErrorKey,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
  get code(): string {
    return ERROR_CODES[this.key];
  }
}

/** A short id a user can quote to support and that an operator finds in the logs. */
export function newCorrelationId(): string {
  return randomUUID().slice(0, 8);
}
