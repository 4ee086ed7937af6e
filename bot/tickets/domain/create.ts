/** A new ticket: priority and SLA from the support terms, the create audit entry, and the channel thread it owes. */
import { clip, LIMITS, OpenInput, PRIORITY_RANK, Ticket } from './model';
import { priorityFor } from './priority';
import { SlaRules, startSla } from './sla';

/** The ticket that `input` opens with `number` at `now`. */
export function newTicket(input: OpenInput, number: number, now: Date, rules: SlaRules, newId: () => string): Ticket {
  const at = now.toISOString();
  const priority = priorityFor(input);
  const sla = startSla(priority, now, rules);
  return {
    number,
    tenantId: input.tenantId,
    customerName: clip(input.customerName, LIMITS.name),
    customerStatus: input.customerStatus ?? null,
    requester: { ...input.requester, name: input.requester.name ? clip(input.requester.name, LIMITS.name) : undefined },
    requesterKey: input.requester.id,
    product: input.product ?? null,
    topic: input.topic ?? null,
    question: clip(input.question, LIMITS.question),
    section: input.section ?? null,
    source: input.source,
    draftKey: input.draftKey,
    requestIds: input.requestId ? [input.requestId] : [],
    locale: input.locale,
    priority,
    priorityRank: PRIORITY_RANK[priority],
    status: 'new',
    assignee: null,
    sla,
    slaDueAt: sla.dueAt,
    microsoft: null,
    resolution: null,
    resolvedAt: null,
    rating: null,
    reopenCount: 0,
    messages: [],
    audit: [
      {
        at,
        action: 'create',
        outcome: 'done',
        by: { kind: 'customer', id: input.requester.id, name: input.requester.name, tenantId: input.tenantId },
        detail: { number, priority, source: input.source, section: input.section ?? null, dueAt: sla.dueAt },
      },
    ],
    auditDropped: 0,
    outbox: [{ id: newId(), kind: 'thread', at, attempts: 0 }],
    thread: null,
    adminsToldAt: null,
    revision: 1,
    needsSync: true,
    lease: null,
    createdAt: at,
    updatedAt: at,
  };
}
