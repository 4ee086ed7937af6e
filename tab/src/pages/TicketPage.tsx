/** One ticket: what the escalation card shows, the whole conversation, the Microsoft escalation, the rating, the audit trail, and the actions. */
import { useState } from 'react';
import { Link, makeStyles, MessageBar, MessageBarBody, Spinner, Text, tokens } from '@fluentui/react-components';
import type { ActionResponse, TicketDetail } from '../../../bot/tab/types';
import { ApiError } from '../api';
import { AuditTrail } from '../components/AuditTrail';
import { PriorityBadge, SlaBadge, StatusBadge } from '../components/Badges';
import { TicketActions } from '../components/TicketActions';
import { formatWhen } from '../i18n';
import { hrefOf, usePoll, useShell } from '../shell';
import { personName } from './QueuePage';

const useStyles = makeStyles({
  head: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap', marginBottom: '12px' },
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 2fr) minmax(280px, 1fr)',
    gap: '24px',
    '@media (max-width: 900px)': { gridTemplateColumns: '1fr' },
  },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '6px 16px', margin: 0 },
  term: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  section: { marginBottom: '24px', display: 'flex', flexDirection: 'column', gap: '8px' },
  messages: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '8px' },
  message: {
    padding: '8px 12px',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    whiteSpace: 'pre-wrap',
  },
  fromCustomer: { backgroundColor: tokens.colorNeutralBackground2 },
  fromAgent: { backgroundColor: tokens.colorBrandBackground2 },
  fromBot: { backgroundColor: tokens.colorNeutralBackground3 },
  meta: { display: 'block', color: tokens.colorNeutralForeground2, marginBottom: '4px' },
  scroll: { overflowX: 'auto' },
});

