/** A campaign's recipients one page at a time (a cursor, never the whole list), each with its state and acknowledgements. */
import { useState } from 'react';
import {
  Badge,
  Button,
  Link,
  makeStyles,
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
import type { RecipientsResponse, TabAck, TabRecipientState } from '../../../../bot/tab/types';
import { formatDay, formatWhen } from '../../i18n';
import { hrefOf, usePoll, useShell } from '../../shell';

const PAGE_SIZE = 25;
const STATE_COLOR = {
  pending: 'informative',
  sent: 'success',
  blocked: 'warning',
  not_found: 'warning',
  failed: 'danger',
  cancelled: 'subtle',
} as const;

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  table: { minWidth: '900px' },
  muted: { color: tokens.colorNeutralForeground2, display: 'block' },
  acks: { margin: 0, paddingLeft: '16px' },
  pager: { display: 'flex', gap: '12px', alignItems: 'center', marginTop: '12px' },
});

export function StateBadge({ state }: { state: TabRecipientState }) {
  const { t } = useShell();
  return (
    <Badge appearance="tint" color={STATE_COLOR[state]} style={{ whiteSpace: 'nowrap' }}>
      {t(`campaigns.state.${state}`)}
    </Badge>
  );
}

function Ack({ ack }: { ack: TabAck }) {
  const { t, lang, me } = useShell();
  const when = formatWhen(ack.at, lang);
  if (ack.kind === 'paid') {
    const details = [
      ack.paidOn ? t('campaign.paidOn', { date: formatDay(ack.paidOn, lang) }) : '',
      ack.reference ? t('campaign.reference', { reference: ack.reference }) : '',
    ]
      .filter(Boolean)
      .join(', ');
    return <>{`${t('campaign.ack.paid', { when })}${details ? ` (${details})` : ''}`}</>;
  }
  if (ack.kind === 'question' && ack.ticketNumber !== null) {
    const label = t('campaign.ack.questionTicket', { when, number: ack.ticketNumber });
    return me.canWork ? <Link href={hrefOf({ page: 'ticket', number: ack.ticketNumber })}>{label}</Link> : <>{label}</>;
  }
  return <>{t(`campaign.ack.${ack.kind}`, { when })}</>;
}

export function RecipientsTable({ campaignId, pollMs }: { campaignId: string; pollMs: number }) {
  const { api, t, lang } = useShell();
  const styles = useStyles();
  // The cursors of the pages seen so far: back is the one before, next is the answer's.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const path = `reminders/${campaignId}/recipients?limit=${PAGE_SIZE}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
  const page = usePoll(() => api.get<RecipientsResponse>(path), path, pollMs);
  const language = (l: string) => t(`languages.${l.split('-')[0]}`, { defaultValue: l });

  if (!page.data) return <Spinner label={t('app.loading')} />;
  return (
    <>
      <div className={styles.scroll}>
        <Table className={styles.table} size="small" aria-labelledby="recipients-title">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('campaign.customer')}</TableHeaderCell>
              <TableHeaderCell>{t('campaign.person')}</TableHeaderCell>
              <TableHeaderCell>{t('campaign.language')}</TableHeaderCell>
              <TableHeaderCell>{t('campaign.state')}</TableHeaderCell>
              <TableHeaderCell>{t('campaign.sentAt')}</TableHeaderCell>
              <TableHeaderCell>{t('campaign.acks')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {page.data.items.map((r) => (
              <TableRow key={r.id} data-recipient={r.id}>
                <TableCell>{r.customerName}</TableCell>
                <TableCell>{r.name ?? t('campaign.unnamed')}</TableCell>
                <TableCell>{language(r.locale)}</TableCell>
                <TableCell>
                  <StateBadge state={r.state} />
                  {(r.attempts > 1 || r.lastStatus !== null) && (
                    <Text size={200} className={styles.muted}>
                      {t('campaign.attempts', { count: r.attempts })}
                      {r.lastStatus !== null ? ` · ${t('campaign.lastStatus', { status: r.lastStatus })}` : ''}
                    </Text>
                  )}
                </TableCell>
                <TableCell>{r.sentAt ? formatWhen(r.sentAt, lang) : '—'}</TableCell>
                <TableCell>
                  {r.acks.length === 0 ? (
                    '—'
                  ) : (
                    <ul className={styles.acks}>
                      {r.acks.map((a, i) => (
                        <li key={i}>
                          <Ack ack={a} />
                        </li>
                      ))}
                    </ul>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {page.data.items.length === 0 && <Text>{t('campaign.noRecipients')}</Text>}
      {(cursors.length > 1 || page.data.next) && (
        <nav className={styles.pager} aria-label={t('campaign.paging')}>
          <Button disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
            {t('queue.previous')}
          </Button>
          <Text>{t('queue.page', { page: cursors.length })}</Text>
          <Button disabled={!page.data.next} onClick={() => page.data?.next && setCursors([...cursors, page.data.next])}>
            {t('queue.next')}
          </Button>
        </nav>
      )}
    </>
  );
}
