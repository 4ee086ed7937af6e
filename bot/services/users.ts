import { Store } from '../store/types';

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
  /** Latest 1:1 conversation reference (opaque JSON for the adapter). */
  conversationReference?: Record<string, unknown>;
  lastSeen: string;
}

/** Users, partitioned by tenant id. */
export class UserService {
  constructor(private readonly store: Store) {}

  private get coll() {
    return this.store.collection<UserRecord>('users');
  }

  async get(tenantId: string, userKey: string): Promise<UserRecord | undefined> {
    return (await this.coll.get(tenantId, userKey))?.value;
  }

  /** Records the latest reference and language; last writer wins (it is the latest sighting). */
  async remember(user: UserRecord): Promise<void> {
    const previous = await this.get(user.tenantId, user.userKey);
    await this.coll.upsert(user.tenantId, user.userKey, {
      ...previous,
      ...user,
      conversationReference: user.conversationReference ?? previous?.conversationReference,
    });
  }

  async inTenant(tenantId: string): Promise<UserRecord[]> {
    return (await this.coll.find(tenantId)).map((d) => d.value);
  }
}