function Facts({ rows }: { rows: [string, React.ReactNode][] }) {
  const styles = useStyles();
  return (
    <dl className={styles.facts}>
      {rows.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt className={styles.term}>{k}</dt>
          <dd style={{ margin: 0 }}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function TicketPage({ number }: { number: number }) {
  const { api, t, lang } = useShell();
  const styles = useStyles();
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | undefined>();
  const [latest, setLatest] = useState<TicketDetail | undefined>();
  const polled = usePoll(() => api.get<TicketDetail>(`tickets/${number}`), String(number));
  const ticket = polled.data && latest && latest.number === number && latest.revision > polled.data.revision ? latest : polled.data;

  const onDone = (r: ActionResponse | undefined) => {
    setNotice(r ? { ok: r.ok, text: r.message } : { ok: false, text: t('errors.unavailable') });
    if (r?.ticket) setLatest(r.ticket);
    polled.reload();
  };

  const back = (
    <Link href={hrefOf({ page: 'queue' })} style={{ display: 'inline-block', marginBottom: 8 }}>
      {t('ticket.back')}
    </Link>
  );
  if (!ticket) {
    if (polled.error instanceof ApiError && polled.error.status === 404)
      return (
        <>
          {back}
          <MessageBar intent="warning">
            <MessageBarBody>{t('ticket.notFound', { number })}</MessageBarBody>
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
  const when = (iso: string | null) => (iso ? formatWhen(iso, lang) : '—');
  const label = (ns: string, v: string | null) => (v ? t(`tickets:${ns}.${v}`, { defaultValue: v }) : '—');
  const requester = personName(ticket.requester, t('ticket.customerSide'));
  return (
    <article aria-labelledby="ticket-title">
      {back}
      <div className={styles.head}>
        <Text as="h2" id="ticket-title" size={600} weight="semibold">
          {t('ticket.title', { number: ticket.number })}
        </Text>
        <PriorityBadge priority={ticket.priority} />
        <StatusBadge status={ticket.status} />
        <SlaBadge item={ticket} />
      </div>
      {notice && (
        <MessageBar intent={notice.ok ? 'success' : 'warning'} role="status" style={{ marginBottom: 12 }}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.layout}>
        <div>
          <section className={styles.section} aria-labelledby="details-title">
            <Text as="h3" id="details-title" size={500} weight="semibold">
              {t('ticket.details')}
            </Text>
            <Facts
              rows={[
                [
                  t('ticket.customer'),
                  `${ticket.customerName}${ticket.customerStatus ? ` (${t(`customerStatus.${ticket.customerStatus}`)})` : ''}`,
                ],
                [t('ticket.requester'), requester],
                [t('ticket.product'), label('product', ticket.product)],
                [t('ticket.topic'), label('topic', ticket.topic)],
                [t('ticket.section'), ticket.sectionTitle ?? ticket.section ?? '—'],
                [t('ticket.language'), t(`languages.${ticket.locale}`, { defaultValue: ticket.locale })],
                [t('ticket.assignee'), personName(ticket.assignee, t('queue.nobody'))],
                [t('ticket.opened'), when(ticket.createdAt)],
                [t('ticket.slaTarget'), t('ticket.hours', { count: ticket.slaTargetHours })],
                [t('ticket.slaDue'), when(ticket.slaDueAt)],
                [t('ticket.breachedAt'), when(ticket.slaBreachedAt)],
                [t('ticket.firstResponse'), when(ticket.firstResponseAt)],
                [t('ticket.reopened'), String(ticket.reopenCount)],
                [
                  t('ticket.channelCard'),
                  ticket.channelCardSynced === null
                    ? t('ticket.noThread')
                    : ticket.channelCardSynced
                      ? t('ticket.cardSynced')
                      : t('ticket.cardPending'),
                ],
              ]}
            />
          </section>
          {ticket.resolution !== null && (
            <section className={styles.section} aria-labelledby="resolution-title">
              <Text as="h3" id="resolution-title" size={500} weight="semibold">
                {t('ticket.resolution')}
              </Text>
              <Text>{ticket.resolution || '—'}</Text>
              <Text size={200}>{when(ticket.resolvedAt)}</Text>
            </section>
          )}
          <section className={styles.section} aria-labelledby="microsoft-title">
            <Text as="h3" id="microsoft-title" size={500} weight="semibold">
              {t('ticket.microsoft')}
            </Text>
            {ticket.microsoft ? (
              <Facts
                rows={[
                  [t('ticket.msRoute'), label('route', ticket.microsoft.route)],
                  [t('ticket.msPlan'), ticket.microsoft.plan ? label('plan', ticket.microsoft.plan) : '—'],
                  [t('ticket.msSeverity'), ticket.microsoft.severity],
                  [t('ticket.msCase'), ticket.microsoft.caseNumber],
                  [t('ticket.msExpected'), when(ticket.microsoft.expectedResponseBy)],
                  [t('ticket.msBy'), `${personName(ticket.microsoft.by, '—')}, ${when(ticket.microsoft.escalatedAt)}`],
                ]}
              />
            ) : (
              <Text>{t('ticket.notEscalated')}</Text>
            )}
          </section>
          <section className={styles.section} aria-labelledby="rating-title">
            <Text as="h3" id="rating-title" size={500} weight="semibold">
              {t('ticket.rating')}
            </Text>
            {ticket.rating ? (
              <Text>
                {t('ticket.ratingValue', { score: ticket.rating.score })}
                {ticket.rating.changedFrom !== null ? ` ${t('ticket.ratingChanged', { previous: ticket.rating.changedFrom })}` : ''}
                {ticket.rating.comment ? ` — “${ticket.rating.comment}”` : ''} ({when(ticket.rating.at)})
              </Text>
            ) : (
              <Text>{t('ticket.notRated')}</Text>
            )}
          </section>
          <section className={styles.section} aria-labelledby="conversation-title">
            <Text as="h3" id="conversation-title" size={500} weight="semibold">
              {t('ticket.conversation')}
            </Text>
            <ol className={styles.messages}>
              <li className={`${styles.message} ${styles.fromCustomer}`}>
                <span className={styles.meta}>{t('ticket.asked', { name: requester, when: when(ticket.createdAt) })}</span>
                {ticket.question || t('ticket.noQuestion')}
              </li>
              {ticket.section && (
                <li className={`${styles.message} ${styles.fromBot}`}>
                  <span className={styles.meta}>{t('ticket.botAnswered')}</span>
                  {t('ticket.botSection', { section: ticket.sectionTitle ?? ticket.section })}
                </li>
              )}
              {ticket.messages.map((m, i) => (
                <li key={i} className={`${styles.message} ${m.from === 'agent' ? styles.fromAgent : styles.fromCustomer}`}>
                  <span className={styles.meta}>
                    {t(m.from === 'agent' ? 'ticket.agentWrote' : 'ticket.customerWrote', {
                      name: personName(m.by, '—'),
                      when: when(m.at),
                    })}
                  </span>
                  {m.text}
                </li>
              ))}
            </ol>
          </section>
          <section className={styles.section} aria-labelledby="audit-title">
            <Text as="h3" id="audit-title" size={500} weight="semibold">
              {t('ticket.audit')}
            </Text>
            <div className={styles.scroll}>
              <AuditTrail ticket={ticket} />
            </div>
          </section>
        </div>
        <aside>
          <TicketActions ticket={ticket} onDone={onDone} />
        </aside>
      </div>
    </article>
  );
}
