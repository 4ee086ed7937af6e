import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { AuthOverrides, createAdapter, HelpDeskAdapter } from './adapter';
import { Config } from './platform/config';
import { Deps } from './deps';
import { createI18n } from './platform/i18n';
import { createLogger, Logger } from './platform/log';
import { Clock, systemClock } from './platform/clock';
import { RedeliveryGuard } from './platform/teams/redelivery';
import { CustomerDirectory } from './customers/directory';
import { RoleService } from './roles/service';
import { SettingsService } from './platform/settings';
import { UserService } from './platform/teams/users';
import { SqliteStore } from './platform/store/sqlite';
import { Store } from './platform/store/types';
import { supportedLanguage } from './platform/config';
import { HelpDeskBot } from './teamsBot';
import { createConversationState } from './conversation/customerTurn';
import { businessHours, loadTerms } from './knowledge/terms';
import { createRetriever, retrieverCacheDir } from './knowledge/retrieval';
import { LegalPages, loadLegalPages } from './knowledge/legalPages';
import { createBotStorage } from './platform/teams/botState';
import { offerTicket } from './tickets/handlers';
import { AdapterMessenger, MessengerLimits, TEAMS_CONVERSATION_LIMITS } from './platform/teams/messenger';
import { StoreRateLimiter, TEAMS_TENANT_LIMITS, TENANT_LIMIT_MARGIN_MS } from './platform/teams/budget';
import { ConnectorClients } from './platform/teams/directSend';
import { Leases } from './platform/jobs/lease';
import { paceSharedReplies } from './platform/teams/replyPacing';
import { businessClock } from './tickets/domain/sla';
import { TicketService } from './tickets/service';
import { TicketDelivery } from './tickets/delivery';
import { TabApi } from './tab/api';
import { TabAuth } from './tab/auth';
import { ReminderService } from './reminders/service';
import { createReminderEngine, ReminderEngine } from './reminders/engine';
import { ReminderChat } from './reminders/chat/wiring';

export interface App {
  config: Config;
  deps: Deps;
  adapter: HelpDeskAdapter;
  bot: HelpDeskBot;
  /** The privacy statement and terms of use (GET /privacy, GET /terms), from terms/. */
  legalPages: LegalPages;
  /** Leases and Teams rate limits in the store, shared by every instance (for background work). */
  jobs?: { leases: Leases; limits: MessengerLimits };
  /** The Teams tab's JSON API (/api/tab/…) and its sign-in; absent in apps built without it (the bench's echo bot). */
  tab?: TabApi;
  /** Reminder campaigns' sender, ladder and scheduler (started with the app). */
  reminders?: ReminderEngine;
  /** 'ok' when the store answers. */
  health(): Promise<{ ok: boolean; store: string; detail?: string }>;
  close(): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  auth?: AuthOverrides;
  /** Time for background work (delivery's coalescing and retries) and redelivery windows; the system clock by default. */
  clock?: Clock;
}

/** Opens the configured store: Cosmos DB when COSMOS_ENDPOINT is set, else SQLite in DATA_DIR. */
export async function openStore(config: Config): Promise<Store> {
  if (config.COSMOS_ENDPOINT) {
    // Loaded only when used: the Azure SDK is a large part of start-up.
    const { CosmosStore } = await import('./platform/store/cosmos');
    return CosmosStore.open({ endpoint: config.COSMOS_ENDPOINT, key: config.COSMOS_KEY, database: config.COSMOS_DATABASE });
  }
  return new SqliteStore(config.DATA_DIR);
}

