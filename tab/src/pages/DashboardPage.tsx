/**
 * Admins' dashboard: open tickets now, and the last 30 days in the partner's time zone — tickets
 * opened and resolved per day, SLA attainment, CSAT, the support-terms sections answered most with
 * their helpful share, and reminder campaigns' delivery and acknowledgement. Charts are Fluent UI's
 * own v9 charts (@fluentui/react-charts), colored with the theme's tokens so they follow the Teams
 * theme; every chart's numbers are also a table (see Figure).
 */
import { Card, makeStyles, MessageBar, MessageBarBody, Spinner, Switch, Text, tokens } from '@fluentui/react-components';
import { GroupedVerticalBarChart, HorizontalBarChart, LineChart, VerticalBarChart } from '@fluentui/react-charts';
import { useState } from 'react';
import type { DashboardData, SlaFigure } from '../../../bot/tab/types';
import { Figure } from '../components/dashboard/Figure';
import { formatDay, formatWhen } from '../i18n';
import { usePoll, useShell } from '../shell';

const useStyles = makeStyles({
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', justifyContent: 'space-between', gap: '8px', marginBottom: '12px' },
  tiles: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))', gap: '12px', marginBottom: '24px' },
  tile: { padding: '16px' },
  figure: { fontSize: tokens.fontSizeHero800, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightHero800 },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))', gap: '16px' },
  wide: { gridColumn: '1 / -1' },
});

/** Series colors: the theme's own tokens (CSS variables), so light, dark and high contrast each get theirs. */
const COLOR = {
  opened: tokens.colorBrandBackground,
  resolved: tokens.colorPaletteGreenForeground1,
  met: tokens.colorPaletteGreenForeground1,
  helpful: tokens.colorPaletteGreenForeground1,
  rating: tokens.colorBrandBackground,
  delivery: tokens.colorBrandBackground,
  ack: tokens.colorPaletteGreenForeground1,
};

const DAYS = 30;

