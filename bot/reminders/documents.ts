/**
 * How campaigns and recipients are stored (collection `reminders`, see model.ts): the stored
 * documents carry a few fields beyond the shared model, used only by the engine.
 */
import { Store } from '../platform/store/types';
import { Campaign, CampaignOrigin, Recipient } from './model';

export const CAMPAIGN_PK = 'campaign';

export interface CampaignDoc extends Campaign {
  /** True until the campaign is finished (done or cancelled with nothing pending): what the scheduler looks at. */
  active: boolean;
  requestId?: string;
  cancelledBy?: CampaignOrigin;
  cancelledAt?: string;
}

export interface RecipientDoc extends Recipient {
  /** The document id (`<tenantId>:<userKey>`), as a field so lists can be ordered by it. */
  rid: string;
  name?: string;
  customerName: string;
  /** The 1:1 conversation reference the card goes to (taken when the campaign was created). */
  reference: Record<string, unknown>;
  /** Set (ISO time) just before a send is attempted and cleared with its outcome: "in flight". */
  sending?: string;
}

export function recipientId(tenantId: string, userKey: string): string {
  return `${tenantId}:${userKey}`;
}

export function reminderDocs(store: Store) {
  return {
    campaigns: store.collection<CampaignDoc>('reminders'),
    recipients: store.collection<RecipientDoc>('reminders'),
  };
}

/** The shared model's view of a stored campaign. */
export function toCampaign(doc: CampaignDoc): Campaign {
  const campaign: Partial<CampaignDoc> = { ...doc };
  delete campaign.active;
  delete campaign.requestId;
  delete campaign.cancelledBy;
  delete campaign.cancelledAt;
  return campaign as Campaign;
}

/** The shared model's view of a stored recipient (without the conversation reference). */
export function toRecipient(doc: RecipientDoc): Recipient {
  const recipient: Partial<RecipientDoc> = { ...doc };
  delete recipient.reference;
  delete recipient.sending;
  delete recipient.rid;
  return recipient as Recipient;
}

/** Runs `work` on each item, at most `limit` at a time. */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]);
    }
  });
  await Promise.all(runners);
}
