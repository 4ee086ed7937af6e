/** Before the tab has a person: the local-mode identity picker, or the "open it in Teams" notice. */
import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { Badge, Button, Card, makeStyles, MessageBar, MessageBarBody, Spinner, Text, Title2, tokens } from '@fluentui/react-components';
import type { LocalIdentity } from '../../../bot/tab/types';
import { fetchLocalIdentities } from '../api';
import type { Lang } from '../i18n';
import type { TeamsTheme } from '../teams';
import { LocalSettings } from '../components/LocalSettings';

const useStyles = makeStyles({
  page: { maxWidth: '720px', margin: '0 auto', padding: '32px 24px', display: 'flex', flexDirection: 'column', gap: '16px' },
  list: { display: 'flex', flexDirection: 'column', gap: '8px', listStyleType: 'none', padding: 0, margin: 0 },
  person: { display: 'flex', alignItems: 'center', gap: '12px', padding: '12px' },
  grow: { flexGrow: 1, display: 'flex', flexDirection: 'column' },
  roles: { display: 'flex', gap: '4px', flexWrap: 'wrap' },
  id: { color: tokens.colorNeutralForeground3 },
});

export function LocalPicker(props: {
  t: TFunction;
  lang: Lang;
  setLang(l: Lang): void;
  theme: TeamsTheme;
  setTheme(t: TeamsTheme): void;
  onPick(id: string): void;
}) {
  const { t } = props;
  const styles = useStyles();
  const [people, setPeople] = useState<LocalIdentity[] | 'failed' | undefined>();
  useEffect(() => {
    fetchLocalIdentities().then(setPeople, () => setPeople('failed'));
  }, []);
  return (
    <main className={styles.page}>
      <Title2 as="h1">{t('app.title')}</Title2>
      <MessageBar intent="warning">
        <MessageBarBody>
          <strong>{t('local.badge')}</strong> {t('local.explain')}
        </MessageBarBody>
      </MessageBar>
      <LocalSettings t={t} lang={props.lang} setLang={props.setLang} theme={props.theme} setTheme={props.setTheme} />
      <Text as="h2" weight="semibold" size={500}>
        {t('local.pick')}
      </Text>
      {people === undefined && <Spinner label={t('app.loading')} />}
      {people === 'failed' && (
        <MessageBar intent="error">
          <MessageBarBody>{t('errors.unavailable')}</MessageBarBody>
        </MessageBar>
      )}
      {Array.isArray(people) && people.length === 0 && (
        <MessageBar intent="info">
          <MessageBarBody>{t('local.none')}</MessageBarBody>
        </MessageBar>
      )}
      {Array.isArray(people) && (
        <ul className={styles.list}>
          {people.map((p) => (
            <li key={p.id}>
              <Card className={styles.person} orientation="horizontal">
                <div className={styles.grow}>
                  <Text weight="semibold">{p.name ?? t('local.unnamed')}</Text>
                  <Text size={200} className={styles.id}>
                    {p.id}
                  </Text>
                  <div className={styles.roles}>
                    {p.roles.map((r) => (
                      <Badge key={r} appearance="tint" color="informative">
                        {t(`roles.${r}`)}
                      </Badge>
                    ))}
                  </div>
                </div>
                <Button
                  appearance="primary"
                  onClick={() => props.onPick(p.id)}
                  aria-label={t('local.actAsLabel', { name: p.name ?? p.id })}
                >
                  {t('local.actAs')}
                </Button>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

export function OpenInTeams({ t, failed }: { t: TFunction; failed: boolean }) {
  const styles = useStyles();
  return (
    <main className={styles.page}>
      <Title2 as="h1">{t('app.title')}</Title2>
      <MessageBar intent={failed ? 'error' : 'info'}>
        <MessageBarBody>{failed ? t('errors.unavailable') : t('outside.openInTeams')}</MessageBarBody>
      </MessageBar>
    </main>
  );
}
