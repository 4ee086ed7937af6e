import { Store } from './store/types';

/** Where escalation cards go: the channel set with `setup escalations`. */
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
}