/** The composition root: config → store → services → bot. The server only listens. */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<App> {
  const log = options.logger ?? createLogger(config.LOG_LEVEL);
  const i18n = await createI18n(supportedLanguage(config.DEFAULT_LOCALE) ?? 'en');
  // Terms first: bad terms stop the bot before anything is opened.
  const terms = loadTerms();
  const legalPages = loadLegalPages();
  const store = await openStore(config);
  const roles = new RoleService(store);
  await roles.seed({ admin: config.ADMINS, 'helpdesk-agent': config.HELPDESK_AGENTS, 'billing-admin': config.BILLING_ADMINS });
  const storage = await createBotStorage(
    store,
    config.COSMOS_ENDPOINT ? { endpoint: config.COSMOS_ENDPOINT, key: config.COSMOS_KEY, database: config.COSMOS_DATABASE } : undefined,
  );
  const adapter = createAdapter(config, log, i18n, options.auth);
  const targets = terms.partner.responseTargets;
  const hours = businessHours(terms);
  // Built in order of need, each from what is already built: no part reaches for a later one.
  const tickets = new TicketService(store, {
    clock: businessClock(hours),
    targets: {
      high: targets.high.firstResponseBusinessHours,
      normal: targets.normal.firstResponseBusinessHours,
      low: targets.low.firstResponseBusinessHours,
    },
    reopenWindowDays: terms.partner.tickets.reopenWindowDays,
    // The instance that changes a ticket delivers it; the sweep steps in once a lease could have run out.
    deliveryGraceMs: config.JOB_LEASE_MS,
  });
  await tickets.prepare();
  const services = {
    config,
    log,
    i18n,
    store,
    customers: new CustomerDirectory(store),
    roles,
    users: new UserService(store),
    redelivery: new RedeliveryGuard(store, options.clock ?? systemClock),
    settings: new SettingsService(store),
    partnerName: terms.partner.partner.name,
    terms,
    hours,
    tickets,
  };
  // Shared through the store, so several instances keep one owner per job and one budget per conversation.
  const leases = new Leases(store, `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`, systemClock, config.JOB_LEASE_MS);
  const limits: MessengerLimits = {
    conversation: new StoreRateLimiter(store, TEAMS_CONVERSATION_LIMITS, 'conversation'),
    tenant: new StoreRateLimiter(store, TEAMS_TENANT_LIMITS, 'tenant', systemClock, TENANT_LIMIT_MARGIN_MS),
  };
  const messenger = new AdapterMessenger(adapter, config.MicrosoftAppId ?? '', log, limits);
  adapter.use(paceSharedReplies(limits.conversation));
  const clock = options.clock ?? systemClock;
  const reminders = new ReminderService({
    ...services,
    clock,
    defaultLocale: config.DEFAULT_LOCALE,
    timeZone: terms.partner.hours.timeZone,
    tenantRps: config.REMINDER_TENANT_RPS,
  });
  const reminderChat = new ReminderChat(services, reminders, messenger, clock);
  // The reminder sender keeps its own per-recipient retries: one attempt per call here. Its sends
  // count against the same store-kept Teams limits as every other instance's and ticket delivery's,
  // and go out through one connector client per service URL rather than a proactive turn each.
  const appId = config.MicrosoftAppId ?? '';
  const reminderMessenger = new AdapterMessenger(adapter, appId, log, limits, {
    attempts: 1,
    connectors: new ConnectorClients((serviceUrl) => adapter.connectorClient(appId, serviceUrl)),
  });
  const reminderEngine = createReminderEngine(
    { ...services, service: reminders },
    reminderMessenger,
    { render: reminderChat.renderReminder, onProgress: reminderChat.onProgress },
    { clock },
  );
  const deps: Deps = {
    ...services,
    reminders,
    reminderChat,
    reminderLadder: reminderEngine.ladder,
    // Built indexes are kept in dist/retriever-cache/ (written by `npm run build` or the first start).
    retriever: createRetriever(terms, {
      cache: { dir: retrieverCacheDir(), onEvent: (e) => log.info({ event: 'retriever.cache', ...e }, 'retriever index') },
    }),
    conversationState: createConversationState(storage),
    offerPerson: offerTicket,
    ticketDelivery: new TicketDelivery(services, messenger, leases, { clock: options.clock, sweepMs: config.DELIVERY_SWEEP_MS }),
  };
  deps.tickets.subscribe((ref) => deps.ticketDelivery.schedule(ref));
  deps.ticketDelivery.start();
  reminderEngine.start();
  if (config.ToBotFromChannelOpenIdMetadataUrl || config.ToBotFromChannelTokenIssuer) {
    log.warn(
      {
        ToBotFromChannelOpenIdMetadataUrl: config.ToBotFromChannelOpenIdMetadataUrl,
        ToBotFromChannelTokenIssuer: config.ToBotFromChannelTokenIssuer,
      },
      'channel tokens are validated against a non-default OpenID issuer (ToBotFromChannel* settings)',
    );
  }
  if (!config.PARTNER_TENANT_ID) log.warn('PARTNER_TENANT_ID is not set: nobody is recognised as partner staff');
  const bot = new HelpDeskBot(deps);
  const tab = new TabApi(deps, new TabAuth(config, deps.roles, deps.users, log));
  return {
    config,
    deps,
    adapter,
    bot,
    legalPages,
    jobs: { leases, limits },
    tab,
    reminders: reminderEngine,
    async health() {
      try {
        await store.ping();
        return { ok: true, store: store.kind };
      } catch (err) {
        return { ok: false, store: store.kind, detail: (err as Error).message };
      }
    },
    async close() {
      await reminderEngine.stop();
      await reminderChat.stop();
      await deps.ticketDelivery.stop();
      await store.close();
    },
  };
}
