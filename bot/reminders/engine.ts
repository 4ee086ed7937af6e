/**
 * The reminders engine as the composition root builds it: the sender (paced by a per-conversation
 * and a per-tenant limiter, tenants in waves), the daily ladder and the scheduler that starts both.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { CustomerDirectory } from '../customers/directory';
import { Terms } from '../knowledge/terms';
import { Clock } from '../platform/clock';
import { Config, supportedLanguage } from '../platform/config';
import { Leases } from '../platform/jobs/lease';
import { Logger } from '../platform/log';
import { Store } from '../platform/store/types';
import { Messenger, RateLimiter, TEAMS_CONVERSATION_LIMITS } from '../platform/teams/messenger';
import { ReminderLadder } from './ladder';
import { ReminderScheduler } from './scheduler';
import { Limiter, OnProgress, ReminderSender, RenderReminder } from './sender';
import { burstOf, TokenBucket } from './pacer';
import { ReminderService } from './service';
import { TenantWaves } from './waves';

export interface ReminderEngine {
  sender: ReminderSender;
  ladder: ReminderLadder;
  scheduler: ReminderScheduler;
  /** This instance's leases (the sender's campaigns and the ladder). */
  leases: Leases;
  /** How many tenants the sender has in flight at once. */
  waves: TenantWaves;
  start(): void;
  stop(): Promise<void>;
}

export function createReminderEngine(
  deps: { config: Config; store: Store; customers: CustomerDirectory; terms: Terms; log: Logger; service: ReminderService },
  messenger: Messenger,
  chat: { render: RenderReminder; onProgress?: OnProgress },
  options: { clock: Clock; conversationLimiter?: Limiter; tenantLimiter?: Limiter },
): ReminderEngine {
  const { config, clock, log } = { ...deps, ...options };
  const leases = new Leases(
    deps.store,
    `${os.hostname()}-${process.pid}-reminders-${randomUUID().slice(0, 8)}`,
    clock,
    config.REMINDER_LEASE_MS,
  );
  const waves = new TenantWaves({
    maxTenants: config.REMINDER_TENANTS_IN_FLIGHT,
    adaptive: config.REMINDER_WAVES === 'adaptive',
    tenantRps: config.REMINDER_TENANT_RPS,
  });
  const sender = new ReminderSender(
    {
      service: deps.service,
      messenger,
      render: chat.render,
      onProgress: chat.onProgress,
      leases,
      clock,
      log,
      conversationLimiter: options.conversationLimiter ?? new RateLimiter(TEAMS_CONVERSATION_LIMITS, clock),
      tenantLimiter: options.tenantLimiter ?? new TokenBucket(config.REMINDER_TENANT_RPS, burstOf(config.REMINDER_TENANT_RPS), clock),
      customers: deps.customers,
      store: deps.store,
      waves,
    },
    {
      concurrency: config.REMINDER_CONCURRENCY,
      // Enough sends in flight per tenant to keep its rate with up to 500 ms per send (a loaded machine);
      // few tenants are in flight at once (waves), and REMINDER_CONCURRENCY bounds them all.
      perTenant: Math.max(2, Math.ceil(config.REMINDER_TENANT_RPS / 2)),
      maxAttempts: config.REMINDER_MAX_ATTEMPTS,
      progressMs: config.REMINDER_PROGRESS_MS,
    },
  );
  const ladder = new ReminderLadder(
    {
      service: deps.service,
      customers: deps.customers,
      store: deps.store,
      terms: deps.terms,
      clock,
      log,
      timeZone: deps.terms.partner.hours.timeZone,
      fallbackLanguage: supportedLanguage(config.DEFAULT_LOCALE) ?? 'en',
    },
    { enabledByDefault: config.REMINDER_LADDER === 'on', at: config.REMINDER_LADDER_AT, catchUpDays: config.REMINDER_LADDER_CATCHUP_DAYS },
  );
  const scheduler = new ReminderScheduler({ service: deps.service, sender, ladder, leases, clock, log }, config.REMINDER_POLL_MS);
  return {
    sender,
    ladder,
    scheduler,
    leases,
    waves,
    start: () => scheduler.start(),
    stop: () => scheduler.stop(),
  };
}
