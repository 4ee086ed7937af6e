import { ConflictError, Store, updateWithRetry, Versioned } from '../platform/store/types';

export const ROLES = ['admin', 'user-admin', 'helpdesk-agent', 'billing-admin', 'sales-agent'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/**
 * Every role holder in one document. One document, because the last-admin rule spans people:
 * two admins revoking each other at once must not both succeed, and only a conditional write of
 * one document (ETag) can refuse the second. Staff lists are small (hundreds at most) and role
 * changes rare, so the one document is neither large nor contended.
 */
interface Roster {
  holders: Record<string, RosterEntry>;
}

interface RosterEntry {
  roles: Role[];
  updatedAt: string;
  updatedBy: string;
}

/** Per-person documents of builds before the roster; read once to build it. */
interface LegacyRoleDoc {
  aadObjectId: string;
  roles: Role[];
  updatedAt: string;
  updatedBy: string;
}

const PK = 'partner';
const ROSTER_ID = '_roster';

/** What a revoke did; `lastAdmin` = refused, the partner would be left without an admin. */
export type RevokeOutcome = 'revoked' | 'notHeld' | 'lastAdmin';

/** Which roles may grant or revoke which: admins everything, user admins all but admin. */
export function canManageRole(actorRoles: readonly Role[], target: Role): boolean {
  if (actorRoles.includes('admin')) return true;
  return actorRoles.includes('user-admin') && target !== 'admin';
}

/** Staff roles of the partner tenant, by Entra object id. */
export class RoleService {
  constructor(private readonly store: Store) {}

  private get coll() {
    return this.store.collection<Roster>('roles');
  }

  /** The roster, created on first use from any per-person documents an earlier build wrote. */
  private async roster(): Promise<Roster> {
    return (await this.rosterDoc()).value;
  }

  private async rosterDoc(): Promise<Versioned<Roster>> {
    const doc = await this.coll.get(PK, ROSTER_ID);
    if (doc) return doc;
    const holders: Record<string, RosterEntry> = {};
    for (const d of await this.store.collection<LegacyRoleDoc>('roles').find(PK)) {
      if (d.id === ROSTER_ID || !Array.isArray(d.value.roles)) continue;
      holders[d.value.aadObjectId] = { roles: d.value.roles, updatedAt: d.value.updatedAt, updatedBy: d.value.updatedBy };
    }
    try {
      return await this.coll.create(PK, ROSTER_ID, { holders });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      const winner = await this.coll.get(PK, ROSTER_ID);
      if (!winner) throw err;
      return winner;
    }
  }

  private async change(edit: (roster: Roster) => Roster | undefined): Promise<void> {
    await this.roster();
    const done = await updateWithRetry(this.coll, PK, ROSTER_ID, edit, 30);
    if (!done) throw new Error('roles roster: too many concurrent changes');
  }

  /**
   * The roster's version (its ETag): changes with every grant or revoke on any instance, so a
   * cache of anything derived from the roles stays valid exactly while this is unchanged.
   */
  async version(): Promise<string> {
    return (await this.rosterDoc()).etag;
  }

  async rolesOf(aadObjectId: string | undefined): Promise<Role[]> {
    if (!aadObjectId) return [];
    return (await this.roster()).holders[aadObjectId]?.roles ?? [];
  }

  /** Adds a role; returns false when the user already had it. */
  async grant(aadObjectId: string, role: Role, by: string, now = new Date()): Promise<boolean> {
    let added = false;
    await this.change((r) => {
      added = false;
      const current = r.holders[aadObjectId]?.roles ?? [];
      if (current.includes(role)) return undefined;
      added = true;
      const entry = { roles: [...current, role].sort(), updatedAt: now.toISOString(), updatedBy: by };
      return { holders: { ...r.holders, [aadObjectId]: entry } };
    });
    return added;
  }

  /** Removes a role, unless it is the last admin's admin role (checked in the same conditional write). */
  async revoke(aadObjectId: string, role: Role, by: string, now = new Date()): Promise<RevokeOutcome> {
    let outcome: RevokeOutcome = 'notHeld';
    await this.change((r) => {
      const current = r.holders[aadObjectId]?.roles ?? [];
      if (!current.includes(role)) {
        outcome = 'notHeld';
        return undefined;
      }
      if (role === 'admin' && !Object.entries(r.holders).some(([id, e]) => id !== aadObjectId && e.roles.includes('admin'))) {
        outcome = 'lastAdmin';
        return undefined;
      }
      outcome = 'revoked';
      const entry = { roles: current.filter((x) => x !== role), updatedAt: now.toISOString(), updatedBy: by };
      return { holders: { ...r.holders, [aadObjectId]: entry } };
    });
    return outcome;
  }

  /** Everyone holding a role, sorted by id. */
  async all(): Promise<{ aadObjectId: string; roles: Role[] }[]> {
    return Object.entries((await this.roster()).holders)
      .filter(([, e]) => e.roles.length > 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([aadObjectId, e]) => ({ aadObjectId, roles: e.roles }));
  }

  /** Holders of one role. */
  async holders(role: Role): Promise<string[]> {
    return (await this.all()).filter((r) => r.roles.includes(role)).map((r) => r.aadObjectId);
  }

  /** Gives the configured ids their roles at start (adds only; run-time revokes of others stay). */
  async seed(seeds: Partial<Record<Role, string[]>>): Promise<void> {
    for (const [role, ids] of Object.entries(seeds) as [Role, string[]][]) {
      for (const id of ids) await this.grant(id, role, 'configuration');
    }
  }
}
