import { TurnContext } from 'botbuilder';
import { escapeText, renderCard } from '../../cards/render';
import { CommandSpec, mayRun } from '../platform/commands';
import { COMMANDS } from '../commands';
import type { StaffHandler, StaffTurn } from '../cardActions';
import { Deps } from '../deps';
import { canManageRole, isRole, Role, ROLES } from './service';
import { firstName, Turn } from '../turn';
import { forgetStaff } from '../tickets/views';
import { cardMessage } from '../platform/teams/cardMessage';
import { isGuid } from '../platform/ids';

/** Role names in the reader's language ("Admin, Helpdesk agent"). */
export function roleNames(turn: Turn, roles: readonly Role[]): string {
  return roles.map((r) => turn.t(`roles.${r}`)).join(', ');
}

/**
 * Usage as the user types it, in their language ("ticket ‹number›", "talep ‹numara›"). Placeholders
 * are shown between ‹ › rather than < >: Teams reads "<number>" in a card or message as an HTML
 * tag and shows nothing.
 */
export function usage(turn: Turn, spec: CommandSpec): string {
  const parts = spec.pattern.split(' ');
  const words = parts.filter((p) => !p.startsWith('<'));
  const args = parts.filter((p) => p.startsWith('<')).map((p) => `‹${turn.t(`commandArgs.${p.slice(1, -1)}`)}›`);
  const title = turn.t(`commands.${spec.id}.title`);
  return [words.length > 0 ? title : '', ...args].filter(Boolean).join(' ');
}

/** For a command typed with the wrong arguments ("ticket" without a number): how to type it. */
export function usageHint(turn: Turn, text: string): string | undefined {
  const first = text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const spec = COMMANDS.find(
    (c) => c.audience === 'staff' && [c.pattern, ...(c.aliases ?? [])].some((p) => p.split(' ')[0] === first && p.includes('<')),
  );
  return spec ? turn.t('staff.usage', { usage: usage(turn, spec) }) : undefined;
}

/**
 * Staff help: their roles and the commands they may run. Greets by first name when Teams sent
 * one (or the bot knows it from the roster: `knownName`), else without a name.
 */
export function staffHelpCard(turn: Turn, knownName?: string) {
  const roles = turn.who.kind === 'staff' ? turn.who.roles : [];
  const { t } = turn;
  const name = firstName(turn.name) ?? firstName(knownName);
  const rolesText = roles.length ? roleNames(turn, roles) : t('staff.noRoles');
  return renderCard('roles/staffHelp', {
    title: t('staff.helpTitle'),
    intro: name ? t('staff.helpIntro', { name: escapeText(name, 60), roles: rolesText }) : t('staff.helpIntroNoName', { roles: rolesText }),
    commandsHeading: t('staff.helpCommandsYouCanUse'),
    commands: COMMANDS.filter((c) => c.audience === 'staff' && mayRun(c, roles)).map((c) => ({
      usage: usage(turn, c),
      description: t(`commands.${c.id}.description`),
    })),
    note: t('staff.helpMentionNote'),
  });
}

/** The staff commands of this feature: help, who holds which role, and changing roles. */
export const ROLE_COMMANDS: {
  help: StaffHandler;
  roles: StaffHandler;
  grant: StaffHandler;
  revoke: StaffHandler;
} = {
  help: async (context, turn, deps) => {
    const known = turn.name ? undefined : await deps.users.get(turn.tenantId, turn.userKey);
    await context.sendActivity(cardMessage(staffHelpCard(turn, known?.name)));
  },

  roles: async (context, turn, deps) => {
    const all = await deps.roles.all();
    const lines: string[] = [];
    for (const r of all) {
      const who = await personLabel(deps, r.aadObjectId, true);
      lines.push(turn.t('staff.rolesLine', { who, roles: roleNames(turn, r.roles) }));
    }
    await context.sendActivity(
      cardMessage(
        renderCard('common/notice', { title: turn.t('staff.rolesTitle'), lines: lines.length ? lines : [turn.t('staff.rolesNone')] }),
      ),
    );
  },

  grant: async (context, turn, deps, args) => changeRole(context, turn, deps, args, 'grant'),
  revoke: async (context, turn, deps, args) => changeRole(context, turn, deps, args, 'revoke'),
};

