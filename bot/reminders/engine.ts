/**
 * The reminders engine as the composition root builds it: the sender (paced by a per-conversation
 * and a per-tenant limiter, tenants in waves), the daily ladder and the scheduler that starts both.
 */
import { randomUUID } from 'node:crypto';
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
import { ReminderService } from './service';
import { TenantWaves } from './waves';

export interface ReminderEngine {
  sender: ReminderSender;
  ladder: ReminderLadder;
  scheduler: ReminderScheduler;
  /** This instance's leases (the sender's campaigns and the ladder). */
  leases: Leases;
  start(): void;
  stop(): Promise<void>;
}

/**
 * The per-tenant budget: `rps` per second, and at most a quarter of it in any quarter second, so
 * a burst taken at the top of one second and one at the top of the next never meet in one
 * second at Teams' end however their requests are delayed on the way.
 */
export function tenantLimits(rps: number): [number, number][] {
  const perSecond = Math.max(1, Math.floor(rps));
  return [
    [1000, perSecond],
    [250, Math.max(1, Math.floor(perSecond / 4))],
  ];
}

export function createReminderEngine(
  deps: { config: Config; store: Store; customers: CustomerDirectory; terms: Terms; log: Logger; service: ReminderService },
  messenger: Messenger,
  chat: { render: RenderReminder; onProgress?: OnProgress },
  options: { clock: Clock; conversationLimiter?: Limiter; tenantLimiter?: Limiter },
): ReminderEngine {
  const { config, clock, log } = { ...deps, ...options };
  const leases = new Leases(deps.store, `reminders-${randomUUID().slice(0, 8)}`, clock, config.REMINDER_LEASE_MS);
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
      tenantLimiter: options.tenantLimiter ?? new RateLimiter(tenantLimits(config.REMINDER_TENANT_RPS), clock),
      customers: deps.customers,
      store: deps.store,
      waves: new TenantWaves({
        maxTenants: config.REMINDER_TENANTS_IN_FLIGHT,
        adaptive: config.REMINDER_WAVES === 'adaptive',
        tenantRps: config.REMINDER_TENANT_RPS,
      }),
    },
    {
      concurrency: config.REMINDER_CONCURRENCY,
      // Enough sends in flight per tenant to keep its rate with up to 200 ms per send (a loaded machine).
      perTenant: Math.max(2, Math.ceil(config.REMINDER_TENANT_RPS / 5)),
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
    start: () => scheduler.start(),
    stop: () => scheduler.stop(),
  };
}
