/** Recent reminder campaigns with their progress, refreshed while the page is open (no reload). */
import { useEffect, useState } from 'react';
import {
  Button,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { CampaignsResponse } from '../../../bot/tab/types';
import { CampaignProgress, CampaignStatusBadge } from '../components/reminders/CampaignProgress';
import { formatWhen } from '../i18n';
import { hrefOf, usePoll, useShell } from '../shell';

/** Campaigns move fast while sending: the list is asked again this often (unchanged answers are a 304). */
export const CAMPAIGN_POLL_MS = 2_000;
/** Once nothing is pending, only acknowledgements still come in: asked for less often. */
export const SETTLED_POLL_MS = 10_000;

const useStyles = makeStyles({
  head: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap', marginBottom: '12px' },
  scroll: { overflowX: 'auto' },
  table: { minWidth: '900px' },
  muted: { color: tokens.colorNeutralForeground2, display: 'block' },
});

export function CampaignsPage() {
  const { api, t, lang, navigate } = useShell();
  const styles = useStyles();
  const [active, setActive] = useState(true);
  // Fast while something is scheduled or sending; acknowledgements alone come in slowly.
  const list = usePoll(() => api.get<CampaignsResponse>('reminders?limit=20'), 'campaigns', active ? CAMPAIGN_POLL_MS : SETTLED_POLL_MS);
  const anyActive = !list.data || list.data.items.some((c) => c.status === 'scheduled' || c.status === 'sending');
  useEffect(() => setActive(anyActive), [anyActive]);
  return (
    <section aria-labelledby="campaigns-title">
      <div className={styles.head}>
        <Text as="h2" id="campaigns-title" size={600} weight="semibold">
          {t('campaigns.title')}
        </Text>
        <Button appearance="primary" onClick={() => navigate({ page: 'remind' })}>
          {t('campaigns.new')}
        </Button>
      </div>
      {list.error !== undefined && !list.data && (
        <MessageBar intent="error">
          <MessageBarBody>{t('errors.unavailable')}</MessageBarBody>
        </MessageBar>
      )}
      {!list.data && list.error === undefined && <Spinner label={t('app.loading')} />}
      {list.data && list.data.items.length === 0 && <Text>{t('campaigns.empty')}</Text>}
      {list.data && list.data.items.length > 0 && (
        <div className={styles.scroll}>
          <Table className={styles.table} aria-labelledby="campaigns-title">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('campaigns.reminder')}</TableHeaderCell>
                <TableHeaderCell>{t('campaigns.status.label')}</TableHeaderCell>
                <TableHeaderCell style={{ width: '40%' }}>{t('campaigns.progress')}</TableHeaderCell>
                <TableHeaderCell>{t('campaigns.started')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.data.items.map((c) => (
                <TableRow key={c.id} data-campaign={c.id}>
                  <TableCell>
                    <Link href={hrefOf({ page: 'campaign', id: c.id })}>{t(`reminders:templateName.${c.template}`)}</Link>
                    <Text size={200} className={styles.muted}>
                      {t('campaigns.audienceIs', { audience: c.audience })}
                    </Text>
                  </TableCell>
                  <TableCell>
                    <CampaignStatusBadge status={c.status} />
                  </TableCell>
                  <TableCell>
                    <CampaignProgress campaign={c} compact />
                    <Text size={200} className={styles.muted}>
                      {t('campaigns.summary', {
                        sent: c.counts.sent,
                        failed: c.counts.failed + c.counts.blocked + c.counts.not_found,
                        acknowledged: c.counts.acknowledged,
                      })}
                    </Text>
                  </TableCell>
                  <TableCell>
                    {formatWhen(c.createdAt, lang)}
                    <Text size={200} className={styles.muted}>
                      {c.by ?? t(`campaigns.origin.${c.origin}`)}
                    </Text>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}
