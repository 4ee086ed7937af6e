/** The campaign's progress card (updated in place while it sends) and the list of recent campaigns. */
import type { i18n, TFunction } from 'i18next';
import { Language } from '../../bot/platform/config';
import { Campaign, CampaignCounts } from '../../bot/reminders/model';
import { AdaptiveCard, escapeText, renderCard } from '../render';
import { formatInstant, remindersT } from './common';

function startedBy(t: TFunction, c: Campaign): string {
  if (c.origin.kind === 'staff') return c.origin.name ? escapeText(c.origin.name, 100) : c.origin.userKey;
  return t(`list.origin.${c.origin.kind}`);
}

/** Sending may still be stopped: not cancelled, not finished. */
export function cancellable(c: Campaign, counts?: CampaignCounts): boolean {
  return (c.status === 'scheduled' || c.status === 'sending') && !(counts?.done && c.status === 'sending' && counts.pending === 0);
}

/** The progress card; `notice` (already worded) says why a click changed nothing. */
export function progressCard(
  i18n: i18n,
  lang: Language,
  c: Campaign,
  counts: CampaignCounts,
  o: { timeZone: string; notice?: string },
): AdaptiveCard {
  const t = remindersT(i18n, lang);
  const when = (at: string | number) => formatInstant(at, lang, o.timeZone);
  const lines = [
    t('progress.by', { name: startedBy(t, c), when: when(c.createdAt) }),
    t('progress.audience', { audience: escapeText(c.audience, 200) }),
    t('progress.counts', { ...counts }),
    t('progress.acks', { ...counts }),
  ];
  if (counts.unreachable > 0) lines.push(t('progress.unreachable', { unreachable: counts.unreachable }));
  if (!counts.done && counts.estimatedFinish && c.status !== 'cancelled')
    lines.push(t('progress.estimate', { when: when(counts.estimatedFinish) }));
  const status = c.status === 'sending' && counts.done ? 'done' : c.status;
  return renderCard('reminders/progress', {
    notice: o.notice ?? '',
    title: t('progress.title', { template: t(`templateName.${c.template}`) }),
    status: t(`progress.status.${status}`, { when: when(c.sendAt ?? c.createdAt) }),
    statusColor: status === 'done' ? 'Good' : status === 'cancelled' ? 'Warning' : 'Default',
    lines,
    id: t('progress.id', { id: c.id }),
    canCancel: cancellable(c, counts),
    cancelTitle: t('progress.cancel'),
    ref: { campaignId: c.id },
  });
}

/** `reminders`: recent campaigns, newest first, with their counts. */
export function campaignsCard(
  i18n: i18n,
  lang: Language,
  campaigns: { campaign: Campaign; counts: CampaignCounts }[],
  o: { timeZone: string },
): AdaptiveCard {
  const t = remindersT(i18n, lang);
  return renderCard('reminders/list', {
    title: t('list.title'),
    empty: t('list.empty'),
    campaigns: campaigns.map(({ campaign: c, counts }) => {
      const status = c.status === 'sending' && counts.done ? 'done' : c.status;
      return {
        line: t('list.line', {
          ...counts,
          template: t(`templateName.${c.template}`),
          audience: escapeText(c.audience, 120),
          created: formatInstant(c.createdAt, lang, o.timeZone),
          status: t(`list.status.${status}`),
          recipients: c.recipients,
        }),
        id: t('progress.id', { id: c.id }),
        canCancel: cancellable(c, counts),
        cancelTitle: t('progress.cancel'),
        ref: { campaignId: c.id },
      };
    }),
  });
}
