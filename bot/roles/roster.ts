/**
 * Learning the partner's staff from the team roster: on `setup escalations` and when the team's
 * membership changes. Staff who never wrote to the bot then have names (roles list, assign
 * choices), sign-in names (`grant`/`revoke` by e-mail) and channel user ids (the escalation
 * card's refresh list, a first 1:1 chat).
 */
import { TurnContext } from 'botbuilder';
import type { Deps } from '../deps';
import { causeOf, errorCode } from '../platform/errors';
import { readTeamRoster, teamIdOf } from '../platform/teams/roster';
import { forgetStaff, partnerLanguage } from '../tickets/views';
import type { Turn } from '../turn';

/** Reads the team roster and stores what it says; never fails the turn (a coded warning instead). */
export async function syncStaffRoster(context: TurnContext, turn: Turn, deps: Deps): Promise<number | undefined> {
  const partner = deps.config.PARTNER_TENANT_ID;
  const teamId = teamIdOf(context);
  if (!partner || !teamId || turn.who.kind !== 'staff') return undefined;
  try {
    const removed = (context.activity.membersRemoved ?? [])
      .map((m) => m.aadObjectId)
      .filter((id): id is string => typeof id === 'string' && id.length > 0);
    if (removed.length > 0) await deps.users.leftTeam(partner, removed);
    const members = await readTeamRoster(context, teamId, partner);
    const language = partnerLanguage(deps);
    for (const m of members) if (!removed.includes(m.aadObjectId)) await deps.users.learn(m, language);
    forgetStaff(deps);
    deps.log.info({ event: 'roles.rosterRead', teamId, members: members.length, left: removed.length, correlationId: turn.correlationId });
    return members.length;
  } catch (err) {
    deps.log.warn({
      code: errorCode('ROLES_ROSTER_READ_FAILED'),
      event: 'roles.rosterReadFailed',
      teamId,
      correlationId: turn.correlationId,
      err: causeOf(err),
    });
    return undefined;
  }
}

/** A membership change of the team (conversationUpdate with members added or removed). */
export async function teamMembershipChanged(context: TurnContext, turn: Turn, deps: Deps): Promise<void> {
  const a = context.activity;
  if ((a.membersAdded?.length ?? 0) + (a.membersRemoved?.length ?? 0) === 0) return;
  await syncStaffRoster(context, turn, deps);
}
