/** A campaign's progress: a bar of settled sends and the counts per state, acknowledgements, and the estimated finish. */
import { Badge, makeStyles, ProgressBar, Text, tokens } from '@fluentui/react-components';
import type { TabCampaign, TabCampaignStatus } from '../../../../bot/tab/types';
import { formatWhen } from '../../i18n';
import { useShell } from '../../shell';

const STATUS_COLOR = { scheduled: 'informative', sending: 'brand', done: 'success', cancelled: 'subtle' } as const;
export const STATES = ['sent', 'pending', 'blocked', 'not_found', 'failed', 'cancelled'] as const;

const useStyles = makeStyles({
  counts: { display: 'flex', flexWrap: 'wrap', gap: '4px 16px', margin: 0, padding: 0, listStyleType: 'none' },
  muted: { color: tokens.colorNeutralForeground2 },
});

export function CampaignStatusBadge({ status }: { status: TabCampaignStatus }) {
  const { t } = useShell();
  return (
    <Badge appearance={status === 'sending' ? 'filled' : 'tint'} color={STATUS_COLOR[status]} style={{ whiteSpace: 'nowrap' }}>
      {t(`campaigns.status.${status}`)}
    </Badge>
  );
}

/** Settled (no longer pending) out of all recipients. */
function settledShare(c: TabCampaign): number {
  return c.recipients === 0 ? 1 : (c.recipients - c.counts.pending) / c.recipients;
}

export function CampaignProgress({ campaign, compact = false }: { campaign: TabCampaign; compact?: boolean }) {
  const { t, lang } = useShell();
  const styles = useStyles();
  const c = campaign.counts;
  const label = t('campaigns.progressLabel', { settled: campaign.recipients - c.pending, recipients: campaign.recipients });
  return (
    <div>
      <ProgressBar value={settledShare(campaign)} thickness="large" aria-label={label} color={c.failed > 0 ? 'warning' : 'brand'} />
      <Text size={200} className={styles.muted} block>
        {label}
        {c.estimatedFinish && !c.done ? ` · ${t('campaigns.estimate', { when: formatWhen(c.estimatedFinish, lang) })}` : ''}
      </Text>
      {!compact && (
        <ul className={styles.counts} aria-label={t('campaigns.countsLabel')}>
          {STATES.map((s) => (
            <li key={s}>
              <Text>{t(`campaigns.state.${s}`)}</Text> <Text weight="semibold">{c[s]}</Text>
            </li>
          ))}
          <li>
            <Text>{t('campaigns.unreachable')}</Text> <Text weight="semibold">{c.unreachable}</Text>
          </li>
          <li>
            <Text>{t('campaigns.acknowledged')}</Text> <Text weight="semibold">{c.acknowledged}</Text>
          </li>
          <li>
            <Text>{t('campaigns.paid')}</Text> <Text weight="semibold">{c.paid}</Text>
          </li>
          <li>
            <Text>{t('campaigns.questions')}</Text> <Text weight="semibold">{c.questions}</Text>
          </li>
        </ul>
      )}
    </div>
  );
}
