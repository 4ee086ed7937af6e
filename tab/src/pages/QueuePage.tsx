/** The agents' queue: open tickets, most urgent first, with filters, search, paging, claim, and polling. */
import { useEffect, useState } from 'react';
import {
  Button,
  Checkbox,
  Field,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  SearchBox,
  Select,
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
import type { ActionResponse, AgentsResponse, QueueResponse, TabPerson } from '../../../bot/tab/types';
import { PriorityBadge, SlaBadge, StatusBadge } from '../components/Badges';
import { hrefOf, usePoll, useShell } from '../shell';

const STATUS_FILTERS = ['open', 'new', 'assigned', 'waitingOnCustomer', 'waitingOnMicrosoft', 'resolved'] as const;
const PAGE_SIZE = 20;

const useStyles = makeStyles({
  filters: { display: 'flex', gap: '12px', flexWrap: 'wrap', alignItems: 'end', marginBottom: '12px' },
  table: { minWidth: '1000px' },
  scroll: { overflowX: 'auto' },
  summary: { color: tokens.colorNeutralForeground2, display: 'block' },
  pager: { display: 'flex', gap: '12px', alignItems: 'center', marginTop: '12px' },
  notice: { marginBottom: '12px' },
  empty: { padding: '24px 0', display: 'block' },
});

export function personName(p: TabPerson | null, fallback: string): string {
  return p ? (p.name ?? p.id) : fallback;
}

export function QueuePage() {
  const { api, t, me } = useShell();
  const styles = useStyles();
  const [status, setStatus] = useState<(typeof STATUS_FILTERS)[number]>('open');
  const [priority, setPriority] = useState('');
  const [assignee, setAssignee] = useState('');
  const [breached, setBreached] = useState(false);
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(0);
  const [notice, setNotice] = useState<{ intent: 'success' | 'warning' | 'error'; text: string } | undefined>();
  const [agents, setAgents] = useState<AgentsResponse>([]);

  useEffect(() => {
    api.get<AgentsResponse>('agents').then(setAgents, () => setAgents([]));
  }, [api]);
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), 350);
    return () => clearTimeout(timer);
  }, [typed]);
  useEffect(() => setPage(0), [status, priority, assignee, breached, search]);

  const params = new URLSearchParams({ page: String(page), size: String(PAGE_SIZE) });
  if (status !== 'open') params.set('status', status);
  if (priority) params.set('priority', priority);
  if (assignee === 'mine') params.set('mine', '1');
  else if (assignee) params.set('assignee', assignee);
  if (breached) params.set('breached', '1');
  if (search) params.set('q', search);
  const qs = params.toString();
  const queue = usePoll(() => api.get<QueueResponse>(`queue?${qs}`), qs);

  const claim = async (number: number) => {
    try {
      const { body } = await api.post<ActionResponse>(`tickets/${number}/claim`, {});
      setNotice({ intent: body.ok ? 'success' : 'warning', text: body.message });
    } catch {
      setNotice({ intent: 'error', text: t('errors.unavailable') });
    }
    queue.reload();
  };

  return (
    <section aria-labelledby="queue-title">
      <Text as="h2" id="queue-title" size={600} weight="semibold" block style={{ marginBottom: 12 }}>
        {t('queue.title')}
      </Text>
      <div className={styles.filters} role="search">
        <Field label={t('queue.search')}>
          <SearchBox value={typed} onChange={(_, d) => setTyped(d.value)} placeholder={t('queue.searchHint')} style={{ minWidth: 260 }} />
        </Field>
        <Field label={t('queue.status')}>
          <Select value={status} onChange={(_, d) => setStatus(d.value as (typeof STATUS_FILTERS)[number])}>
            {STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {s === 'open' ? t('queue.allOpen') : t(`tickets:status.${s}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('queue.priority')}>
          <Select value={priority} onChange={(_, d) => setPriority(d.value)}>
            <option value="">{t('queue.any')}</option>
            {(['high', 'normal', 'low'] as const).map((p) => (
              <option key={p} value={p}>
                {t(`tickets:priority.${p}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('queue.assignee')}>
          <Select value={assignee} onChange={(_, d) => setAssignee(d.value)}>
            <option value="">{t('queue.anyone')}</option>
            <option value="mine">{t('queue.mine')}</option>
            <option value="none">{t('queue.unassigned')}</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name ?? a.id}
              </option>
            ))}
          </Select>
        </Field>
        <Checkbox checked={breached} onChange={(_, d) => setBreached(d.checked === true)} label={t('queue.breachedOnly')} />
        <Button onClick={queue.reload}>{t('queue.refresh')}</Button>
      </div>
      {notice && (
        <MessageBar intent={notice.intent} className={styles.notice} role="status">
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
      {queue.error !== undefined && !queue.data && (
        <MessageBar intent="error">
          <MessageBarBody>{t('errors.unavailable')}</MessageBarBody>
        </MessageBar>
      )}
      {!queue.data && queue.error === undefined && <Spinner label={t('app.loading')} />}
      {queue.data && (
        <>
          <div className={styles.scroll}>
            <Table className={styles.table} aria-label={t('queue.title')} size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell style={{ width: '80px' }}>{t('queue.number')}</TableHeaderCell>
                  <TableHeaderCell style={{ width: '100px' }}>{t('queue.priority')}</TableHeaderCell>
                  <TableHeaderCell style={{ width: '180px' }}>{t('queue.sla')}</TableHeaderCell>
                  <TableHeaderCell style={{ width: '200px' }}>{t('queue.status')}</TableHeaderCell>
                  <TableHeaderCell style={{ width: '140px' }}>{t('queue.assignee')}</TableHeaderCell>
                  <TableHeaderCell style={{ width: '220px' }}>{t('queue.customer')}</TableHeaderCell>
                  <TableHeaderCell>{t('queue.productTopic')}</TableHeaderCell>
                  <TableHeaderCell style={{ width: '110px' }}>{t('queue.actions')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {queue.data.items.map((item) => (
                  <TableRow key={item.number} data-ticket={item.number}>
                    <TableCell>
                      <Link
                        href={hrefOf({ page: 'ticket', number: item.number })}
                        aria-label={t('queue.openTicket', { number: item.number })}
                      >
                        #{item.number}
                      </Link>
                    </TableCell>
                    <TableCell>
                      <PriorityBadge priority={item.priority} />
                    </TableCell>
                    <TableCell>
                      <SlaBadge item={item} />
                    </TableCell>
                    <TableCell>
                      <StatusBadge status={item.status} />
                    </TableCell>
                    <TableCell>{item.assignee?.id === me.id ? t('queue.you') : personName(item.assignee, t('queue.nobody'))}</TableCell>
                    <TableCell>
                      {item.customerName}
                      <span className={styles.summary}>{item.requester.name ?? ''}</span>
                    </TableCell>
                    <TableCell>
                      {[item.product ? t(`tickets:product.${item.product}`) : '', item.topic ? t(`tickets:topic.${item.topic}`) : '']
                        .filter(Boolean)
                        .join(' · ')}
                      <span className={styles.summary}>{item.summary}</span>
                    </TableCell>
                    <TableCell>
                      {!item.assignee && item.status !== 'resolved' && item.status !== 'closed' && (
                        <Button
                          size="small"
                          appearance="primary"
                          onClick={() => void claim(item.number)}
                          aria-label={t('actions.claimLabel', { number: item.number })}
                        >
                          {t('actions.claim')}
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          {queue.data.items.length === 0 && <Text className={styles.empty}>{t('queue.empty')}</Text>}
          {queue.data.capped && <Text size={200}>{t('queue.capped')}</Text>}
          <nav className={styles.pager} aria-label={t('queue.paging')}>
            <Button disabled={page === 0} onClick={() => setPage(page - 1)}>
              {t('queue.previous')}
            </Button>
            <Text>{t('queue.page', { page: page + 1 })}</Text>
            <Button disabled={!queue.data.hasMore} onClick={() => setPage(page + 1)}>
              {t('queue.next')}
            </Button>
          </nav>
        </>
      )}
    </section>
  );
}
