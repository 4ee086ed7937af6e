/**
 * What the ticket views and the delivery need from around the bot, named here rather than taken
 * from bot/deps.ts: deps.ts refers to the ticket service and delivery, so they must not refer
 * back to it. The bot's Deps satisfies these interfaces as it is.
 */
import type { i18n } from 'i18next';
import type { BusinessHours } from '../knowledge/hours';
import type { Terms } from '../knowledge/terms';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/log';
import type { SettingsService } from '../platform/settings';
import type { UserService } from '../platform/teams/users';
import type { RoleService } from '../roles/service';
import type { TicketService } from './service';

/** What ticket cards read: languages, agents (assign choices, refresh list), section titles, the clock. */
export interface TicketViewDeps {
  i18n: i18n;
  roles: RoleService;
  users: UserService;
  config: Config;
  terms: Terms;
  hours: BusinessHours;
  /** The partner's display name, from the support terms. */
  partnerName: string;
  tickets: TicketService;
}

/** What delivering ticket changes needs besides the views: the escalation channel setting and the log. */
export interface TicketDeliveryDeps extends TicketViewDeps {
  settings: SettingsService;
  log: Logger;
}
