import { Role } from '../roles/service';

/** Who a command is for. */
export type Audience = 'staff' | 'customer';

export interface CommandSpec {
  /** Stable id; also the i18n key `commands.<id>.*` for its title, usage and description. */
  id: string;
  /** English words and `<arg>` placeholders, matched exactly, token by token. */
  pattern: string;
  /** Localized alternative patterns, same placeholders. */
  aliases?: string[];
  audience: Audience;
  /** Any one of these roles is needed; none = every member of the audience. */
  requires?: Role[];
  /** Where the manifest lists it. */
  scopes: ('personal' | 'team')[];
}

/** The one command table: matching and the manifest's command lists both come from it. */
export const COMMANDS: readonly CommandSpec[] = [
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
];

export interface CommandMatch {
  spec: CommandSpec;
  args: Record<string, string>;
}

const MAX_COMMAND_LENGTH = 300;

function tokens(s: string): string[] {
  return s.trim().split(/\s+/).filter(Boolean);
}

function sameWord(typed: string, word: string): boolean {
  // Turkish casing maps I to ı, so "TICKET" must match under either rule.
  return typed.toLowerCase() === word || typed.toLocaleLowerCase('tr') === word;
}

function matchPattern(pattern: string, typed: string[]): Record<string, string> | undefined {
  const parts = tokens(pattern);
  if (parts.length !== typed.length) return undefined;
  const args: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.startsWith('<') && p.endsWith('>')) args[p.slice(1, -1)] = typed[i];
    else if (!sameWord(typed[i], p)) return undefined;
  }
  return args;
}

/**
 * Matches text (with the bot's @mention already removed) exactly against the table for an
 * audience: whole words, right number of arguments, never a substring.
 */
export function matchCommand(text: string, audience: Audience, table: readonly CommandSpec[] = COMMANDS): CommandMatch | undefined {
  if (text.length > MAX_COMMAND_LENGTH) return undefined;
  const typed = tokens(text);
  if (typed.length === 0) return undefined;
  for (const spec of table) {
    if (spec.audience !== audience) continue;
    for (const pattern of [spec.pattern, ...(spec.aliases ?? [])]) {
      const args = matchPattern(pattern, typed);
      if (args) return { spec, args };
    }
  }
  return undefined;
}

/** Whether someone with these roles may run the command. */
export function mayRun(spec: CommandSpec, roles: readonly Role[]): boolean {
  return !spec.requires || spec.requires.some((r) => roles.includes(r));
}