export function DashboardPage() {
  const { api, t, lang } = useShell();
  const styles = useStyles();
  const [tablesShown, setTablesShown] = useState(false);
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
  const culture = lang === 'tr' ? 'tr-TR' : 'en-GB';
  const num = (n: number) => n.toLocaleString(culture);
  const pct = (r: number | null) =>
    r === null ? t('dashboard.none') : new Intl.NumberFormat(culture, { style: 'percent', maximumFractionDigits: 0 }).format(r);
  // Counts are whole numbers: the axis leaves out the in-between ticks d3 picks for small ranges.
  const wholeTicks = (v: number) => (Number.isInteger(v) ? num(v) : '');
  const open = d.openByPriority.high + d.openByPriority.normal + d.openByPriority.low;
  const plus = d.capped ? '+' : '';
  const tiles: [string, string][] = [
    [t('dashboard.open'), `${open}${plus}`],
    [t('dashboard.breached'), `${d.breached}${plus}`],
    [t('dashboard.nearBreach'), `${d.nearBreach}${plus}`],
    [t('dashboard.unassigned'), `${d.unassigned}${plus}`],
    [t('dashboard.csat'), d.csat.average === null ? t('dashboard.none') : d.csat.average.toLocaleString(culture)],
    [`${t('dashboard.sla')}: ${t('dashboard.firstResponse')}`, pct(d.sla.firstResponse.rate)],
  ];
  const common = { tablesShown };
  const chartOf = (title: string) => t('dashboard.chartOf', { title });
  const day = (date: string) => formatDay(date, lang);
  // Noon of the local date: the axis shows that calendar day in any browser zone near the partner's.
  const dateOf = (date: string) => new Date(`${date}T12:00:00`);

  const slaRows: [string, SlaFigure][] = [
    [t('dashboard.firstResponse'), d.sla.firstResponse],
    [t('dashboard.resolution'), d.sla.resolution],
  ];
  const priorities = (['high', 'normal', 'low'] as const).map((p) => ({ label: t(`tickets:priority.${p}`), value: d.openByPriority[p] }));
  const stars = [5, 4, 3, 2, 1].map((s) => ({ label: t('dashboard.stars', { count: s }), value: d.csat.distribution[s - 1] }));
  const campaignName = (c: DashboardData['campaigns'][number]) =>
    `${t(`reminders:templateName.${c.template}`)} · ${formatWhen(c.createdAt, lang)}`;

  return (
    <section aria-labelledby="dashboard-title">
      <div className={styles.head}>
        <div>
          <Text as="h2" id="dashboard-title" size={600} weight="semibold" block>
            {t('dashboard.title')}
          </Text>
          <Text size={200}>{t('dashboard.window', { days: DAYS, timeZone: d.timeZone })}</Text>
        </div>
        <Switch checked={tablesShown} onChange={(_, data) => setTablesShown(data.checked)} label={t('dashboard.showTables')} />
      </div>
      {d.windowCapped ? (
        <MessageBar intent="warning" style={{ marginBottom: 12 }}>
          <MessageBarBody>{t('dashboard.atLeast')}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={styles.tiles}>
        {tiles.map(([label, value]) => (
          <Card key={label} className={styles.tile}>
            <Text>{label}</Text>
            <Text className={styles.figure}>{value}</Text>
          </Card>
        ))}
      </div>
      <div className={styles.grid}>
        <div className={styles.wide}>
          <Figure
            {...common}
            id="daily"
            title={t('dashboard.daily')}
            empty={d.daily.every((x) => x.opened === 0 && x.resolved === 0) ? t('dashboard.noTickets') : undefined}
            chartLabel={chartOf(t('dashboard.daily'))}
            chart={
              <LineChart
                culture={culture}
                height={260}
                yAxisTickFormat={wholeTicks}
                data={{
                  chartTitle: t('dashboard.daily'),
                  lineChartData: [
                    { legend: t('dashboard.opened'), color: COLOR.opened, data: d.daily.map((x) => ({ x: dateOf(x.date), y: x.opened })) },
                    {
                      legend: t('dashboard.resolved'),
                      color: COLOR.resolved,
                      data: d.daily.map((x) => ({ x: dateOf(x.date), y: x.resolved })),
                    },
                  ],
                }}
              />
            }
            table={{
              caption: t('dashboard.daily'),
              columns: [t('dashboard.date'), t('dashboard.opened'), t('dashboard.resolved')],
              rows: d.daily.map((x) => [day(x.date), num(x.opened), num(x.resolved)]),
            }}
          />
        </div>
        <Figure
          {...common}
          id="sla"
          title={t('dashboard.sla')}
          note={t('dashboard.slaNote')}
          empty={slaRows.every(([, f]) => f.rate === null) ? t('dashboard.noSla') : undefined}
          chartLabel={chartOf(t('dashboard.sla'))}
          chart={
            <HorizontalBarChart
              culture={culture}
              chartDataMode="percentage"
              data={slaRows.map(([label, f]) => ({
                chartTitle: label,
                chartData: [
                  {
                    legend: t('dashboard.met'),
                    horizontalBarChartdata: { x: f.met, total: Math.max(1, f.met + f.missed) },
                    color: COLOR.met,
                  },
                ],
              }))}
            />
          }
          table={{
            caption: t('dashboard.sla'),
            columns: ['', t('dashboard.met'), t('dashboard.missed'), t('dashboard.pending'), t('dashboard.attainment')],
            rows: slaRows.map(([label, f]) => [label, num(f.met), num(f.missed), num(f.pending), pct(f.rate)]),
          }}
        />
        <Figure
          {...common}
          id="priority"
          title={t('dashboard.byPriority')}
          empty={open === 0 ? t('dashboard.noOpen') : undefined}
          chartLabel={chartOf(t('dashboard.byPriority'))}
          chart={
            <VerticalBarChart
              culture={culture}
              height={220}
              hideLegend
              yAxisTickFormat={wholeTicks}
              data={priorities.map((p) => ({ x: p.label, y: p.value, legend: p.label, color: COLOR.opened }))}
            />
          }
          table={{
            caption: t('dashboard.byPriority'),
            columns: [t('queue.priority'), t('dashboard.open')],
            rows: priorities.map((p) => [p.label, `${num(p.value)}${plus}`]),
          }}
        />
        <Figure
          {...common}
          id="csat"
          title={t('dashboard.csatDistribution')}
          note={t('dashboard.csatCount', { count: d.csat.count, days: DAYS })}
          empty={d.csat.count === 0 ? t('dashboard.noRatings') : undefined}
          chartLabel={chartOf(t('dashboard.csatDistribution'))}
          chart={
            <VerticalBarChart
              culture={culture}
              height={220}
              hideLegend
              yAxisTickFormat={wholeTicks}
              data={stars.map((s) => ({ x: s.label, y: s.value, legend: s.label, color: COLOR.rating }))}
            />
          }
          table={{
            caption: t('dashboard.csatDistribution'),
            columns: [t('dashboard.score'), t('dashboard.ratings')],
            rows: [
              ...stars.map((s) => [s.label, num(s.value)]),
              [t('dashboard.csat'), d.csat.average === null ? t('dashboard.none') : d.csat.average.toLocaleString(culture)],
            ],
          }}
        />
        <Figure
          {...common}
          id="sections"
          title={t('dashboard.sections')}
          note={t('dashboard.sectionsNote')}
          chartLabel={chartOf(t('dashboard.sections'))}
          empty={d.sections.length === 0 ? t('dashboard.noSections') : undefined}
          chart={
            <HorizontalBarChart
              culture={culture}
              chartDataMode="percentage"
              data={d.sections.map((s) => ({
                chartTitle: `${s.title} (${t('dashboard.answers')}: ${num(s.answers)})`,
                chartData: [
                  {
                    legend: t('dashboard.helpful'),
                    horizontalBarChartdata: { x: s.helpful, total: Math.max(1, s.helpful + s.notHelpful) },
                    color: COLOR.helpful,
                  },
                ],
              }))}
            />
          }
          table={{
            caption: t('dashboard.sections'),
            columns: [
              t('dashboard.section'),
              t('dashboard.answers'),
              t('dashboard.helpful'),
              t('dashboard.notHelpful'),
              t('dashboard.helpfulRate'),
            ],
            rows: d.sections.map((s) => [s.title, num(s.answers), num(s.helpful), num(s.notHelpful), pct(s.helpfulRate)]),
          }}
        />
        <Figure
          {...common}
          id="campaigns"
          title={t('dashboard.campaigns')}
          note={t('dashboard.campaignsNote')}
          chartLabel={chartOf(t('dashboard.campaigns'))}
          empty={d.campaigns.length === 0 ? t('dashboard.noCampaigns') : undefined}
          chart={
            <GroupedVerticalBarChart
              culture={culture}
              height={240}
              yMaxValue={100}
              data={d.campaigns.map((c) => ({
                name: campaignName(c),
                series: [
                  {
                    key: 'delivery',
                    legend: t('dashboard.deliveryRate'),
                    data: Math.round((c.deliveryRate ?? 0) * 100),
                    color: COLOR.delivery,
                  },
                  { key: 'ack', legend: t('dashboard.ackRate'), data: Math.round((c.acknowledgementRate ?? 0) * 100), color: COLOR.ack },
                ],
              }))}
            />
          }
          table={{
            caption: t('dashboard.campaigns'),
            columns: [
              t('dashboard.campaign'),
              t('dashboard.recipients'),
              t('dashboard.delivered'),
              t('dashboard.notDelivered'),
              t('dashboard.acknowledged'),
              t('dashboard.deliveryRate'),
              t('dashboard.ackRate'),
            ],
            rows: d.campaigns.map((c) => [
              campaignName(c),
              num(c.recipients),
              num(c.sent),
              num(c.notDelivered),
              num(c.acknowledged),
              pct(c.deliveryRate),
              pct(c.acknowledgementRate),
            ]),
          }}
        />
      </div>
    </section>
  );
}
