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

export type Sighting = Omit<UserRecord, 'welcomedConversations'>;

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

  /** Records the latest conversation reference, name and language. */
  async remember(seen: Sighting): Promise<void> {
    const existing = await this.coll.get(seen.tenantId, seen.userKey);
    if (!existing) {
      try {
        await this.coll.create(seen.tenantId, seen.userKey, seen);
        return;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    } else if (!changed(existing.value, seen)) {
      return;
    }
    await updateWithRetry(this.coll, seen.tenantId, seen.userKey, (cur) => ({
      ...cur,
      ...seen,
      conversationReference: seen.conversationReference ?? cur.conversationReference,
    }));
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
    cur.name !== seen.name ||
    cur.channelUserId !== seen.channelUserId
  )
    return true;
  if (seen.conversationReference && JSON.stringify(seen.conversationReference) !== JSON.stringify(cur.conversationReference)) return true;
  return Date.parse(seen.lastSeen) - Date.parse(cur.lastSeen) > REFRESH_MS;
}