async function changeRole(
  context: TurnContext,
  turn: StaffTurn,
  deps: Deps,
  args: Record<string, string>,
  op: 'grant' | 'revoke',
): Promise<void> {
  const { t } = turn;
  const role = args.role.toLowerCase();
  if (!isRole(role)) {
    await context.sendActivity(t('staff.unknownRole', { role: args.role.slice(0, 40), roles: ROLES.join(', ') }));
    return;
  }
  const person = await resolvePerson(deps, args.aadObjectId);
  if (person.kind !== 'found') {
    const key = person.kind === 'unknown' ? 'staff.unknownPerson' : 'staff.badObjectId';
    await context.sendActivity(t(key, { id: escapeText(args.aadObjectId, 60) }));
    return;
  }
  const id = person.aadObjectId;
  const who = await personLabel(deps, id);
  if (!canManageRole(turn.who.roles, role)) {
    deps.log.info({ event: `role.${op}.refused`, by: turn.userKey, role, target: id, correlationId: turn.correlationId });
    await context.sendActivity(t('staff.cannotManageRole', { role: t(`roles.${role}`) }));
    return;
  }
  let changed: boolean;
  if (op === 'grant') changed = await deps.roles.grant(id, role, turn.userKey);
  else {
    const outcome = await deps.roles.revoke(id, role, turn.userKey);
    if (outcome === 'lastAdmin') {
      await context.sendActivity(t('staff.lastAdmin', { id: who }));
      return;
    }
    changed = outcome === 'revoked';
  }
  // Ticket cards list the agents (assign choices, refresh userIds): show the change at once.
  if (changed) forgetStaff(deps);
  deps.log.info({ event: `role.${op}`, by: turn.userKey, role, target: id, changed, correlationId: turn.correlationId });
  const key = op === 'grant' ? (changed ? 'staff.granted' : 'staff.alreadyHas') : changed ? 'staff.revoked' : 'staff.didNotHave';
  await context.sendActivity(t(key, { id: who, role: t(`roles.${role}`) }));
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * Who a `grant`/`revoke` names: an Entra object id, a UPN / e-mail, or an @mention (the router
 * turned it into the object id, or the channel user id 29:…), the last two through the roster.
 */
async function resolvePerson(
  deps: Deps,
  typed: string,
): Promise<{ kind: 'found'; aadObjectId: string } | { kind: 'unknown' } | { kind: 'bad' }> {
  if (isGuid(typed)) return { kind: 'found', aadObjectId: typed };
  const partner = deps.config.PARTNER_TENANT_ID;
  const byUpn = EMAIL.test(typed);
  const byChannelId = /^\d+:\S+$/.test(typed);
  if (!byUpn && !byChannelId) return { kind: 'bad' };
  const user = partner ? await deps.users.find(partner, byUpn ? { upn: typed } : { channelUserId: typed }) : undefined;
  return user?.aadObjectId ? { kind: 'found', aadObjectId: user.aadObjectId } : { kind: 'unknown' };
}

/** "Ada Admin (ada@contoso.com) · <id>" when the bot knows the person, else the id. */
async function personLabel(deps: Deps, aadObjectId: string, withUpn = false): Promise<string> {
  const partner = deps.config.PARTNER_TENANT_ID;
  const user = partner ? await deps.users.get(partner, aadObjectId) : undefined;
  if (!user?.name) return aadObjectId;
  const upn = withUpn && user.upn ? ` (${escapeText(user.upn, 120)})` : '';
  return `**${escapeText(user.name, 120)}**${upn} · ${aadObjectId}`;
}
