import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Secrets are redacted by path; message text is never logged at info
 * level (handlers log ids, types and codes only).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'billing-help-desk' },
      redact: {
        paths: [
          'MicrosoftAppPassword',
          'COSMOS_KEY',
          'config.MicrosoftAppPassword',
          'config.COSMOS_KEY',
          'req.headers.authorization',
          'headers.authorization',
          '*.text',
        ],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
