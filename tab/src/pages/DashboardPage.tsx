/** Admins' overview: open tickets by priority, SLA breaches, and customer satisfaction; every figure also as a table. */
import {
  Card,
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
import type { DashboardData } from '../../../bot/tab/types';
import { usePoll, useShell } from '../shell';

const useStyles = makeStyles({
  tiles: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))', gap: '12px', marginBottom: '24px' },
  tile: { padding: '16px' },
  figure: { fontSize: tokens.fontSizeHero800, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightHero800 },
  columns: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: '24px' },
  bars: { display: 'flex', flexDirection: 'column', gap: '6px', margin: '8px 0 12px' },
  bar: { display: 'grid', gridTemplateColumns: '90px 1fr 48px', alignItems: 'center', gap: '8px' },
  track: { height: '14px', backgroundColor: tokens.colorNeutralBackground3, borderRadius: tokens.borderRadiusSmall, overflow: 'hidden' },
  fill: { height: '100%', backgroundColor: tokens.colorBrandBackground },
});

function Bars({ rows, title }: { rows: { label: string; value: number }[]; title: string }) {
  const styles = useStyles();
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <>
      <div className={styles.bars} aria-hidden="true">
        {rows.map((r) => (
          <div key={r.label} className={styles.bar}>
            <Text size={200}>{r.label}</Text>
            <div className={styles.track}>
              <div className={styles.fill} style={{ width: `${(100 * r.value) / max}%` }} />
            </div>
            <Text size={200}>{r.value}</Text>
          </div>
        ))}
      </div>
      <Table size="extra-small" aria-label={title}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{title}</TableHeaderCell>
            <TableHeaderCell>#</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.label}>
              <TableCell>{r.label}</TableCell>
              <TableCell>{r.value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}

export function DashboardPage() {
  const { api, t, lang } = useShell();
  const styles = useStyles();
  const polled = usePoll(() => api.get<DashboardData>('dashboard'), 'dashboard', 30_000);
  const d = polled.data;
  if (!d) {
    return polled.error !== undefined ? (
      <MessageBar intent="error">
        <MessageBarBody>{t('errors.unavailable')}</MessageBarBody>
      </MessageBar>
    ) : (
      <Spinner label={t('app.loading')} />
    );
  }
  const open = d.openByPriority.high + d.openByPriority.normal + d.openByPriority.low;
  const plus = d.capped ? '+' : '';
  const tiles: [string, string][] = [
    [t('dashboard.open'), `${open}${plus}`],
    [t('dashboard.breached'), `${d.breached}${plus}`],
    [t('dashboard.nearBreach'), `${d.nearBreach}${plus}`],
    [t('dashboard.unassigned'), `${d.unassigned}${plus}`],
    [t('dashboard.csat'), d.csat.average === null ? '—' : d.csat.average.toLocaleString(lang === 'tr' ? 'tr-TR' : 'en-GB')],
  ];
  return (
    <section aria-labelledby="dashboard-title">
      <Text as="h2" id="dashboard-title" size={600} weight="semibold" block style={{ marginBottom: 12 }}>
        {t('dashboard.title')}
      </Text>
      <div className={styles.tiles}>
        {tiles.map(([label, value]) => (
          <Card key={label} className={styles.tile}>
            <Text>{label}</Text>
            <Text className={styles.figure}>{value}</Text>
          </Card>
        ))}
      </div>
      <div className={styles.columns}>
        <div>
          <Text as="h3" size={500} weight="semibold">
            {t('dashboard.byPriority')}
          </Text>
          <Bars
            title={t('queue.priority')}
            rows={(['high', 'normal', 'low'] as const).map((p) => ({ label: t(`tickets:priority.${p}`), value: d.openByPriority[p] }))}
          />
        </div>
        <div>
          <Text as="h3" size={500} weight="semibold">
            {t('dashboard.csatDistribution')}
          </Text>
          <Text size={200} block>
            {t('dashboard.csatSample', { count: d.csat.count, sample: d.csat.sample })}
          </Text>
          <Bars title={t('dashboard.score')} rows={d.csat.distribution.map((value, i) => ({ label: `${i + 1} ★`, value })).reverse()} />
        </div>
      </div>
    </section>
  );
}
