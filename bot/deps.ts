import type { i18n } from 'i18next';
import { Config } from './platform/config';
import { Logger } from './platform/log';
import { CustomerDirectory } from './customers/directory';
import { RoleService } from './roles/service';
import { SettingsService } from './platform/settings';
import { UserService } from './platform/teams/users';
import { RedeliveryGuard } from './platform/teams/redelivery';
import { Store } from './platform/store/types';
import type { ConversationState, TurnContext } from 'botbuilder';
import type { PersonRequest } from './tickets/domain/request';
import type { Turn } from './turn';
import { BusinessHours } from './knowledge/hours';
import { Retriever } from './knowledge/retrieval';
import { Terms } from './knowledge/terms';
import { TicketService } from './tickets/service';
import type { TicketDelivery } from './tickets/delivery';
import type { ReminderService } from './reminders/service';
import type { ReminderChat } from './reminders/chat/wiring';
import type { ReminderLadder } from './reminders/ladder';

/** Offers a person after "not helpful" or when no answer fits (the tickets feature provides it). */
export type OfferPerson = (context: TurnContext, turn: Turn, deps: Deps, request: PersonRequest) => Promise<void>;

/**
 * Everything a handler may use; built once by the composition root (bot/app.ts). */
export interface Deps {
  config: Config;
  log: Logger;
  i18n: i18n;
  store: Store;
  customers: CustomerDirectory;
  roles: RoleService;
  users: UserService;
  /** Recognises messages Teams delivers twice. */
  redelivery: RedeliveryGuard;
  settings: SettingsService;
  /** The partner's display name, from the support terms. */
  partnerName: string;
  terms: Terms;
  hours: BusinessHours;
  retriever: Retriever;
  /** The customer conversation's dialog state (on the bot's storage). */
  conversationState: ConversationState;
  offerPerson: OfferPerson;
  /** Tickets: lifecycle, authorization, audit and SLA. */
  tickets: TicketService;
  /** Delivers what ticket changes owe to people: channel cards, customer notifications. */
  ticketDelivery: TicketDelivery;
  /** Reminder campaigns: audiences, preview, create, counts, cancel, acknowledgements. */
  reminders: ReminderService;
  /** The reminders chat side: recipients' cards, progress cards, "I've paid" notices. */
  reminderChat: ReminderChat;
  /** The daily collections ladder's switch (`reminders auto on|off`). */
  reminderLadder: Pick<ReminderLadder, 'isAuto' | 'setAuto'>;
}
