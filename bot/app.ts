import { CloudAdapter } from 'botbuilder';
import { AuthOverrides, createAdapter } from './adapter';
import { Config } from './config';
import { Deps } from './deps';
import { createI18n } from './i18n';
import { createLogger, Logger } from './log';
import { CustomerDirectory } from './services/customers';
import { RoleService } from './services/roles';
import { SettingsService } from './services/settings';
import { UserService } from './services/users';
import { CosmosStore } from './store/cosmos';
import { SqliteStore } from './store/sqlite';
import { Store } from './store/types';
import { supportedLanguage } from './config';
import { ACTIONS, HelpDeskBot } from './teamsBot';
import { ANSWER_ACTIONS } from './handlers/answers';
import { createCustomerConversation } from './handlers/customer';
import { businessHours, loadTerms } from './services/terms';
import { createRetriever } from './services/retrieval';
import { createBotStorage } from './state';
import { offerTicket } from './handlers/tickets';
import { AdapterMessenger } from './messenger';
import { businessClock } from './services/sla';
import { TicketService } from './services/tickets';
import { TicketDelivery } from './ticketDelivery';

export interface App {
  config: Config;
  deps: Deps;
  adapter: CloudAdapter;
  bot: HelpDeskBot;
  /** 'ok' when the store answers. */
  health(): Promise<{ ok: boolean; store: string; detail?: string }>;
  close(): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  auth?: AuthOverrides;
}

/** Opens the configured store: Cosmos DB when COSMOS_ENDPOINT is set, else SQLite in DATA_DIR. */
export async function openStore(config: Config): Promise<Store> {
  if (config.COSMOS_ENDPOINT) {
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
  const store = await openStore(config);
  const roles = new RoleService(store);
  await roles.seed({ admin: config.ADMINS, 'helpdesk-agent': config.HELPDESK_AGENTS, 'billing-admin': config.BILLING_ADMINS });
  const storage = createBotStorage(
    store,
    config.COSMOS_ENDPOINT ? { endpoint: config.COSMOS_ENDPOINT, key: config.COSMOS_KEY, database: config.COSMOS_DATABASE } : undefined,
  );
  const adapter = createAdapter(config, log, i18n, options.auth);
  const targets = terms.partner.responseTargets;
  const hours = businessHours(terms);
  const deps: Deps = {
    config,
    log,
    i18n,
    store,
    customers: new CustomerDirectory(store),
    roles,
    users: new UserService(store),
    settings: new SettingsService(store),
    partnerName: terms.partner.partner.name,
    terms,
    hours,
    retriever: createRetriever(terms),
    conversation: createCustomerConversation(storage, () => deps),
    offerPerson: offerTicket,
    tickets: new TicketService(store, {
      clock: businessClock(hours),
      targets: {
        high: targets.high.firstResponseBusinessHours,
        normal: targets.normal.firstResponseBusinessHours,
        low: targets.low.firstResponseBusinessHours,
      },
      reopenWindowDays: terms.partner.tickets.reopenWindowDays,
    }),
    ticketDelivery: new TicketDelivery(() => deps, new AdapterMessenger(adapter, config.MicrosoftAppId ?? '', log)),
  };
  deps.tickets.subscribe((ref) => deps.ticketDelivery.schedule(ref));
  deps.ticketDelivery.start();
  if (!config.PARTNER_TENANT_ID) log.warn('PARTNER_TENANT_ID is not set: nobody is recognised as partner staff');
  const bot = new HelpDeskBot(deps, { ...ACTIONS, ...ANSWER_ACTIONS });
  return {
    config,
    deps,
    adapter,
    bot,
    async health() {
      try {
        await store.ping();
        return { ok: true, store: store.kind };
      } catch (err) {
        return { ok: false, store: store.kind, detail: (err as Error).message };
      }
    },
    async close() {
      await deps.ticketDelivery.stop();
      await store.close();
    },
  };
}
