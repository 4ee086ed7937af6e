/**
 * The team roster, read through Teams (TeamsInfo.getPagedTeamMembers, page by page): the only
 * way to know staff who never wrote to the bot — their names, sign-in names and channel user ids.
 */
import { TeamsInfo, TurnContext } from 'botbuilder';
import type { RosterMember } from './users';

const PAGE_SIZE = 100;
/** A partner's team is small; this bounds a runaway continuation chain. */
const MAX_PAGES = 50;

/** The team of this conversation (a channel post or a team membership event), if any. */
export function teamIdOf(context: TurnContext): string | undefined {
  const channelData = context.activity.channelData as { team?: { id?: unknown } } | undefined;
  const id = channelData?.team?.id;
  return typeof id === 'string' && id ? id : undefined;
}

/** Every member of the team who belongs to `tenantId` and has an Entra object id. */
export async function readTeamRoster(context: TurnContext, teamId: string, tenantId: string): Promise<RosterMember[]> {
  const members: RosterMember[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await TeamsInfo.getPagedTeamMembers(context, teamId, PAGE_SIZE, token);
    for (const m of result.members ?? []) {
      const memberTenant = typeof m.tenantId === 'string' && m.tenantId ? m.tenantId : tenantId;
      if (!m.aadObjectId || !m.id || memberTenant.toLowerCase() !== tenantId.toLowerCase()) continue;
      members.push({
        tenantId,
        aadObjectId: m.aadObjectId,
        channelUserId: m.id,
        name: m.name || undefined,
        upn: m.userPrincipalName || m.email || undefined,
        serviceUrl: context.activity.serviceUrl,
      });
    }
    token = result.continuationToken || undefined;
    if (!token) break;
  }
  return members;
}
