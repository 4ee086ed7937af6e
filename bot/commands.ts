import type { CommandSpec } from './platform/commands';
import type { Role } from './roles/service';

/**
 * Teams command menus cannot differ per audience within a scope, so the personal (1:1) menu
 * holds the customers' commands and the team menu the staff commands. Staff still type every
 * staff command in 1:1 (the help card lists them), and a customer command typed by staff shows
 * the staff help. The customer entries are matched by the customers' typed-phrase table; here
 * they only feed the manifest (their titles are what Teams sends when one is picked).
 */
const TABLE = [
  { id: 'menu', pattern: 'menu', aliases: ['menü'], audience: 'customer', scopes: ['personal'] },
  { id: 'myTickets', pattern: 'my tickets', aliases: ['taleplerim'], audience: 'customer', scopes: ['personal'] },
  {
    id: 'talkToPerson',
    pattern: 'talk to a person',
    aliases: ['temsilciyle görüşmek istiyorum'],
    audience: 'customer',
    scopes: ['personal'],
  },
  { id: 'help', pattern: 'help', aliases: ['yardım', 'yardim'], audience: 'staff', scopes: ['team'] },
  {
    id: 'setupEscalations',
    pattern: 'setup escalations',
    aliases: ['eskalasyon kanalı', 'eskalasyon kanali'],
    audience: 'staff',
    requires: ['admin'],
    scopes: ['team'],
  },
  {
    id: 'queue',
    pattern: 'queue',
    aliases: ['kuyruk', 'talepler'],
    audience: 'staff',
    requires: ['helpdesk-agent', 'admin'],
    scopes: ['team'],
  },
  {
    id: 'ticket',
    pattern: 'ticket <number>',
    aliases: ['talep <number>'],
    audience: 'staff',
    requires: ['helpdesk-agent', 'admin'],
    scopes: ['team'],
  },
  {
    id: 'remind',
    pattern: 'remind',
    aliases: ['hatırlat', 'hatirlat'],
    audience: 'staff',
    requires: ['billing-admin', 'admin'],
    scopes: ['team'],
  },
  {
    id: 'reminders',
    pattern: 'reminders',
    aliases: ['hatırlatmalar', 'hatirlatmalar'],
    audience: 'staff',
    requires: ['billing-admin', 'admin'],
    scopes: ['team'],
  },
  {
    id: 'remindersAuto',
    pattern: 'reminders auto <mode>',
    aliases: ['hatırlatmalar otomatik <mode>', 'hatirlatmalar otomatik <mode>'],
    audience: 'staff',
    requires: ['billing-admin', 'admin'],
    // In the help card, not the manifest: Teams lists at most 10 commands per scope, and the team list is full.
    scopes: [],
  },
  {
    id: 'setupBilling',
    pattern: 'setup billing',
    aliases: ['ödeme kanalı', 'odeme kanali'],
    audience: 'staff',
    requires: ['admin'],
    scopes: ['team'],
  },
  {
    id: 'roles',
    pattern: 'roles',
    aliases: ['roller'],
    audience: 'staff',
    // Who holds which role is for staff who hold one themselves.
    requires: ['admin', 'user-admin', 'helpdesk-agent', 'billing-admin', 'sales-agent'],
    scopes: ['team'],
  },
  {
    id: 'grant',
    pattern: 'grant <role> <aadObjectId>',
    aliases: ['yetki ver <role> <aadObjectId>'],
    audience: 'staff',
    requires: ['admin', 'user-admin'],
    scopes: ['team'],
  },
  {
    id: 'revoke',
    pattern: 'revoke <role> <aadObjectId>',
    aliases: ['yetki al <role> <aadObjectId>'],
    audience: 'staff',
    requires: ['admin', 'user-admin'],
    scopes: ['team'],
  },
] as const satisfies readonly CommandSpec<Role>[];

/** The id of one of the product's commands. */
export type CommandId = (typeof TABLE)[number]['id'];

/** The id of a staff command (each has a handler in the router). */
export type StaffCommandId = Extract<(typeof TABLE)[number], { audience: 'staff' }>['id'];

/** The one command table: matching, help and the manifest's command lists all come from it. */
export const COMMANDS: readonly (CommandSpec<Role> & { id: CommandId })[] = TABLE;
