/** The ticket's actions — claim, assign, reply, resolve, reopen, escalate to Microsoft — the escalation card's, as forms. */
import { useEffect, useState } from 'react';
import { Button, Field, Input, makeStyles, Select, Text, Textarea, tokens } from '@fluentui/react-components';
import type { ActionResponse, AgentsResponse, TabVerb, TicketDetail } from '../../../bot/tab/types';
import { useShell } from '../shell';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: '16px' },
  group: {
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    padding: '12px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  row: { display: 'flex', gap: '8px', alignItems: 'end', flexWrap: 'wrap' },
});

export function TicketActions({ ticket, onDone }: { ticket: TicketDetail; onDone(r: ActionResponse | undefined): void }) {
  const { api, t } = useShell();
  const styles = useStyles();
  const [agents, setAgents] = useState<AgentsResponse>([]);
  const [assignee, setAssignee] = useState('');
  const [reply, setReply] = useState('');
  const [resolution, setResolution] = useState('');
  const [route, setRoute] = useState('commercial');
  const [plan, setPlan] = useState('psfp');
  const [severity, setSeverity] = useState('B');
  const [caseNumber, setCaseNumber] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.get<AgentsResponse>('agents').then(setAgents, () => setAgents([]));
  }, [api]);

  const run = async (verb: TabVerb, data: Record<string, unknown>, clear?: () => void) => {
    setBusy(true);
    try {
      const { status, body } = await api.post<ActionResponse>(`tickets/${ticket.number}/${verb}`, data);
      if (status === 200) clear?.();
      onDone(body);
    } catch {
      onDone(undefined);
    } finally {
      setBusy(false);
    }
  };

  const { claim, work, reopen } = ticket.actions;
  return (
    <section className={styles.panel} aria-labelledby="actions-title">
      <Text as="h3" id="actions-title" size={500} weight="semibold">
        {t('actions.title')}
      </Text>
      {!claim && !work && !reopen && <Text>{t('actions.none')}</Text>}
      {(claim || reopen) && (
        <div className={styles.row}>
          {claim && (
            <Button appearance="primary" disabled={busy} onClick={() => void run('claim', {})}>
              {t('actions.claim')}
            </Button>
          )}
          {reopen && (
            <Button disabled={busy} onClick={() => void run('reopen', {})}>
              {t('actions.reopen')}
            </Button>
          )}
        </div>
      )}
      {work && (
        <>
          <div className={styles.group}>
            <Field label={t('actions.assignTo')}>
              <Select value={assignee} onChange={(_, d) => setAssignee(d.value)}>
                <option value="">{t('actions.chooseAgent')}</option>
                {agents.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name ?? a.id}
                  </option>
                ))}
              </Select>
            </Field>
            <div>
              <Button disabled={busy || !assignee} onClick={() => void run('assign', { assignee })}>
                {t('actions.assign')}
              </Button>
            </div>
          </div>
          <div className={styles.group}>
            <Field label={t('actions.replyLabel')} hint={t('actions.replyHint')}>
              <Textarea value={reply} onChange={(_, d) => setReply(d.value)} resize="vertical" maxLength={2000} />
            </Field>
            <div>
              <Button
                appearance="primary"
                disabled={busy || !reply.trim()}
                onClick={() => void run('reply', { message: reply }, () => setReply(''))}
              >
                {t('actions.reply')}
              </Button>
            </div>
          </div>
          <div className={styles.group}>
            <Field label={t('actions.resolutionLabel')}>
              <Textarea value={resolution} onChange={(_, d) => setResolution(d.value)} resize="vertical" maxLength={2000} />
            </Field>
            <div>
              <Button disabled={busy} onClick={() => void run('resolve', { resolution }, () => setResolution(''))}>
                {t('actions.resolve')}
              </Button>
            </div>
          </div>
          <div className={styles.group}>
            <Text weight="semibold">{t('actions.escalateTitle')}</Text>
            <div className={styles.row}>
              <Field label={t('actions.route')}>
                <Select value={route} onChange={(_, d) => setRoute(d.value)}>
                  <option value="commercial">{t('tickets:route.commercial')}</option>
                  <option value="technical">{t('tickets:route.technical')}</option>
                </Select>
              </Field>
              {route === 'technical' && (
                <Field label={t('actions.plan')}>
                  <Select value={plan} onChange={(_, d) => setPlan(d.value)}>
                    {(['psfp', 'asfp', 'signature'] as const).map((p) => (
                      <option key={p} value={p}>
                        {t(`tickets:plan.${p}`)}
                      </option>
                    ))}
                  </Select>
                </Field>
              )}
              <Field label={t('actions.severity')}>
                <Select value={severity} onChange={(_, d) => setSeverity(d.value)}>
                  {(['A', 'B', 'C'] as const).map((s, i) => (
                    <option key={s} value={s}>
                      {t('tickets:severityChoice', { severity: s, hours: [2, 4, 8][i] })}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label={t('actions.caseNumber')}>
                <Input value={caseNumber} onChange={(_, d) => setCaseNumber(d.value)} maxLength={40} />
              </Field>
            </div>
            <div>
              <Button
                disabled={busy || !caseNumber.trim()}
                onClick={() =>
                  void run('escalateMicrosoft', { route, plan: route === 'technical' ? plan : '', severity, caseNumber }, () =>
                    setCaseNumber(''),
                  )
                }
              >
                {t('actions.escalate')}
              </Button>
            </div>
          </div>
        </>
      )}
    </section>
  );
}
