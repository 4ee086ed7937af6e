import { ErrorKey, errorCode } from '../../platform/errors';

/** A refusal of the reminders engine: the catalog key (for the chat side's wording and the log) and its values. */
export class ReminderError extends Error {
  readonly code: string;

  constructor(
    readonly key: ErrorKey,
    readonly params: Record<string, string | number> = {},
    detail?: string,
  ) {
    super(`${errorCode(key)} ${key}${detail ? `: ${detail}` : ''}`);
    this.name = 'ReminderError';
    this.code = errorCode(key);
  }
}

export function isReminderError(err: unknown): err is ReminderError {
  return err instanceof ReminderError;
}
