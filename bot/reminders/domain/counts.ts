import { CampaignCounts, Campaign } from '../model';
import type { RecipientDoc } from '../documents';

/**
 * The counts of a campaign from its recipients: one final state each (or pending), and who
 * acknowledged, said they paid or asked a question. `estimatedFinish` assumes each tenant's
 * pending sends go out at `tenantRps` per second, all tenants at once.
 */
export function countRecipients(campaign: Campaign, recipients: readonly RecipientDoc[], now: number, tenantRps: number): CampaignCounts {
  const counts: CampaignCounts = {
    pending: 0,
    sent: 0,
    blocked: 0,
    not_found: 0,
    failed: 0,
    cancelled: 0,
    unreachable: campaign.unreachable.length,
    acknowledged: 0,
    paid: 0,
    questions: 0,
    done: false,
  };
  const pendingByTenant = new Map<string, number>();
  for (const r of recipients) {
    counts[r.state] += 1;
    if (r.state === 'pending') pendingByTenant.set(r.tenantId, (pendingByTenant.get(r.tenantId) ?? 0) + 1);
    if (r.acks.length > 0) counts.acknowledged += 1;
    if (r.acks.some((a) => a.kind === 'paid')) counts.paid += 1;
    if (r.acks.some((a) => a.kind === 'question')) counts.questions += 1;
  }
  counts.done = counts.pending === 0 && campaign.status !== 'scheduled';
  if (!counts.done) {
    const start = Math.max(now, campaign.sendAt ? Date.parse(campaign.sendAt) : now);
    const longest = Math.max(0, ...pendingByTenant.values());
    counts.estimatedFinish = new Date(start + Math.ceil((longest / Math.max(1, tenantRps)) * 1000)).toISOString();
  }
  return counts;
}
