import { Store } from './store/types';

/** A team channel the bot posts into: escalation cards (`setup escalations`), "I've paid" notices (`setup billing`). */
export interface EscalationChannel {
  conversationId: string;
  channelId?: string;
  teamId?: string;
  serviceUrl: string;
  conversationReference: Record<string, unknown>;
  setBy: string;
  setAt: string;
}

const PK = 'partner';

export class SettingsService {
  constructor(private readonly store: Store) {}

  private get coll() {
    return this.store.collection<EscalationChannel>('settings');
  }

  async escalationChannel(): Promise<EscalationChannel | undefined> {
    return (await this.coll.get(PK, 'escalations'))?.value;
  }

  async setEscalationChannel(channel: EscalationChannel): Promise<void> {
    await this.coll.upsert(PK, 'escalations', channel);
  }

  /** Where customers' "I've paid" notices go: the channel set with `setup billing` (else billing admins 1:1). */
  async billingChannel(): Promise<EscalationChannel | undefined> {
    return (await this.coll.get(PK, 'billing'))?.value;
  }

  async setBillingChannel(channel: EscalationChannel): Promise<void> {
    await this.coll.upsert(PK, 'billing', channel);
  }
}
