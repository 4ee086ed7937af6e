/** One reminder campaign: what was sent to whom and when, live progress, each recipient's result and acknowledgements, CSV export, cancel. */
import { useEffect, useState } from 'react';
import { Button, Link, makeStyles, MessageBar, MessageBarBody, Spinner, Text, tokens } from '@fluentui/react-components';
import type { CampaignExport, ReminderActionResponse, TabCampaign } from '../../../bot/tab/types';
import { ApiError } from '../api';
import { CampaignProgress, CampaignStatusBadge } from '../components/reminders/CampaignProgress';
import { ConfirmDialog } from '../components/reminders/ConfirmDialog';
import { RecipientsTable } from '../components/reminders/RecipientsTable';
import { formatWhen } from '../i18n';
import { hrefOf, usePoll, useShell } from '../shell';
import { CAMPAIGN_POLL_MS, SETTLED_POLL_MS } from './CampaignsPage';

const useStyles = makeStyles({
  head: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap', marginBottom: '12px' },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '6px 16px', margin: '0 0 16px' },
  term: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  section: { marginBottom: '24px', display: 'flex', flexDirection: 'column', gap: '8px' },
  actions: { display: 'flex', gap: '12px', flexWrap: 'wrap' },
  note: { whiteSpace: 'pre-wrap' },
});

/** Saves text as a file the browser downloads (the API answers with the CSV; a plain link could not carry the sign-in). */
function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

export function CampaignPage({ id }: { id: string }) {
  const { api, t, lang } = useShell();
  const styles = useStyles();
  const [settled, setSettled] = useState(false);
  const polled = usePoll(() => api.get<TabCampaign>(`reminders/${id}`), id, settled ? SETTLED_POLL_MS : CAMPAIGN_POLL_MS);
  const done = polled.data?.counts.done === true && polled.data.status !== 'sending';
  useEffect(() => setSettled(done), [done]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | undefined>();
  const campaign = polled.data;

  const back = (
    <Link href={hrefOf({ page: 'campaigns' })} style={{ display: 'inline-block', marginBottom: 8 }}>
      {t('campaign.back')}
    </Link>
  );
  if (!campaign) {
    if (polled.error instanceof ApiError && polled.error.status === 404)
      return (
        <>
          {back}
          <MessageBar intent="warning">
            <MessageBarBody>{t('campaign.notFound')}</MessageBarBody>
          </MessageBar>
        </>
      );
    if (polled.error !== undefined)
      return (
        <MessageBar intent="error">
          <MessageBarBody>{t('errors.unavailable')}</MessageBarBody>
        </MessageBar>
      );
    return <Spinner label={t('app.loading')} />;
  }

  const cancel = async () => {
    setBusy(true);
    try {
      const { status, body } = await api.post<ReminderActionResponse>(`reminders/${id}/cancel`, {});
      setNotice(status === 200 ? { ok: true, text: t('campaign.cancelled') } : { ok: false, text: body.message });
      polled.reload();
    } catch {
      setNotice({ ok: false, text: t('errors.unavailable') });
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };
  const exportCsv = async () => {
    try {
      const file = await api.get<CampaignExport>(`reminders/${id}/export`);
      download(file.filename, file.csv);
    } catch {
      setNotice({ ok: false, text: t('errors.unavailable') });
    }
  };

  const template = t(`reminders:templateName.${campaign.template}`);
  const notes =
    campaign.note === null
      ? []
      : typeof campaign.note === 'string'
        ? [campaign.note]
        : Object.entries(campaign.note).map(([l, text]) => `${t(`languages.${l}`, { defaultValue: l })}: ${text}`);
  const facts: [string, string][] = [
    [t('campaign.audience'), campaign.audience],
    [t('campaign.startedBy'), `${campaign.by ?? t(`campaigns.origin.${campaign.origin}`)}, ${formatWhen(campaign.createdAt, lang)}`],
    [t('campaign.sendAt'), campaign.sendAt ? formatWhen(campaign.sendAt, lang) : t('campaign.sendNow')],
    [t('campaign.reach'), t('campaign.reachValue', { customers: campaign.customers, recipients: campaign.recipients })],
  ];
  if (campaign.finishedAt) facts.push([t('campaign.finished'), formatWhen(campaign.finishedAt, lang)]);
  if (campaign.unreachable.length > 0) facts.push([t('campaigns.unreachable'), campaign.unreachable.join(', ')]);
  const cancellable = campaign.status === 'scheduled' || campaign.status === 'sending';

  return (
    <article aria-labelledby="campaign-title">
      {back}
      <div className={styles.head}>
        <Text as="h2" id="campaign-title" size={600} weight="semibold">
          {t('campaign.title', { template })}
        </Text>
        <CampaignStatusBadge status={campaign.status} />
      </div>
      {notice && (
        <MessageBar intent={notice.ok ? 'success' : 'warning'} role="status" style={{ marginBottom: 12 }}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
      <dl className={styles.facts}>
        {facts.map(([k, v]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt className={styles.term}>{k}</dt>
            <dd style={{ margin: 0 }}>{v}</dd>
          </div>
        ))}
        {notes.length > 0 && (
          <div style={{ display: 'contents' }}>
            <dt className={styles.term}>{t('campaign.note')}</dt>
            <dd style={{ margin: 0 }} className={styles.note}>
              {notes.join('\n')}
            </dd>
          </div>
        )}
      </dl>
      <section className={styles.section} aria-labelledby="progress-title">
        <Text as="h3" id="progress-title" size={500} weight="semibold">
          {t('campaigns.progress')}
        </Text>
        <CampaignProgress campaign={campaign} />
        <div className={styles.actions}>
          <Button onClick={() => void exportCsv()}>{t('campaign.export')}</Button>
          {cancellable && (
            <Button appearance="secondary" onClick={() => setConfirming(true)}>
              {t('campaign.cancel')}
            </Button>
          )}
        </div>
      </section>
      <section className={styles.section} aria-labelledby="recipients-title">
        <Text as="h3" id="recipients-title" size={500} weight="semibold">
          {t('campaign.recipients')}
        </Text>
        {/* Once nothing is pending, only acknowledgements still come in: asked for less often. */}
        <RecipientsTable campaignId={id} pollMs={settled ? SETTLED_POLL_MS : CAMPAIGN_POLL_MS} />
      </section>
      <ConfirmDialog
        open={confirming}
        busy={busy}
        title={t('campaign.cancelTitle')}
        body={t('campaign.cancelBody', { pending: campaign.counts.pending })}
        confirm={t('campaign.cancelConfirm')}
        cancel={t('campaign.keep')}
        onConfirm={() => void cancel()}
        onClose={() => setConfirming(false)}
      />
    </article>
  );
}
