import { ConflictError, Store, updateWithRetry } from '../store/types';

/** What the bot keeps about a person it has talked to, for proactive replies and reminders. */
export interface UserRecord {
  tenantId: string;
  /** Entra object id when Teams sends one, else the channel user id. */
  userKey: string;
  channelUserId: string;
  aadObjectId?: string;
  name?: string;
  /** The language the bot last spoke to them in. */
  language: string;
  /** Sign-in name (UPN) or e-mail, from the team roster. */
  upn?: string;
  /** Where the bot reaches this person's tenant (the roster's serviceUrl), for a first 1:1 chat. */
  serviceUrl?: string;
  /** From the team roster: true while they are a member of the team the bot is in. */
  inTeam?: boolean;
  /**
   * The client locale (lower case, '' for none) under which they showed `language` by what they
   * typed or clicked; absent when it only followed their client's locale. While their client
   * sends that locale (or none), replies stay in `language` (see platform/i18n chooseLanguage).
   */
  languageLocale?: string;
  /** Latest 1:1 conversation reference (opaque JSON for the adapter). */
  conversationReference?: Record<string, unknown>;
  /** 1:1 conversations that already got the welcome (Teams sends two install events). */
  welcomedConversations?: string[];
  lastSeen: string;
}

export type Sighting = Omit<UserRecord, 'welcomedConversations' | 'upn' | 'serviceUrl' | 'inTeam'>;

/** A member of the partner's team as the roster lists them. */
export interface RosterMember {
  tenantId: string;
  aadObjectId: string;
  channelUserId: string;
  name?: string;
  upn?: string;
  serviceUrl?: string;
}

/** Skip rewriting an unchanged record more often than this. */
const REFRESH_MS = 60 * 60 * 1000;

/** Users, partitioned by tenant id. */
export class UserService {
  constructor(private readonly store: Store) {}

  private get coll() {
    return this.store.collection<UserRecord>('users');
  }

  async get(tenantId: string, userKey: string): Promise<UserRecord | undefined> {
    return (await this.coll.get(tenantId, userKey))?.value;
  }

  /**
   * Records the latest conversation reference, name and language. `known`: the record as this
   * turn already read it (resolveTurn does), so it is not read twice; rewritten only when it
   * changed (or REFRESH_MS passed), so a plain message writes nothing.
   */
  async remember(seen: Sighting, known?: { record: UserRecord | undefined }): Promise<void> {
    const existing = known ? known.record : (await this.coll.get(seen.tenantId, seen.userKey))?.value;
    if (!existing) {
      try {
        await this.coll.create(seen.tenantId, seen.userKey, seen);
        return;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    } else if (!changed(existing, seen)) {
      return;
    }
    await updateWithRetry(this.coll, seen.tenantId, seen.userKey, (cur) => ({
      ...cur,
      ...seen,
      // Install events often come without a name: keep the one Teams or the roster gave before.
      name: seen.name || cur.name,
      conversationReference: seen.conversationReference ?? cur.conversationReference,
    }));
  }

  /** Records a team member from the roster (name, UPN, channel user id), keeping what the bot knew. */
  async learn(m: RosterMember, language: string, now = new Date()): Promise<void> {
    const fields = {
      channelUserId: m.channelUserId,
      aadObjectId: m.aadObjectId,
      inTeam: true,
      ...(m.name ? { name: m.name } : {}),
      ...(m.upn ? { upn: m.upn.toLowerCase() } : {}),
      ...(m.serviceUrl ? { serviceUrl: m.serviceUrl } : {}),
    };
    const existing = await this.coll.get(m.tenantId, m.aadObjectId);
    if (!existing) {
      try {
        await this.coll.create(m.tenantId, m.aadObjectId, {
          tenantId: m.tenantId,
          userKey: m.aadObjectId,
          language,
          lastSeen: now.toISOString(),
          ...fields,
        });
        return;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    await updateWithRetry(this.coll, m.tenantId, m.aadObjectId, (cur) =>
      Object.entries(fields).every(([k, v]) => cur[k as keyof UserRecord] === v) ? undefined : { ...cur, ...fields },
    );
  }

  /** Marks people who left the team (their records stay: tickets and audits name them). */
  async leftTeam(tenantId: string, userKeys: readonly string[]): Promise<void> {
    for (const key of userKeys) {
      if (!(await this.coll.get(tenantId, key))) continue;
      await updateWithRetry(this.coll, tenantId, key, (cur) => (cur.inTeam === false ? undefined : { ...cur, inTeam: false }));
    }
  }

  /** Someone of a tenant by UPN / e-mail (case-insensitive) or by Teams channel user id (29:…). */
  async find(tenantId: string, by: { upn?: string; channelUserId?: string }): Promise<UserRecord | undefined> {
    const upn = by.upn?.toLowerCase();
    const all = await this.coll.find(tenantId);
    return all.map((d) => d.value).find((u) => (upn && u.upn === upn) || (by.channelUserId && u.channelUserId === by.channelUserId));
  }

  /** Where the bot reached someone of this tenant (roster or a chat): for a first 1:1 chat with another. */
  async serviceUrlOf(tenantId: string): Promise<string | undefined> {
    for (const { value: u } of await this.coll.find(tenantId)) {
      const url = u.serviceUrl ?? (u.conversationReference as { serviceUrl?: unknown } | undefined)?.serviceUrl;
      if (typeof url === 'string' && url) return url;
    }
    return undefined;
  }

  /**
   * Claims the welcome of a conversation: true for exactly one caller, even when Teams delivers
   * both install events at once (the etag decides).
   */
  async claimWelcome(tenantId: string, userKey: string, conversationId: string): Promise<boolean> {
    if (!(await this.coll.get(tenantId, userKey))) return true;
    let claimed = false;
    await updateWithRetry(this.coll, tenantId, userKey, (cur) => {
      const list = cur.welcomedConversations ?? [];
      if (list.includes(conversationId)) return undefined;
      claimed = true;
      return { ...cur, welcomedConversations: [...list, conversationId].slice(-20) };
    });
    return claimed;
  }
}

function changed(cur: UserRecord, seen: Sighting): boolean {
  if (
    cur.language !== seen.language ||
    cur.languageLocale !== seen.languageLocale ||
    (seen.name && cur.name !== seen.name) ||
    cur.channelUserId !== seen.channelUserId
  )
    return true;
  if (seen.conversationReference && referenceKey(seen.conversationReference) !== referenceKey(cur.conversationReference)) return true;
  return Date.parse(seen.lastSeen) - Date.parse(cur.lastSeen) > REFRESH_MS;
}

/**
 * What makes two conversation references different for proactive sends: everything but the id of
 * the message it was taken from, which is new on every message (comparing it would rewrite the
 * record on every turn).
 */
function referenceKey(reference: Record<string, unknown> | undefined): string {
  // JSON leaves out undefined fields.
  return reference ? JSON.stringify({ ...reference, activityId: undefined }) : '';
}
