/**
 * The reminder composer (billing admins): template, audience with a live count of customers and
 * reachable people, an optional note (one for all, or per language), now or at a time; the card
 * the bot will send, previewed per language; and sending after a confirmation. A retried send
 * carries the same request id, so it finds the campaign it already made.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Button,
  Checkbox,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import type { ReminderActionResponse, ReminderOptions, ReminderPreview, ReminderRequestBody } from '../../../bot/tab/types';
import { ApiError } from '../api';
import { AudienceField, audienceExpression, AudienceValue } from '../components/reminders/AudienceField';
import { CardPreview } from '../components/reminders/CardPreview';
import { ConfirmDialog } from '../components/reminders/ConfirmDialog';
import { formatWhen } from '../i18n';
import { useShell } from '../shell';

const useStyles = makeStyles({
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) minmax(320px, 480px)',
    gap: '32px',
    '@media (max-width: 900px)': { gridTemplateColumns: '1fr' },
  },
  form: { display: 'flex', flexDirection: 'column', gap: '14px', maxWidth: '560px' },
  count: { padding: '8px 12px', borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground2 },
  actions: { display: 'flex', gap: '12px', alignItems: 'center', marginTop: '8px' },
  unreachable: { color: tokens.colorNeutralForeground2, display: 'block', marginTop: '4px' },
});

type Preview = { kind: 'loading' } | { kind: 'ok'; data: ReminderPreview } | { kind: 'problem'; message: string };

function newRequestId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

export function ComposerPage() {
  const { api, t, lang, navigate } = useShell();
  const styles = useStyles();
  const [options, setOptions] = useState<ReminderOptions | undefined>();
  const [template, setTemplate] = useState('payment-due');
  const [audience, setAudience] = useState<AudienceValue>({ kind: 'all', days: '7', tenants: '' });
  const [perLanguage, setPerLanguage] = useState(false);
  const [notes, setNotes] = useState<Record<string, string>>({ all: '' });
  const [later, setLater] = useState(false);
  const [at, setAt] = useState('');
  const [preview, setPreview] = useState<Preview>({ kind: 'loading' });
  // The last card shown stays while the next is asked for (no flicker while typing).
  const [lastCard, setLastCard] = useState<ReminderPreview | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const requestId = useRef(newRequestId());

  useEffect(() => {
    api.get<ReminderOptions>('reminders/options').then(setOptions, () => setProblem(t('errors.unavailable')));
  }, [api, t]);

  const request: ReminderRequestBody = useMemo(() => {
    const body: ReminderRequestBody = { template, audience: audienceExpression(audience) };
    if (perLanguage) {
      const per = Object.fromEntries(Object.entries(notes).filter(([k, v]) => k !== 'all' && v.trim()));
      if (Object.keys(per).length > 0) body.note = per;
    } else if (notes.all?.trim()) body.note = notes.all;
    if (later && at) {
      const when = new Date(at);
      body.sendAt = Number.isNaN(when.getTime()) ? at : when.toISOString();
    }
    return body;
  }, [template, audience, perLanguage, notes, later, at]);
  const key = JSON.stringify(request);

  // A new request is a new campaign: a send retried without changes keeps its id.
  useEffect(() => {
    requestId.current = newRequestId();
  }, [key]);

  // The live count and card: asked again a moment after the last change.
  useEffect(() => {
    let stale = false;
    setPreview({ kind: 'loading' });
    const timer = setTimeout(() => {
      api.post<ReminderPreview & { message?: string }>('reminders/preview', request).then(
        ({ status, body }) => {
          if (stale) return;
          setPreview(status === 200 ? { kind: 'ok', data: body } : { kind: 'problem', message: body.message ?? t('errors.unavailable') });
          setLastCard(status === 200 ? body : undefined);
        },
        () => !stale && setPreview({ kind: 'problem', message: t('errors.unavailable') }),
      );
    }, 400);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
    // `request` is described by `key`.
  }, [api, key, t]);

  const send = async () => {
    setBusy(true);
    try {
      const { status, body } = await api.post<ReminderActionResponse>('reminders', { ...request, requestId: requestId.current });
      if (status === 200 && body.campaign) navigate({ page: 'campaign', id: body.campaign.id });
      else setProblem(body.message);
    } catch (err) {
      setProblem(err instanceof ApiError && err.status === 403 ? t('errors.noRole') : t('errors.unavailable'));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  if (!options) return problem ? <MessageBar intent="error">{problem}</MessageBar> : <Spinner label={t('app.loading')} />;
  const ready = preview.kind === 'ok' && preview.data.recipients > 0 && (!later || !!at);
  const counts = preview.kind === 'ok' ? preview.data : undefined;
  const language = (l: string) => t(`languages.${l}`, { defaultValue: l });
  const templateName = t(`reminders:templateName.${template}`);

  return (
    <section aria-labelledby="composer-title">
      <Text as="h2" id="composer-title" size={600} weight="semibold" block style={{ marginBottom: 12 }}>
        {t('composer.title')}
      </Text>
      {problem && (
        <MessageBar intent="warning" role="alert" style={{ marginBottom: 12 }}>
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.layout}>
        <form className={styles.form} onSubmit={(e) => e.preventDefault()} aria-labelledby="composer-title">
          <Field label={t('composer.template')}>
            <Select value={template} onChange={(_, d) => setTemplate(d.value)}>
              {options.templates.map((id) => (
                <option key={id} value={id}>
                  {t(`reminders:templateName.${id}`)}
                </option>
              ))}
            </Select>
          </Field>
          <AudienceField value={audience} onChange={setAudience} />
          <div className={styles.count} role="status" aria-live="polite" data-testid="audience-count">
            {preview.kind === 'loading' && <Spinner size="tiny" label={t('composer.counting')} labelPosition="after" />}
            {preview.kind === 'problem' && <Text>{preview.message}</Text>}
            {counts && (
              <>
                <Text>
                  {t('composer.count', {
                    customers: counts.customers,
                    recipients: counts.recipients,
                    unreachable: counts.unreachable.length,
                  })}
                </Text>
                {counts.unreachable.length > 0 && (
                  <Text size={200} className={styles.unreachable}>
                    {t('composer.unreachable', { names: counts.unreachable.slice(0, 10).join(', ') })}
                    {counts.unreachable.length > 10 ? ` ${t('composer.more', { count: counts.unreachable.length - 10 })}` : ''}
                  </Text>
                )}
              </>
            )}
          </div>
          <Checkbox checked={perLanguage} onChange={(_, d) => setPerLanguage(!!d.checked)} label={t('composer.perLanguage')} />
          {(perLanguage ? options.languages : ['all']).map((l) => (
            <Field
              key={l}
              label={l === 'all' ? t('composer.note') : t('composer.noteIn', { language: language(l) })}
              hint={t('composer.noteHint', { max: options.maxNoteChars })}
            >
              <Textarea
                value={notes[l] ?? ''}
                maxLength={options.maxNoteChars}
                resize="vertical"
                onChange={(_, d) => setNotes({ ...notes, [l]: d.value })}
              />
            </Field>
          ))}
          <RadioGroup value={later ? 'later' : 'now'} onChange={(_, d) => setLater(d.value === 'later')} aria-label={t('composer.when')}>
            <Radio value="now" label={t('composer.now')} />
            <Radio value="later" label={t('composer.later')} />
          </RadioGroup>
          {later && (
            <Field label={t('composer.at')} hint={t('composer.atHint', { zone: options.timeZone })}>
              <Input type="datetime-local" value={at} onChange={(_, d) => setAt(d.value)} />
            </Field>
          )}
          <div className={styles.actions}>
            <Button appearance="primary" disabled={!ready || busy} onClick={() => setConfirming(true)}>
              {later ? t('composer.schedule') : t('composer.send')}
            </Button>
          </div>
        </form>
        <section aria-labelledby="preview-title">
          <Text as="h3" id="preview-title" size={500} weight="semibold" block style={{ marginBottom: 8 }}>
            {t('composer.preview')}
          </Text>
          {lastCard && <CardPreview preview={lastCard} />}
          {!lastCard && preview.kind === 'loading' && <Spinner size="small" label={t('app.loading')} />}
          {preview.kind === 'problem' && <Text>{t('composer.noPreview')}</Text>}
        </section>
      </div>
      <ConfirmDialog
        open={confirming}
        busy={busy}
        title={t('composer.confirmTitle', { template: templateName })}
        body={t(later && request.sendAt ? 'composer.confirmLater' : 'composer.confirmNow', {
          recipients: counts?.recipients ?? 0,
          customers: counts?.customers ?? 0,
          when: formatWhen(request.sendAt, lang),
        })}
        confirm={later ? t('composer.schedule') : t('composer.send')}
        cancel={t('composer.back')}
        onConfirm={() => void send()}
        onClose={() => setConfirming(false)}
      />
    </section>
  );
}
