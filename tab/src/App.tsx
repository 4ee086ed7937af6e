/**
 * The signed-in tab: a header with the pages this person may use, and the page of the route.
 * Pages are one table (NAV), each shown to the people whose roles allow it.
 */
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { TFunction } from 'i18next';
import { Badge, Button, makeStyles, MessageBar, MessageBarBody, Spinner, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import type { TabMe } from '../../bot/tab/types';
import { Api, ApiError } from './api';
import type { Lang } from './i18n';
import type { TeamsTheme } from './teams';
import { hrefOf, Route, Shell, ShellContext, useRoute } from './shell';
import { LocalSettings } from './components/LocalSettings';
import { QueuePage } from './pages/QueuePage';
import { TicketPage } from './pages/TicketPage';
import { ComposerPage } from './pages/ComposerPage';
import { CampaignsPage } from './pages/CampaignsPage';
import { CampaignPage } from './pages/CampaignPage';

/** The dashboard and its charting library load only when an admin opens it (a chunk of their own). */
const DashboardPage = lazy(() => import('./pages/DashboardPage').then((m) => ({ default: m.DashboardPage })));

interface NavEntry {
  page: Route['page'];
  label: string;
  route: Route;
  visible(me: TabMe): boolean;
}

const NAV: NavEntry[] = [
  { page: 'queue', label: 'nav.queue', route: { page: 'queue' }, visible: (me) => me.canWork },
  { page: 'remind', label: 'nav.remind', route: { page: 'remind' }, visible: (me) => me.canSendReminders },
  { page: 'campaigns', label: 'nav.campaigns', route: { page: 'campaigns' }, visible: (me) => me.canSendReminders },
  { page: 'dashboard', label: 'nav.dashboard', route: { page: 'dashboard' }, visible: (me) => me.canSeeDashboard },
];

/** The nav entry a page belongs to (a ticket to the queue, a campaign to the campaigns). */
const SECTION: Partial<Record<Route['page'], Route['page']>> = { ticket: 'queue', campaign: 'campaigns' };

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: '16px',
    flexWrap: 'wrap',
    padding: '8px 24px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  title: { marginRight: '8px' },
  local: {
    display: 'flex',
    alignItems: 'end',
    gap: '12px',
    flexWrap: 'wrap',
    padding: '8px 24px',
    backgroundColor: tokens.colorPaletteYellowBackground1,
    color: tokens.colorNeutralForeground1,
  },
  who: { marginLeft: 'auto', display: 'flex', alignItems: 'center', gap: '8px' },
  main: { padding: '16px 24px' },
});

export interface LocalControls {
  theme: TeamsTheme;
  setTheme(t: TeamsTheme): void;
  setLang(l: Lang): void;
  signOut(): void;
}

export function App({ api, t, lang, local }: { api: Api; t: TFunction; lang: Lang; local?: LocalControls }) {
  const styles = useStyles();
  const hashRoute = useRoute();
  const [me, setMe] = useState<TabMe | 'forbidden' | 'failed' | undefined>();
  useEffect(() => {
    api
      .get<TabMe>('me')
      .then(setMe, (err: unknown) => setMe(err instanceof ApiError && (err.status === 403 || err.status === 401) ? 'forbidden' : 'failed'));
  }, [api]);
  const shell: Shell | undefined = useMemo(
    () => (typeof me === 'object' ? { api, me, t, lang, navigate: (r: Route) => (window.location.hash = hrefOf(r)) } : undefined),
    [api, me, t, lang],
  );

  const localBar = local && (
    <div className={styles.local} role="region" aria-label={t('local.badge')}>
      <Badge appearance="filled" color="warning" size="large">
        {t('local.badge')}
      </Badge>
      <Text>{typeof me === 'object' ? t('local.signedInAs', { name: me.name ?? me.id }) : ''}</Text>
      <LocalSettings t={t} lang={lang} setLang={local.setLang} theme={local.theme} setTheme={local.setTheme} />
      <Button size="small" onClick={local.signOut}>
        {t('local.switch')}
      </Button>
    </div>
  );

  if (me === undefined) return <Spinner label={t('app.loading')} style={{ marginTop: 48 }} />;
  if (!shell) {
    return (
      <>
        {localBar}
        <main className={styles.main}>
          <MessageBar intent={me === 'forbidden' ? 'warning' : 'error'}>
            <MessageBarBody>{me === 'forbidden' ? t('errors.noRole') : t('errors.unavailable')}</MessageBarBody>
          </MessageBar>
        </main>
      </>
    );
  }
  const entries = NAV.filter((n) => n.visible(shell.me));
  // Opened at its start, the tab shows the first page this person may use (a billing admin: the composer).
  const route: Route = hashRoute.home && entries.length > 0 && !entries.some((e) => e.page === 'queue') ? entries[0].route : hashRoute;
  const selected = SECTION[route.page] ?? route.page;
  let page;
  if (!entries.some((e) => e.page === selected)) {
    page = (
      <MessageBar intent="warning">
        <MessageBarBody>{t('errors.noRole')}</MessageBarBody>
      </MessageBar>
    );
  } else if (route.page === 'ticket') page = <TicketPage number={route.number} />;
  else if (route.page === 'dashboard')
    page = (
      <Suspense fallback={<Spinner label={t('app.loading')} />}>
        <DashboardPage />
      </Suspense>
    );
  else if (route.page === 'remind') page = <ComposerPage />;
  else if (route.page === 'campaigns') page = <CampaignsPage />;
  else if (route.page === 'campaign') page = <CampaignPage id={route.id} />;
  else page = <QueuePage />;

  return (
    <ShellContext.Provider value={shell}>
      {localBar}
      <header className={styles.header}>
        <Text as="h1" weight="semibold" size={500} className={styles.title}>
          {t('app.title')}
        </Text>
        <nav aria-label={t('nav.label')}>
          <TabList selectedValue={selected} onTabSelect={(_, d) => shell.navigate(entries.find((e) => e.page === d.value)!.route)}>
            {entries.map((e) => (
              <Tab key={e.page} value={e.page}>
                {t(e.label)}
              </Tab>
            ))}
          </TabList>
        </nav>
        {!local && <Text className={styles.who}>{shell.me.name ?? ''}</Text>}
      </header>
      <main className={styles.main}>{page}</main>
    </ShellContext.Provider>
  );
}
