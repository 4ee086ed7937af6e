import type { i18n } from 'i18next';
import { Config } from './config';
import { Logger } from './log';
import { CustomerDirectory } from './services/customers';
import { RoleService } from './services/roles';
import { SettingsService } from './services/settings';
import { UserService } from './services/users';
import { Store } from './store/types';

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
}
