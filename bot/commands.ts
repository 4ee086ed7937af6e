import type { CommandSpec } from './platform/commands';
import type { Role } from './roles/service';

const TABLE = [
  { id: 'help', pattern: 'help', aliases: ['yardım', 'yardim'], audience: 'staff', scopes: ['personal', 'team'] },
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
    scopes: ['personal', 'team'],
  },
  {
    id: 'ticket',
    pattern: 'ticket <number>',
    aliases: ['talep <number>'],
    audience: 'staff',
    requires: ['helpdesk-agent', 'admin'],
    scopes: ['personal', 'team'],
  },
  { id: 'roles', pattern: 'roles', aliases: ['roller'], audience: 'staff', scopes: ['personal', 'team'] },
  {
    id: 'grant',
    pattern: 'grant <role> <aadObjectId>',
    aliases: ['yetki ver <role> <aadObjectId>'],
    audience: 'staff',
    requires: ['admin', 'user-admin'],
    scopes: ['personal', 'team'],
  },
  {
    id: 'revoke',
    pattern: 'revoke <role> <aadObjectId>',
    aliases: ['yetki al <role> <aadObjectId>'],
    audience: 'staff',
    requires: ['admin', 'user-admin'],
    scopes: ['personal', 'team'],
  },
] as const satisfies readonly CommandSpec<Role>[];

/** The id of one of the product's commands. */
export type CommandId = (typeof TABLE)[number]['id'];

/** The one command table: matching, help and the manifest's command lists all come from it. */
export const COMMANDS: readonly (CommandSpec<Role> & { id: CommandId })[] = TABLE;
