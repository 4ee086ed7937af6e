import { Store } from '../platform/store/types';
import { updateWithRetry } from '../platform/store/types';

export const ROLES = ['admin', 'user-admin', 'helpdesk-agent', 'billing-admin', 'sales-agent'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

interface RoleDoc {
  aadObjectId: string;
  roles: Role[];
  updatedAt: string;
  updatedBy: string;
}

const PK = 'partner';

/** Which roles may grant or revoke which: admins everything, user admins all but admin. */
export function canManageRole(actorRoles: readonly Role[], target: Role): boolean {
  if (actorRoles.includes('admin')) return true;
  return actorRoles.includes('user-admin') && target !== 'admin';
}

/** Staff roles, kept per Entra object id in the partner's partition. */
export class RoleService {
  constructor(private readonly store: Store) {}

  private get coll() {
    return this.store.collection<RoleDoc>('roles');
  }

  async rolesOf(aadObjectId: string | undefined): Promise<Role[]> {
    if (!aadObjectId) return [];
    return (await this.coll.get(PK, aadObjectId))?.value.roles ?? [];
  }

  /** Adds a role; returns false when the user already had it. */
  async grant(aadObjectId: string, role: Role, by: string, now = new Date()): Promise<boolean> {
    let added = false;
    const existing = await this.coll.get(PK, aadObjectId);
    if (!existing) {
      try {
        await this.coll.create(PK, aadObjectId, { aadObjectId, roles: [role], updatedAt: now.toISOString(), updatedBy: by });
        return true;
      } catch {
        // created concurrently: fall through to the update path
      }
    }
    await updateWithRetry(this.coll, PK, aadObjectId, (doc) => {
      if (doc.roles.includes(role)) return undefined;
      added = true;
      return { ...doc, roles: [...doc.roles, role].sort(), updatedAt: now.toISOString(), updatedBy: by };
    });
    return added;
  }

  /** Removes a role; returns false when the user did not have it. */
  async revoke(aadObjectId: string, role: Role, by: string, now = new Date()): Promise<boolean> {
    if (!(await this.coll.get(PK, aadObjectId))) return false;
    let removed = false;
    await updateWithRetry(this.coll, PK, aadObjectId, (doc) => {
      if (!doc.roles.includes(role)) return undefined;
      removed = true;
      return { ...doc, roles: doc.roles.filter((r) => r !== role), updatedAt: now.toISOString(), updatedBy: by };
    });
    return removed;
  }

  /** Everyone holding a role, sorted by id. */
  async all(): Promise<{ aadObjectId: string; roles: Role[] }[]> {
    return (await this.coll.find(PK))
      .map((d) => ({ aadObjectId: d.value.aadObjectId, roles: d.value.roles }))
      .filter((r) => r.roles.length > 0);
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
