/**
 * The admins' dashboard: now (open tickets), and the last WINDOW_DAYS days in the partner's time
 * zone (tickets opened and resolved per day, SLA attainment, CSAT, the sections answered most and
 * their verdicts, reminder campaigns' delivery and acknowledgement).
 *
 * No read of every ticket: each figure comes from store queries ordered newest first on the date
 * it is about (createdAt, resolvedAt, the answer's or verdict's time), so the window is a prefix of
 * the result. A query asks for a small number first and more only while the oldest document it got
 * is still inside the window (READ_STEPS), so a load reads about as many documents as the window
 * holds, never more than the last step; reaching it says "at least" (`windowCapped`).
 */
import { answerStats } from '../conversation/answerStats';
import type { Deps } from '../deps';
import { localDateOf, zonedTime } from '../knowledge/hours';
import type { SectionId } from '../knowledge/terms';
import type { Language } from '../platform/config';
import type { FindOptions, Versioned } from '../platform/store/types';
import { isOpenStatus, OPEN_STATUSES, Ticket, TICKET_STATUSES } from '../tickets/domain/model';
import type { SlaRules } from '../tickets/domain/sla';
import { slaState } from './views';
import type { TabCall, TabResponse } from './call';
import type { DashboardCampaign, DashboardData, DashboardSection, SlaFigure, TabPriority } from './types';

export const WINDOW_DAYS = 30;
/** Documents a window query asks for, step by step while the window goes on (the last is the most ever read). */
export const READ_STEPS = [200, 1000, 4000] as const;
/** Open tickets counted per priority at most; beyond, "at least". */
const OPEN_SCAN = 2000;
const SECTIONS_SHOWN = 8;
const CAMPAIGNS_SHOWN = 10;
const PRIORITIES: readonly TabPriority[] = ['high', 'normal', 'low'];

/** What the dashboard reads: the ticket service, the store (answers), reminders, the terms (hours, section titles). */
export type DashboardSources = Pick<Deps, 'tickets' | 'store' | 'reminders' | 'hours' | 'terms'>;

/** The window's local dates, oldest first, ending with today's, and the instant the first one starts. */
export function windowDays(now: Date, timeZone: string, days = WINDOW_DAYS): { dates: string[]; since: Date } {
  const [y, m, d] = localDateOf(now, timeZone).split('-').map(Number);
  const dates: string[] = [];
  for (let i = days - 1; i >= 0; i--) dates.push(new Date(Date.UTC(y, m - 1, d - i)).toISOString().slice(0, 10));
  const [fy, fm, fd] = dates[0].split('-').map(Number);
  return { dates, since: zonedTime(fy, fm, fd, 0, timeZone) };
}

/** Newest-first documents down to `since` (by `field`), asking for more only while the window goes on. */
async function readWindow(
  sources: DashboardSources,
  options: FindOptions & { orderBy: { field: keyof Ticket & string } },
  since: string,
): Promise<{ docs: Versioned<Ticket>[]; capped: boolean }> {
  const coll = sources.store.collection<Ticket>('tickets');
  const field = options.orderBy.field;
  const dateOf = (d: Versioned<Ticket>) => (d.value[field] as string | null) ?? '';
  for (const limit of READ_STEPS) {
    const docs = await coll.find(undefined, { ...options, orderBy: { field, desc: true }, limit });
    const goesOn = docs.length >= limit && dateOf(docs[docs.length - 1]) >= since;
    if (!goesOn) return { docs: docs.filter((d) => dateOf(d) >= since), capped: false };
    if (limit === READ_STEPS[READ_STEPS.length - 1]) return { docs, capped: true };
  }
  return { docs: [], capped: false };
}

const figure = (met: number, missed: number, pending: number): SlaFigure => ({
  met,
  missed,
  pending,
  rate: met + missed > 0 ? met / (met + missed) : null,
});

/** First response: within the target in business hours from opening (before it, nothing can pause the clock). */
function firstResponseOutcome(t: Ticket, now: Date, rules: SlaRules): 'met' | 'missed' | 'pending' {
  const due = rules.clock.addBusinessHours(new Date(t.createdAt), t.sla.targetHours);
  if (t.sla.firstResponseAt) return Date.parse(t.sla.firstResponseAt) <= due.getTime() ? 'met' : 'missed';
  return now.getTime() > due.getTime() ? 'missed' : 'pending';
}

async function openNow(sources: DashboardSources, now: Date) {
  const open = await Promise.all(
    PRIORITIES.map((priority) => sources.tickets.queuePage({ statuses: OPEN_STATUSES, priority, offset: 0, size: OPEN_SCAN })),
  );
  const out = {
    openByPriority: { high: open[0].items.length, normal: open[1].items.length, low: open[2].items.length },
    breached: 0,
    nearBreach: 0,
    unassigned: 0,
    capped: open.some((p) => p.hasMore),
  };
  for (const doc of open.flatMap((p) => p.items)) {
    const s = slaState(doc.value, now);
    if (s === 'breached') out.breached++;
    if (s === 'near') out.nearBreach++;
    if (!doc.value.assignee) out.unassigned++;
  }
  return out;
}

