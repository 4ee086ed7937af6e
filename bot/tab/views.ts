/** Tickets as the tab's API sends them: no outbox, lease or conversation references, only what staff read. */
import { Versioned } from '../platform/store/types';
import { Ticket } from '../tickets/domain/model';
import { agentButtons, canWorkTickets } from '../tickets/domain/policy';
import type { QueueItem, SlaState, TabPerson, TicketDetail } from './types';

/** Due within this long counts as near breach. */
export const NEAR_BREACH_MS = 60 * 60_000;
const SUMMARY_CHARS = 140;

function person(p: { id: string; name?: string } | null | undefined): TabPerson | null {
  return p ? { id: p.id, name: p.name ?? null } : null;
}

/** Where the SLA clock stands at `now`. */
export function slaState(t: Ticket, now: Date): SlaState {
  if (t.status === 'resolved' || t.status === 'closed') return 'stopped';
  if (!t.sla.dueAt) return t.sla.breachedAt ? 'breached' : 'paused';
  const left = Date.parse(t.sla.dueAt) - now.getTime();
  if (left < 0 || t.sla.breachedAt) return 'breached';
  return left <= NEAR_BREACH_MS ? 'near' : 'ok';
}

export function queueItem(doc: Versioned<Ticket>, status: Ticket['status'], now: Date): QueueItem {
  const t = doc.value;
  const words = t.question.replace(/\s+/g, ' ').trim();
  return {
    number: t.number,
    status,
    priority: t.priority,
    customerName: t.customerName,
    customerStatus: t.customerStatus,
    requester: person(t.requester) ?? { id: t.requesterKey, name: null },
    product: t.product,
    topic: t.topic,
    summary: words.length > SUMMARY_CHARS ? `${words.slice(0, SUMMARY_CHARS - 1)}…` : words,
    assignee: person(t.assignee),
    slaDueAt: t.sla.dueAt,
    sla: slaState(t, now),
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

/** `sectionTitle`: the support-terms section's heading in the reader's language (null when none). */
export function ticketDetail(
  doc: Versioned<Ticket>,
  status: Ticket['status'],
  now: Date,
  roles: readonly string[],
  sectionTitle: string | null = null,
): TicketDetail {
  const t = doc.value;
  const m = t.microsoft;
  return {
    ...queueItem(doc, status, now),
    question: t.question,
    section: t.section,
    sectionTitle,
    locale: t.locale,
    resolution: t.resolution,
    resolvedAt: t.resolvedAt,
    reopenCount: t.reopenCount,
    revision: t.revision,
    slaTargetHours: t.sla.targetHours,
    slaBreachedAt: t.sla.breachedAt,
    firstResponseAt: t.sla.firstResponseAt,
    microsoft: m
      ? {
          route: m.route,
          plan: m.plan,
          severity: m.severity,
          caseNumber: m.caseNumber,
          expectedResponseBy: m.expectedResponseBy,
          escalatedAt: m.escalatedAt,
          by: person(m.by) ?? { id: '', name: null },
        }
      : null,
    rating: t.rating
      ? { score: t.rating.score, comment: t.rating.comment, at: t.rating.at, changedFrom: t.rating.changedFrom ?? null }
      : null,
    messages: t.messages.map((x) => ({ from: x.from, by: person(x.by) ?? { id: '', name: null }, text: x.text, at: x.at })),
    audit: t.audit.map((a) => ({
      at: a.at,
      action: a.action,
      outcome: a.outcome,
      by: { kind: a.by.kind, id: a.by.id, name: a.by.name ?? null },
      reason: a.reason ?? null,
      detail: a.detail ?? {},
    })),
    auditDropped: t.auditDropped,
    people: knownPeople(t),
    channelCardSynced: t.thread ? t.thread.syncedRevision >= t.revision : null,
    actions: agentButtons(canWorkTickets(roles), t, status),
  };
}

/** The names the ticket itself holds for people (requester, assignee, authors, escalation, audit), by id. */
export function knownPeople(t: Ticket): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (p: { id: string; name?: string } | null | undefined) => {
    if (p?.id && p.name) out[p.id] = p.name;
  };
  [t.requester, t.assignee, t.microsoft?.by, t.rating?.by, ...t.messages.map((m) => m.by), ...t.audit.map((a) => a.by)].forEach(add);
  return out;
}

/** Object ids the audit's details name (assignees) that the ticket holds no name for. */
export function unnamedAuditIds(detail: Pick<TicketDetail, 'audit' | 'people'>): string[] {
  const ids = new Set<string>();
  for (const a of detail.audit)
    for (const k of ['assignee', 'previousAssignee']) {
      const v = a.detail[k];
      if (typeof v === 'string' && !detail.people[v]) ids.add(v);
    }
  return [...ids];
}
