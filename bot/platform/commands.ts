/** Who a command is for. */
export type Audience = 'staff' | 'customer';

/** One typed command; `R` is the product's role names. */
export interface CommandSpec<R extends string = string> {
  /** Stable id; also the i18n key `commands.<id>.*` for its title, usage and description. */
  id: string;
  /** English words and `<arg>` placeholders, matched exactly, token by token. */
  pattern: string;
  /** Localized alternative patterns, same placeholders. */
  aliases?: readonly string[];
  audience: Audience;
  /** Any one of these roles is needed; none = every member of the audience. */
  requires?: readonly R[];
  /** Where the manifest lists it. */
  scopes: readonly ('personal' | 'team')[];
}

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
export function matchCommand(text: string, audience: Audience, table: readonly CommandSpec[]): CommandMatch | undefined {
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
export function mayRun(spec: CommandSpec, roles: readonly string[]): boolean {
  return !spec.requires || spec.requires.some((r) => roles.includes(r));
}
