/**
 * What the reminders chat side needs from around the bot, named here rather than taken from
 * bot/deps.ts (deps.ts refers to the chat side, which must not refer back). The bot's Deps
 * satisfies it as it is.
 */
import type { i18n } from 'i18next';
import type { CustomerDirectory } from '../../customers/directory';
import type { BusinessHours } from '../../knowledge/hours';
import type { Terms } from '../../knowledge/terms';
import type { Config } from '../../platform/config';
import type { Logger } from '../../platform/log';
import type { SettingsService } from '../../platform/settings';
import type { UserService } from '../../platform/teams/users';
import type { RoleService } from '../../roles/service';

export interface ReminderChatDeps {
  config: Config;
  log: Logger;
  i18n: i18n;
  terms: Terms;
  partnerName: string;
  hours: BusinessHours;
  customers: CustomerDirectory;
  roles: RoleService;
  users: UserService;
  settings: SettingsService;
}
