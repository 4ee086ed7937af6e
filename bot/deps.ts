import type { i18n } from 'i18next';
import { Config } from './config';
import { Logger } from './log';
import { CustomerDirectory } from './services/customers';
import { RoleService } from './services/roles';
import { SettingsService } from './services/settings';
import { UserService } from './services/users';
import { Store } from './store/types';
import type { OfferPerson } from './handlers/answers';
import type { CustomerConversation } from './handlers/customer';
import { BusinessHours } from './services/hours';
import { Retriever } from './services/retrieval';
import { Terms } from './services/terms';
import { TicketService } from './services/tickets';
import type { TicketDelivery } from './ticketDelivery';

/** Everything a handler may use; built once by the composition root (bot/app.ts). */
export interface Deps {
  config: Config;
  log: Logger;
  i18n: i18n;
  store: Store;
  customers: CustomerDirectory;
  roles: RoleService;
  users: UserService;
  settings: SettingsService;
  /** The partner's display name, from the support terms. */
  partnerName: string;
  terms: Terms;
  hours: BusinessHours;
  retriever: Retriever;
  /** The customer's guided conversation (dialog state on the bot's storage). */
  conversation: CustomerConversation;
  offerPerson: OfferPerson;
  /** Tickets: lifecycle, authorization, audit and SLA. */
  tickets: TicketService;
  /** Delivers what ticket changes owe to people: channel cards, customer notifications. */
  ticketDelivery: TicketDelivery;
}
