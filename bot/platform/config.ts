import { z } from 'zod';

/** Locales the bot speaks; anything else falls back. Used as an allow-list, never as a path. */
export const SUPPORTED_LANGUAGES = ['en', 'tr'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

const idList = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x.length > 0),
  )
  .pipe(z.array(z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'each entry must be an Entra object id')));

const localeTag = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag like en-US or tr-TR')
  .refine((tag) => (SUPPORTED_LANGUAGES as readonly string[]).includes(tag.split('-')[0].toLowerCase()), {
    message: `language must be one of ${SUPPORTED_LANGUAGES.join(', ')}`,
  });

const optionalString = z
  .string()
  .optional()
  .transform((s) => (s && s.trim().length > 0 ? s.trim() : undefined));

/** Every environment variable of CONTRACT.md, typed, with its default. */
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    MicrosoftAppId: optionalString,
    MicrosoftAppPassword: optionalString,
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: optionalString,
    DATA_DIR: z.string().min(1).default('.data'),
    COSMOS_ENDPOINT: optionalString.pipe(z.url({ message: 'must be a URL like https://<account>.documents.azure.com:443/' }).optional()),
    COSMOS_KEY: optionalString,
    COSMOS_DATABASE: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,255}$/, 'must be letters, digits, - or _')
      .default('helpdesk'),
    PARTNER_TENANT_ID: optionalString,
    ADMINS: idList,
    HELPDESK_AGENTS: idList,
    BILLING_ADMINS: idList,
    DEFAULT_LOCALE: localeTag.default('en-US'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(262_144),
    // Background work across instances: how long a lease lasts without renewal (the takeover time
    // after an instance dies) and how often the delivery sweep looks for work left behind.
    JOB_LEASE_MS: z.coerce.number().int().min(3_000).max(600_000).default(30_000),
    DELIVERY_SWEEP_MS: z.coerce.number().int().min(500).max(3_600_000).default(10_000),
    HOST: optionalString.pipe(
      z
        .string()
        .regex(/^([0-9A-Za-z.-]{1,253}|[0-9A-Fa-f:.]{2,45})$/, 'must be an IP address or host name, like 127.0.0.1 or 0.0.0.0')
        .optional(),
    ),
    // The SDK's own names: tests (and sovereign clouds) point channel-token validation elsewhere.
    ToBotFromChannelOpenIdMetadataUrl: optionalString.pipe(
      z.url({ protocol: /^https?$/, message: 'must be an http(s) URL of an OpenID configuration document' }).optional(),
    ),
    ToBotFromChannelTokenIssuer: optionalString,
    // The tab (bot/tab/): its SSO tokens' audience is api://<BOT_DOMAIN>/<MicrosoftAppId>.
    BOT_DOMAIN: optionalString.pipe(
      z
        .string()
        .regex(/^[0-9A-Za-z.-]{1,253}(:\d{1,5})?$/, 'must be a host name like helpdesk.example.com')
        .optional(),
    ),
    // OpenID configuration the tab's Entra ID tokens are checked against; default: the partner tenant's v2.0 endpoint.
    TAB_OPENID_METADATA_URL: optionalString.pipe(
      z.url({ protocol: /^https?$/, message: 'must be an http(s) URL of an OpenID configuration document' }).optional(),
    ),
    // How long after fetching the signing keys an unknown key id may not fetch them again.
    TAB_JWKS_COOLDOWN_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    // Reminders (README "Reminders: engine, ladder, CLI"): pacing, retries and the daily ladder.
    REMINDER_TENANT_RPS: z.coerce.number().min(0.1).max(49, 'must stay below Teams’ 50 requests/s per tenant').default(40),
    REMINDER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(64),
    // Tenants sent at once by one instance, each at its full rate (README "Sending in waves").
    REMINDER_TENANTS_IN_FLIGHT: z.coerce.number().int().min(1).max(1000).default(16),
    // adaptive: start lower and follow what this instance keeps up with (up to the number above); fixed: always that number.
    REMINDER_WAVES: z.enum(['adaptive', 'fixed']).default('adaptive'),
    REMINDER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    REMINDER_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
    REMINDER_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    REMINDER_PROGRESS_MS: z.coerce.number().int().min(1000).max(600_000).default(3000),
    // On by default; under NODE_ENV=test only when asked for (tests that seed customers must not get ladder cards).
    REMINDER_LADDER: z.enum(['on', 'off']).optional(),
    REMINDER_LADDER_AT: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM, like 09:00')
      .default('09:00'),
    REMINDER_LADDER_CATCHUP_DAYS: z.coerce.number().int().min(0).max(60).default(7),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && !c.MicrosoftAppId) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppId'],
        message: 'is required when NODE_ENV=production (local mode without channel authentication is for development only)',
      });
    }
    if (c.MicrosoftAppId && c.MicrosoftAppType !== 'UserAssignedMSI' && !c.MicrosoftAppPassword) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required when MicrosoftAppId is set' });
    }
    if (c.MicrosoftAppType === 'SingleTenant' && c.MicrosoftAppId && !c.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'is required when MicrosoftAppType=SingleTenant' });
    }
  })
  // Local mode has no channel authentication: only this machine may talk to it unless HOST says otherwise.
  .transform((c) => ({
    ...c,
    HOST: c.HOST ?? (c.MicrosoftAppId ? '0.0.0.0' : '127.0.0.1'),
    REMINDER_LADDER: c.REMINDER_LADDER ?? (c.NODE_ENV === 'test' ? ('off' as const) : ('on' as const)),
  }));

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.length > 0 ? String(issue.path[0]) : 'environment';
        return `${name}: ${issue.message}`;
      }),
    );
  }
  return result.data;
}

/** The configuration with secrets masked, for the start-up log. */
export function redactedConfig(c: Config): Record<string, unknown> {
  return {
    ...c,
    MicrosoftAppPassword: c.MicrosoftAppPassword ? '***' : undefined,
    COSMOS_KEY: c.COSMOS_KEY ? '***' : undefined,
  };
}

/** The language part of a tag when we speak it ("tr-TR" → "tr"), else undefined. */
export function supportedLanguage(tag: string | undefined | null): Language | undefined {
  if (!tag || typeof tag !== 'string') return undefined;
  const lang = tag.split(/[-_]/)[0].toLowerCase();
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(lang) ? (lang as Language) : undefined;
}