async function campaignsSince(sources: DashboardSources, since: Date): Promise<DashboardCampaign[]> {
  const recent = (await sources.reminders.list(CAMPAIGNS_SHOWN)).filter((c) => Date.parse(c.createdAt) >= since.getTime());
  return Promise.all(
    recent.map(async (c) => {
      const n = await sources.reminders.counts(c.id);
      const notDelivered = n.blocked + n.not_found + n.failed;
      return {
        id: c.id,
        template: c.template,
        createdAt: c.createdAt,
        status: c.status,
        recipients: c.recipients,
        sent: n.sent,
        notDelivered,
        pending: n.pending,
        acknowledged: n.acknowledged,
        deliveryRate: n.sent + notDelivered > 0 ? n.sent / (n.sent + notDelivered) : null,
        acknowledgementRate: n.sent > 0 ? n.acknowledged / n.sent : null,
      };
    }),
  );
}

async function sectionsSince(sources: DashboardSources, since: Date, lang: Language) {
  const stats = await answerStats(sources.store).since(since, READ_STEPS[READ_STEPS.length - 1]);
  const titles = sources.terms.documents[lang].sections as Record<string, { title: string } | undefined>;
  const sections: DashboardSection[] = [...stats.bySection.entries()]
    .map(([id, s]: [SectionId, { answers: number; helpful: number; notHelpful: number }]) => ({
      id,
      title: titles[id]?.title ?? id,
      ...s,
      helpfulRate: s.helpful + s.notHelpful > 0 ? s.helpful / (s.helpful + s.notHelpful) : null,
    }))
    .sort((a, b) => b.answers - a.answers || b.helpful + b.notHelpful - (a.helpful + a.notHelpful) || a.id.localeCompare(b.id))
    .slice(0, SECTIONS_SHOWN);
  return { sections, capped: stats.capped };
}

/** The dashboard's figures at `now`, section titles in `lang`. */
export async function dashboardData(sources: DashboardSources, now: Date, lang: Language): Promise<DashboardData> {
  const timeZone = sources.hours.timeZone;
  const { dates, since } = windowDays(now, timeZone);
  const from = since.toISOString();
  const rules = sources.tickets.options;
  const [current, opened, resolved, sections, campaigns] = await Promise.all([
    openNow(sources, now),
    // Every stored status: so the customers' recent-question documents kept in the same collection never match.
    readWindow(sources, { whereIn: { field: 'status', values: [...TICKET_STATUSES] }, orderBy: { field: 'createdAt' } }, from),
    readWindow(sources, { whereIn: { field: 'status', values: ['resolved', 'closed'] }, orderBy: { field: 'resolvedAt' } }, from),
    sectionsSince(sources, since, lang),
    campaignsSince(sources, since),
  ]);

  const perDay = new Map(dates.map((date) => [date, { date, opened: 0, resolved: 0 }]));
  const first = { met: 0, missed: 0, pending: 0 };
  const resolution = { met: 0, missed: 0, pending: 0 };
  for (const { value: t } of opened.docs) {
    const day = perDay.get(localDateOf(new Date(t.createdAt), timeZone));
    if (day) day.opened++;
    first[firstResponseOutcome(t, now, rules)]++;
    // Open tickets of the window: missed once the clock breached, else still pending.
    if (isOpenStatus(t.status)) resolution[t.sla.breachedAt || slaState(t, now) === 'breached' ? 'missed' : 'pending']++;
  }
  const csat: DashboardData['csat'] = { average: null, count: 0, distribution: [0, 0, 0, 0, 0] };
  let sum = 0;
  for (const { value: t } of resolved.docs) {
    const day = t.resolvedAt ? perDay.get(localDateOf(new Date(t.resolvedAt), timeZone)) : undefined;
    if (day) day.resolved++;
    resolution[t.sla.breachedAt ? 'missed' : 'met']++;
    const score = t.rating?.score;
    if (score && score >= 1 && score <= 5) {
      csat.distribution[score - 1]++;
      csat.count++;
      sum += score;
    }
  }
  if (csat.count > 0) csat.average = Math.round((sum / csat.count) * 100) / 100;
  return {
    timeZone,
    daily: [...perDay.values()],
    ...current,
    windowCapped: opened.capped || resolved.capped || sections.capped,
    sla: {
      firstResponse: figure(first.met, first.missed, first.pending),
      resolution: figure(resolution.met, resolution.missed, resolution.pending),
    },
    csat,
    sections: sections.sections,
    campaigns,
  };
}

/** GET /api/tab/dashboard (admins; the route checks the role). */
export async function dashboard(c: TabCall): Promise<TabResponse> {
  return { status: 200, body: await dashboardData(c.deps, c.deps.tickets.now(), c.lang) };
}
