/**
 * Tickets: what a customer could not solve with the bot, worked by helpdesk agents.
 *
 * One document per ticket in the `tickets` collection, partitioned by the customer's tenant id.
 * Everything about a ticket lives in that document and changes with one conditional write:
 * state, SLA clock, conversation, audit trail (refused attempts too) and the outbox of messages
 * the change owes to people. So an audit entry or a notification can never be lost apart from
 * the change that caused it. Numbers come from a counter document and are never reused.
 */
import { createHash, randomUUID } from 'node:crypto';
import { foldText } from '../platform/text';
import { Language } from '../platform/config';
import { ConflictError, NotFoundError, PreconditionFailedError, Store, updateWithRetry, Versioned } from '../platform/store/types';
import { CustomerStatus } from '../customers/directory';
import { Role } from '../roles/service';
import { BusinessClock } from './domain/sla';
import { Priority } from '../knowledge/terms';

export type { Priority } from '../knowledge/terms';

export const TICKET_STATUSES = ['new', 'assigned', 'waitingOnCustomer', 'waitingOnMicrosoft', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses in which the partner still owes work; the queue shows these. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'assigned', 'waitingOnCustomer', 'waitingOnMicrosoft'];
/** Statuses in which the SLA clock is paused: the ball is with someone else. */
const PAUSED_STATUSES: readonly TicketStatus[] = ['waitingOnCustomer', 'waitingOnMicrosoft'];

export const PRIORITY_RANK: Record<Priority, number> = { high: 0, normal: 1, low: 2 };

export const MICROSOFT_ROUTES = ['commercial', 'technical'] as const;
export type MicrosoftRoute = (typeof MICROSOFT_ROUTES)[number];
/** Technical support plans: Premier Support for Partners, Advanced Support for Partners, Signature Cloud Support. */
export const MICROSOFT_PLANS = ['psfp', 'asfp', 'signature'] as const;
export type MicrosoftPlan = (typeof MICROSOFT_PLANS)[number];
export const MICROSOFT_SEVERITIES = ['A', 'B', 'C'] as const;
export type MicrosoftSeverity = (typeof MICROSOFT_SEVERITIES)[number];
/** Microsoft's expected first response on a partner's technical case, in hours. */
export const MICROSOFT_FIRST_RESPONSE_HOURS: Record<MicrosoftSeverity, number> = { A: 2, B: 4, C: 8 };

/** Limits on what a ticket keeps; bounded so a document stays far below the store's size limit. */
export const LIMITS = {
  question: 4000,
  message: 2000,
  resolution: 2000,
  comment: 1000,
  caseNumber: 40,
  messagesKept: 100,
  auditKept: 400,
  name: 200,
} as const;

const OUTBOX_MAX_ATTEMPTS = 10;

export interface PersonRef {
  id: string;
  name?: string;
}

export interface Requester extends PersonRef {
  /** Teams channel user id (29:…), for mentions and refresh lists. */
  channelUserId?: string;
  /** Where the customer asked: the Bot Framework conversation reference (opaque JSON). */
  conversationReference?: Record<string, unknown>;
}

export interface SlaClock {
  /** Business hours the partner promised for this priority. */
  targetHours: number;
  startedAt: string;
  /** When the partner must have answered; null while paused or stopped. */
  dueAt: string | null;
  pausedAt: string | null;
  /** Business time left when the clock was paused. */
  remainingMs: number | null;
  stoppedAt: string | null;
  /** When the due time passed unanswered (first time); null when it never did. */
  breachedAt: string | null;
  /** First time a person answered the customer (reply, Microsoft escalation or resolve). */
  firstResponseAt: string | null;
}

export interface MicrosoftEscalation {
  route: MicrosoftRoute;
  plan: MicrosoftPlan | null;
  severity: MicrosoftSeverity;
  caseNumber: string;
  /** Expected first response of Microsoft (technical cases), wall-clock. */
  expectedResponseBy: string | null;
  escalatedAt: string;
  by: PersonRef;
}

export interface TicketMessage {
  id: string;
  from: 'agent' | 'customer';
  by: PersonRef;
  text: string;
  at: string;
}

export interface Rating {
  score: number;
  comment: string | null;
  at: string;
  by: PersonRef;
}

export type AuditOutcome = 'done' | 'refused' | 'lost';

export interface AuditEntry {
  at: string;
  /** What was attempted: a verb (claim, reply, …) or an internal event (delivery, sync). */
  action: string;
  outcome: AuditOutcome;
  by: { kind: Actor['kind']; id: string; name?: string; tenantId?: string };
  reason?: RefusalReason;
  /** Small facts of the change: from/to status, assignee, message id, case number … */
  detail?: Record<string, string | number | boolean | null>;
}

/** What a change still owes to people: sent after the write, removed once delivered. */
export type OutboxItem = { id: string; at: string; attempts: number; notBefore?: string } & (
  | { kind: 'thread' }
  | { kind: 'customer'; event: CustomerEvent; messageId?: string }
  | { kind: 'threadNote'; note: ThreadNote; messageId?: string }
);
export type CustomerEvent = 'claimed' | 'reply' | 'microsoft' | 'resolved' | 'reopened';
export type ThreadNote = 'customerMessage' | 'agentReply' | 'rated' | 'reopenedByCustomer';

/** The escalation card's thread in the agents' channel. */
export interface ChannelThread {
  conversationId: string;
  activityId: string;
  serviceUrl: string;
  /** The channel (conversation) the thread lives in; rate limits apply per channel. */
  channelConversationId: string;
  /** Conversation reference of the thread (opaque JSON for the adapter). */
  reference: Record<string, unknown>;
  /** Ticket revision the card in the channel shows. */
  syncedRevision: number;
}

export interface Ticket {
  number: number;
  tenantId: string;
  customerName: string;
  customerStatus: CustomerStatus | null;
  requester: Requester;
  /** Top-level copy of requester.id, for queries. */
  requesterKey: string;
  product: string | null;
  topic: string | null;
  /** The customer's own words. */
  question: string;
  /** The support-terms section the bot had answered with; null when it had none. */
  section: string | null;
  source: 'offer' | 'typed';
  /** The draft id or typed-request key that makes creation idempotent. */
  draftKey: string;
  /** Activity ids that asked for this ticket (redeliveries and double clicks). */
  requestIds: string[];
  locale: Language;
  priority: Priority;
  /** Top-level copy of the priority order, for sorting. */
  priorityRank: number;
  status: TicketStatus;
  assignee: PersonRef | null;
  sla: SlaClock;
  /** Top-level copy of sla.dueAt, for sorting the queue. */
  slaDueAt: string | null;
  microsoft: MicrosoftEscalation | null;
  resolution: string | null;
  resolvedAt: string | null;
  rating: Rating | null;
  reopenCount: number;
  messages: TicketMessage[];
  audit: AuditEntry[];
  /** Audit entries dropped (oldest refused ones first) to keep the document bounded. */
  auditDropped: number;
  outbox: OutboxItem[];
  thread: ChannelThread | null;
  /** When admins were told in 1:1 that the ticket waits for an escalation channel. */
  adminsToldAt: string | null;
  /** Bumped by every real change (not by audit-only writes): the card shows a revision. */
  revision: number;
  /** True while the outbox has items or the channel card is behind: for the delivery sweep. */
  needsSync: boolean;
  /** One dispatcher at a time per ticket (several instances share the store). */
  lease: { by: string; until: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** Where a ticket is: its partition and id. */
export interface TicketRef {
  tenantId: string;
  id: string;
}

export type Actor =
  | { kind: 'staff'; id: string; name?: string; roles: readonly Role[] }
  | { kind: 'customer'; tenantId: string; id: string; name?: string }
  | { kind: 'unknown'; tenantId: string; id: string; name?: string }
  | { kind: 'system'; id: string };

export type Command =
  | { verb: 'claim' }
  | { verb: 'assign'; assignee: PersonRef }
  | { verb: 'reply'; message: string }
  | { verb: 'resolve'; resolution: string }
  | { verb: 'reopen' }
  | { verb: 'escalateMicrosoft'; route: MicrosoftRoute; plan: MicrosoftPlan | null; severity: MicrosoftSeverity; caseNumber: string }
  | { verb: 'rate'; rating: number; comment: string | null }
  | { verb: 'customerMessage'; text: string };

export type Verb = Command['verb'];

export type RefusalReason =
  | 'notFound'
  | 'forbidden'
  | 'notOpen'
  | 'heldByOther'
  | 'notResolved'
  | 'reopenWindowOver'
  | 'notWaitingOnCustomer'
  | 'invalid'
  | 'conflict';

export type ActResult =
  { ok: true; ticket: Versioned<Ticket>; changed: boolean } | { ok: false; reason: RefusalReason; ticket?: Versioned<Ticket> };

/** Verbs only partner staff with a ticket role may use; the others are the customer's. */
const AGENT_VERBS: readonly Verb[] = ['claim', 'assign', 'reply', 'resolve', 'escalateMicrosoft'];
const CUSTOMER_VERBS: readonly Verb[] = ['rate', 'customerMessage'];
/** Roles that may work tickets. */
export const TICKET_ROLES: readonly Role[] = ['helpdesk-agent', 'admin'];

export function canWorkTickets(roles: readonly Role[]): boolean {
  return roles.some((r) => TICKET_ROLES.includes(r));
}

export function isOpenStatus(s: TicketStatus): boolean {
  return OPEN_STATUSES.includes(s);
}

export interface PriorityInput {
  customerStatus?: CustomerStatus | null;
  section?: string | null;
  topic?: string | null;
  question: string;
}

/** Verbs only the ticket's holder (or anyone while nobody holds it) may use. */
const HOLDER_VERBS: readonly string[] = ['reply', 'resolve', 'escalateMicrosoft'];

const HIGH_SECTIONS = ['suspension', 'reactivation'];
const LOW_SECTIONS = [
  'billing-relationship',
  'support-hours',
  'contact-methods',
  'support-pricing',
  'response-times',
  'tax',
  'non-csp-customers',
];
/** Words that mean "service is down, or I cannot pay or reach my subscription" (folded, en and tr). */
const URGENT = [
  /\b(down|outage|urgent|emergency|locked out|suspended|disabled|blocked)\b/,
  /\b(cannot|can t|cant|unable to) (access|log ?in|sign ?in|pay|use)\b/,
  /\bno access\b/,
  /\b(acil|kesinti|askiya|erisemiyor\w*|erisim yok|giris yapamiyor\w*|odeme yapamiyor\w*|odeyemiyor\w*|calismiyor|kapatildi|durduruldu|engellendi)\b/,
];

/**
 * Priority rules, as the support terms define them: high when the service is down or the
 * customer cannot pay or reach a subscription (suspended customer, suspension topics, urgent
 * words); low for informational topics; normal for everything else that blocks some work.
 */
export function priorityFor(input: PriorityInput): Priority {
  const text = foldText(`${input.topic ?? ''} ${input.question}`);
  if (input.customerStatus === 'suspended') return 'high';
  if (input.section && HIGH_SECTIONS.includes(input.section)) return 'high';
  if (input.topic && /suspen|reactivat|askiya|erisim/.test(foldText(input.topic))) return 'high';
  if (URGENT.some((re) => re.test(text))) return 'high';
  if (input.customerStatus === 'overdue') return 'normal';
  if (input.section && LOW_SECTIONS.includes(input.section)) return 'low';
  return 'normal';
}

export interface OpenInput {
  tenantId: string;
  customerName: string;
  customerStatus?: CustomerStatus | null;
  requester: Requester;
  /** The draft id of the offer card, or a key of the typed request. */
  draftKey: string;
  /** The activity that asked (invoke or message id); kept to show redeliveries. */
  requestId?: string;
  source: 'offer' | 'typed';
  question: string;
  product?: string | null;
  topic?: string | null;
  section?: string | null;
  locale: Language;
}

export interface TicketServiceOptions {
  clock: BusinessClock;
  /** First-response targets per priority, in business hours (support terms). */
  targets: Record<Priority, number>;
  /** Days after resolving in which the customer may reopen (support terms). */
  reopenWindowDays: number;
  now?: () => Date;
}

/**
 * The customer's latest question, kept beside their tickets (same partition, id prefix `q-`, no
 * ticket fields, so no ticket query matches it): a ticket asked for in words ("talk to a person")
 * starts from what the customer had asked, not from those words.
 */
export interface RecentQuestion {
  kind: 'recentQuestion';
  text: string;
  at: string;
}

const PK_COUNTERS = 'partner';
const COUNTER_ID = 'ticket-number';
const WRITE_ATTEMPTS = 30;
/** A typed "talk to a person" within this long of the last one is the same request (Teams retries with new ids). */
const TYPED_DEDUPE_MS = 2 * 60_000;
const LEASE_MS = 30_000;
/** A repeat of the same reply by the same agent within this long is a retry, not a second message. */
const REPEAT_MS = 2 * 60_000;

/**
 * The document id of a ticket: derived from its draft (and who asked) so that a second create
 * of the same draft collides, while a colleague replaying someone's draft id gets their own.
 */
export function ticketIdFor(tenantId: string, requesterKey: string, draftKey: string): string {
  return `tk-${createHash('sha256').update(`${tenantId}\n${requesterKey}\n${draftKey}`).digest('hex').slice(0, 40)}`;
}

/** The ticket service: lifecycle, authorization and audit over the store. No Bot Framework here. */
export class TicketService {
  private readonly listeners: ((ref: TicketRef) => void)[] = [];
  /** Creations in flight in this process, by ticket id: a double click waits instead of burning a number. */
  private readonly creating = new Map<string, Promise<{ ticket: Versioned<Ticket>; created: boolean }>>();
  readonly now: () => Date;

  constructor(
    private readonly store: Store,
    readonly options: TicketServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  private get coll() {
    return this.store.collection<Ticket>('tickets');
  }

  /** Called after every write that leaves something to deliver (outbox or card). */
  subscribe(listener: (ref: TicketRef) => void): void {
    this.listeners.push(listener);
  }

  private emit(doc: Versioned<Ticket>): void {
    if (!doc.value.needsSync) return;
    for (const l of this.listeners) l({ tenantId: doc.pk, id: doc.id });
  }

  /** The first-response target for a priority, and when it falls due if the clock starts now. */
  promise(priority: Priority, from = this.now()): { targetHours: number; dueAt: Date; opensAt: Date | undefined; openNow: boolean } {
    const targetHours = this.options.targets[priority];
    return {
      targetHours,
      dueAt: this.options.clock.addBusinessHours(from, targetHours),
      opensAt: this.options.clock.nextOpening(from),
      openNow: this.options.clock.isOpen(from),
    };
  }

  /** Takes the next ticket number; numbers are never handed out twice. */
  async nextNumber(): Promise<number> {
    const counters = this.store.collection<{ last: number }>('counters');
    if (!(await counters.get(PK_COUNTERS, COUNTER_ID))) {
      try {
        await counters.create(PK_COUNTERS, COUNTER_ID, { last: 1 });
        return 1;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    const doc = await updateWithRetry(counters, PK_COUNTERS, COUNTER_ID, (c) => ({ last: c.last + 1 }), WRITE_ATTEMPTS);
    if (!doc) throw new PreconditionFailedError('counters', COUNTER_ID);
    return doc.value.last;
  }

  /**
   * Opens a ticket, or returns the one this draft already opened (`created: false`): the same
   * offer card delivered twice, clicked twice or retried with a new activity id opens one ticket.
   */
  async open(input: OpenInput): Promise<{ ticket: Versioned<Ticket>; created: boolean }> {
    const id = ticketIdFor(input.tenantId, input.requester.id, input.draftKey);
    const running = this.creating.get(id);
    if (running) {
      const first = await running;
      return { ticket: (await this.noteRequest(first.ticket, input.requestId)) ?? first.ticket, created: false };
    }
    const work = this.openOnce(id, input);
    this.creating.set(id, work);
    try {
      return await work;
    } finally {
      this.creating.delete(id);
    }
  }

  private async openOnce(id: string, input: OpenInput): Promise<{ ticket: Versioned<Ticket>; created: boolean }> {
    const existing = await this.coll.get(input.tenantId, id);
    if (existing) return { ticket: (await this.noteRequest(existing, input.requestId)) ?? existing, created: false };
    if (input.source === 'typed') {
      const recent = await this.recentTyped(input.tenantId, input.requester.id);
      if (recent) return { ticket: recent, created: false };
    }
    const number = await this.nextNumber();
    const now = this.now();
    const at = now.toISOString();
    const priority = priorityFor(input);
    const targetHours = this.options.targets[priority];
    const dueAt = this.options.clock.addBusinessHours(now, targetHours).toISOString();
    const ticket: Ticket = {
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
      sla: {
        targetHours,
        startedAt: at,
        dueAt,
        pausedAt: null,
        remainingMs: null,
        stoppedAt: null,
        breachedAt: null,
        firstResponseAt: null,
      },
      slaDueAt: dueAt,
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
          detail: { number, priority, source: input.source, section: input.section ?? null, dueAt },
        },
      ],
      auditDropped: 0,
      outbox: [{ id: randomUUID(), kind: 'thread', at, attempts: 0 }],
      thread: null,
      adminsToldAt: null,
      revision: 1,
      needsSync: true,
      lease: null,
      createdAt: at,
      updatedAt: at,
    };
    try {
      const created = await this.coll.create(input.tenantId, id, ticket);
      this.emit(created);
      return { ticket: created, created: true };
    } catch (err) {
      // Another instance created it between our read and write; its number wins, ours stays unused.
      if (!(err instanceof ConflictError)) throw err;
      const winner = await this.coll.get(input.tenantId, id);
      if (!winner) throw err;
      return { ticket: (await this.noteRequest(winner, input.requestId)) ?? winner, created: false };
    }
  }

  /** Records a repeated request's activity id (bounded), for the audit of redeliveries. */
  private async noteRequest(doc: Versioned<Ticket>, requestId: string | undefined): Promise<Versioned<Ticket> | undefined> {
    if (!requestId || doc.value.requestIds.includes(requestId) || doc.value.requestIds.length >= 20) return undefined;
    return updateWithRetry(
      this.coll,
      doc.pk,
      doc.id,
      (t) =>
        t.requestIds.includes(requestId) || t.requestIds.length >= 20 ? undefined : { ...t, requestIds: [...t.requestIds, requestId] },
      WRITE_ATTEMPTS,
    );
  }

  private async recentTyped(tenantId: string, requesterKey: string): Promise<Versioned<Ticket> | undefined> {
    const [latest] = await this.coll.find(tenantId, {
      where: { requesterKey, source: 'typed' },
      orderBy: { field: 'number', desc: true },
      limit: 1,
    });
    if (latest && this.now().getTime() - Date.parse(latest.value.createdAt) < TYPED_DEDUPE_MS && isOpenStatus(latest.value.status))
      return latest;
    return undefined;
  }

  private recentId(requesterKey: string): string {
    return `q-${createHash('sha256').update(requesterKey).digest('hex').slice(0, 40)}`;
  }

  /** Remembers what a customer last asked (overwriting the previous question). */
  async rememberQuestion(tenantId: string, requesterKey: string, text: string): Promise<void> {
    const value: RecentQuestion = { kind: 'recentQuestion', text: clip(text, LIMITS.question), at: this.now().toISOString() };
    await this.store.collection<RecentQuestion>('tickets').upsert(tenantId, this.recentId(requesterKey), value);
  }

  /** The customer's latest question if it is recent enough. */
  async recentQuestion(tenantId: string, requesterKey: string, maxAgeMs: number): Promise<string | undefined> {
    const doc = await this.store.collection<RecentQuestion>('tickets').get(tenantId, this.recentId(requesterKey));
    if (!doc || doc.value.kind !== 'recentQuestion') return undefined;
    return this.now().getTime() - Date.parse(doc.value.at) <= maxAgeMs ? doc.value.text : undefined;
  }

  async get(ref: TicketRef): Promise<Versioned<Ticket> | undefined> {
    return this.coll.get(ref.tenantId, ref.id);
  }

  /** The ticket with this number (numbers are unique per partner, across tenants). */
  async byNumber(number: number): Promise<Versioned<Ticket> | undefined> {
    if (!Number.isSafeInteger(number) || number < 1) return undefined;
    const [found] = await this.coll.find(undefined, { where: { number }, limit: 1 });
    return found;
  }

  /** A customer's own tickets, newest first. */
  async mine(tenantId: string, requesterKey: string, limit = 10): Promise<Versioned<Ticket>[]> {
    return this.coll.find(tenantId, { where: { requesterKey }, orderBy: { field: 'number', desc: true }, limit });
  }

  /** The customer's ticket that waits on them, if any (the latest one). */
  async waitingOn(tenantId: string, requesterKey: string): Promise<Versioned<Ticket> | undefined> {
    const [found] = await this.coll.find(tenantId, {
      where: { requesterKey, status: 'waitingOnCustomer' },
      orderBy: { field: 'updatedAt', desc: true },
      limit: 1,
    });
    return found;
  }

  /** Open tickets, most urgent first: priority, then the earliest SLA due (paused clocks last). */
  async queue(): Promise<Versioned<Ticket>[]> {
    const open = await this.coll.find(undefined, { whereIn: { field: 'status', values: [...OPEN_STATUSES] } });
    return open.sort((a, b) => {
      const p = a.value.priorityRank - b.value.priorityRank;
      if (p !== 0) return p;
      const da = a.value.slaDueAt ?? '~';
      const db = b.value.slaDueAt ?? '~';
      if (da !== db) return da < db ? -1 : 1;
      return a.value.number - b.value.number;
    });
  }

  /** Tickets with something left to deliver (for the sweep after a restart or a failure). */
  async pendingDelivery(): Promise<Versioned<Ticket>[]> {
    return this.coll.find(undefined, { where: { needsSync: true } });
  }

  /** The ticket's status as a person sees it: resolved tickets past the reopen window are closed. */
  effectiveStatus(t: Ticket, now = this.now()): TicketStatus {
    if (t.status === 'resolved' && !this.withinReopenWindow(t, now)) return 'closed';
    return t.status;
  }

  withinReopenWindow(t: Ticket, now = this.now()): boolean {
    if (!t.resolvedAt) return false;
    return now.getTime() - Date.parse(t.resolvedAt) <= this.options.reopenWindowDays * 86_400_000;
  }

  /**
   * Applies a command for an actor. Authorization, state rules and the change are decided on
   * the version read and written conditionally on it (re-read on a conflict), so of concurrent
   * commands each sees the result of the one before. A refusal changes nothing but the audit.
   */
  async act(ref: TicketRef, actor: Actor, command: Command): Promise<ActResult> {
    let outcome: { ok: true; changed: boolean } | { ok: false; reason: RefusalReason } = { ok: false, reason: 'conflict' };
    let doc: Versioned<Ticket> | undefined;
    try {
      doc = await updateWithRetry(
        this.coll,
        ref.tenantId,
        ref.id,
        (current) => {
          const now = this.now();
          const decision = this.decide(current, actor, command, now);
          if ('refuse' in decision) {
            outcome = { ok: false, reason: decision.refuse };
            return withAudit(current, auditEntry(now, actor, command.verb, decision.lost ? 'lost' : 'refused', decision.refuse));
          }
          if (!decision.next) {
            outcome = { ok: true, changed: false };
            return undefined;
          }
          outcome = { ok: true, changed: true };
          return decision.next;
        },
        WRITE_ATTEMPTS,
      );
    } catch (err) {
      if (err instanceof NotFoundError) return { ok: false, reason: 'notFound' };
      if (err instanceof PreconditionFailedError) return { ok: false, reason: 'conflict', ticket: await this.get(ref) };
      throw err;
    }
    if (!doc) return { ok: false, reason: 'conflict', ticket: await this.get(ref) };
    const result = outcome as { ok: true; changed: boolean } | { ok: false; reason: RefusalReason };
    if (result.ok && result.changed) this.emit(doc);
    return result.ok ? { ok: true, ticket: doc, changed: result.changed } : { ok: false, reason: result.reason, ticket: doc };
  }

  /** Audits a refused attempt on a ticket (for refusals decided before `act`, e.g. bad input is not audited). */
  async auditRefusal(ref: TicketRef, actor: Actor, action: string, reason: RefusalReason): Promise<void> {
    try {
      await updateWithRetry(
        this.coll,
        ref.tenantId,
        ref.id,
        (t) => withAudit(t, auditEntry(this.now(), actor, action, 'refused', reason)),
        WRITE_ATTEMPTS,
      );
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }

  private decide(
    t: Ticket,
    actor: Actor,
    command: Command,
    now: Date,
  ): { refuse: RefusalReason; lost?: boolean } | { next: Ticket | undefined } {
    const verb = command.verb;
    if (AGENT_VERBS.includes(verb) || (verb === 'reopen' && actor.kind === 'staff')) {
      if (actor.kind !== 'staff' || !canWorkTickets(actor.roles)) return { refuse: 'forbidden' };
    } else if (CUSTOMER_VERBS.includes(verb) || verb === 'reopen') {
      if (actor.kind !== 'customer' || actor.tenantId !== t.tenantId) return { refuse: 'forbidden' };
    }
    const status = this.effectiveStatus(t, now);
    const at = now.toISOString();
    const person: PersonRef =
      actor.kind === 'system' ? { id: actor.id } : { id: actor.id, ...(actor.name ? { name: clip(actor.name, LIMITS.name) } : {}) };
    const change = (action: string, next: Partial<Ticket>, detail: AuditEntry['detail'], outbox: OutboxDraft[] = []): { next: Ticket } => {
      const merged: Ticket = { ...t, ...next };
      if (merged.status !== t.status)
        merged.sla = slaOnStatus({ ...t, sla: merged.sla }, merged.status, now, this.options.clock, this.options.targets);
      merged.slaDueAt = merged.sla.dueAt;
      merged.outbox = [...t.outbox, ...outbox.map((o) => ({ ...o, id: randomUUID(), at, attempts: 0 }) as OutboxItem)];
      merged.revision = t.revision + 1;
      merged.needsSync = true;
      merged.updatedAt = at;
      const entry = auditEntry(now, actor, action, 'done', undefined, {
        ...(merged.status !== t.status ? { fromStatus: t.status, toStatus: merged.status } : {}),
        ...detail,
      });
      return { next: withAudit(merged, entry) };
    };

    // Working a ticket someone else holds is refused (they claim or are assigned it first): so of a
    // claim racing a resolve, a reply or an escalation exactly one wins.
    if (HOLDER_VERBS.includes(command.verb) && t.assignee && t.assignee.id !== actor.id && isOpenStatus(status)) {
      return { refuse: 'heldByOther', lost: true };
    }
    switch (command.verb) {
      case 'claim': {
        if (!isOpenStatus(status)) return { refuse: 'notOpen' };
        if (t.assignee?.id === actor.id) return { next: undefined };
        if (t.assignee) return { refuse: 'heldByOther', lost: true };
        return change('claim', { assignee: person, status: t.status === 'new' ? 'assigned' : t.status }, { assignee: person.id }, [
          { kind: 'customer', event: 'claimed' },
        ]);
      }
      case 'assign': {
        if (!isOpenStatus(status)) return { refuse: 'notOpen' };
        if (t.assignee?.id === command.assignee.id) return { next: undefined };
        const assignee = { id: command.assignee.id, ...(command.assignee.name ? { name: clip(command.assignee.name, LIMITS.name) } : {}) };
        return change(
          'assign',
          { assignee, status: t.status === 'new' ? 'assigned' : t.status },
          { assignee: assignee.id, previousAssignee: t.assignee?.id ?? null },
          t.assignee ? [] : [{ kind: 'customer', event: 'claimed' }],
        );
      }
      case 'reply': {
        if (!isOpenStatus(status)) return { refuse: 'notOpen' };
        const message: TicketMessage = { id: randomUUID(), from: 'agent', by: person, text: clip(command.message, LIMITS.message), at };
        // Teams retries a slow invoke, sometimes with a new id: the same words again at once are one reply.
        const last = t.messages.at(-1);
        if (
          last &&
          last.from === 'agent' &&
          last.by.id === actor.id &&
          last.text === message.text &&
          now.getTime() - Date.parse(last.at) < REPEAT_MS
        ) {
          return { next: undefined };
        }
        return change(
          'reply',
          {
            assignee: t.assignee ?? person,
            status: 'waitingOnCustomer',
            messages: keepLast([...t.messages, message], LIMITS.messagesKept),
            sla: firstResponse(t.sla, at),
          },
          { messageId: message.id, length: message.text.length, ...(t.assignee ? {} : { assignee: person.id }) },
          [
            { kind: 'customer', event: 'reply', messageId: message.id },
            { kind: 'threadNote', note: 'agentReply', messageId: message.id },
          ],
        );
      }
      case 'resolve': {
        if (!isOpenStatus(status)) return { refuse: 'notOpen' };
        const resolution = command.resolution.trim() ? clip(command.resolution.trim(), LIMITS.resolution) : null;
        return change(
          'resolve',
          { status: 'resolved', resolution, resolvedAt: at, assignee: t.assignee ?? person, sla: firstResponse(t.sla, at) },
          { hasResolution: resolution !== null },
          [{ kind: 'customer', event: 'resolved' }],
        );
      }
      case 'reopen': {
        if (isOpenStatus(status)) return { refuse: 'notResolved' };
        if (actor.kind === 'customer' && status === 'closed') return { refuse: 'reopenWindowOver' };
        return change(
          'reopen',
          { status: t.assignee ? 'assigned' : 'new', reopenCount: t.reopenCount + 1, resolvedAt: null },
          { reopenCount: t.reopenCount + 1 },
          actor.kind === 'customer' ? [{ kind: 'threadNote', note: 'reopenedByCustomer' }] : [{ kind: 'customer', event: 'reopened' }],
        );
      }
      case 'escalateMicrosoft': {
        if (!isOpenStatus(status)) return { refuse: 'notOpen' };
        const m = t.microsoft;
        if (
          m &&
          status === 'waitingOnMicrosoft' &&
          m.route === command.route &&
          m.severity === command.severity &&
          m.caseNumber === command.caseNumber
        ) {
          if (m.plan === (command.route === 'technical' ? command.plan : null)) return { next: undefined };
        }
        const expected =
          command.route === 'technical'
            ? new Date(now.getTime() + MICROSOFT_FIRST_RESPONSE_HOURS[command.severity] * 3_600_000).toISOString()
            : null;
        const microsoft: MicrosoftEscalation = {
          route: command.route,
          plan: command.route === 'technical' ? command.plan : null,
          severity: command.severity,
          caseNumber: command.caseNumber,
          expectedResponseBy: expected,
          escalatedAt: at,
          by: person,
        };
        return change(
          'escalateMicrosoft',
          { microsoft, status: 'waitingOnMicrosoft', assignee: t.assignee ?? person, sla: firstResponse(t.sla, at) },
          { route: microsoft.route, plan: microsoft.plan, severity: microsoft.severity, caseNumber: microsoft.caseNumber },
          [{ kind: 'customer', event: 'microsoft' }],
        );
      }
      case 'rate': {
        if (!Number.isInteger(command.rating) || command.rating < 1 || command.rating > 5) return { refuse: 'invalid' };
        if (isOpenStatus(status)) return { refuse: 'notResolved' };
        if (t.rating && t.rating.score === command.rating && t.rating.comment === command.comment) return { next: undefined };
        const rating: Rating = {
          score: command.rating,
          comment: command.comment ? clip(command.comment, LIMITS.comment) : null,
          at,
          by: person,
        };
        return change(
          'rate',
          { rating },
          { rating: rating.score, hasComment: rating.comment !== null, previous: t.rating?.score ?? null },
          [{ kind: 'threadNote', note: 'rated' }],
        );
      }
      case 'customerMessage': {
        if (t.status !== 'waitingOnCustomer') return { refuse: 'notWaitingOnCustomer' };
        if (t.requesterKey !== actor.id) return { refuse: 'forbidden' };
        const message: TicketMessage = { id: randomUUID(), from: 'customer', by: person, text: clip(command.text, LIMITS.question), at };
        return change(
          'customerMessage',
          { status: t.assignee ? 'assigned' : 'new', messages: keepLast([...t.messages, message], LIMITS.messagesKept) },
          { messageId: message.id, length: message.text.length },
          [{ kind: 'threadNote', note: 'customerMessage', messageId: message.id }],
        );
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Delivery bookkeeping, for the dispatcher that sends the outbox and keeps the card in sync.

  /** Takes the delivery lease of a ticket for `holder`; undefined when another holder has it. */
  async lease(ref: TicketRef, holder: string): Promise<Versioned<Ticket> | undefined> {
    let taken = false;
    const doc = await updateWithRetry(
      this.coll,
      ref.tenantId,
      ref.id,
      (t) => {
        const now = this.now();
        if (t.lease && t.lease.by !== holder && Date.parse(t.lease.until) > now.getTime()) return undefined;
        taken = true;
        return { ...t, lease: { by: holder, until: new Date(now.getTime() + LEASE_MS).toISOString() } };
      },
      WRITE_ATTEMPTS,
    );
    return taken ? doc : undefined;
  }

  /** Records what a delivery round achieved, releasing the lease. */
  async delivered(
    ref: TicketRef,
    holder: string,
    result: {
      done: string[];
      /** Failed deliveries: retried at retryAt, or given up at once when permanent (e.g. nowhere to send). */
      failed: { id: string; error: string; retryAt: string; permanent?: boolean }[];
      thread?: Omit<ChannelThread, 'syncedRevision'> & { syncedRevision: number };
      syncedRevision?: number;
      adminsTold?: boolean;
    },
  ): Promise<Versioned<Ticket> | undefined> {
    const at = this.now().toISOString();
    return updateWithRetry(
      this.coll,
      ref.tenantId,
      ref.id,
      (t) => {
        let audit: AuditEntry[] = [];
        const outbox: OutboxItem[] = [];
        for (const item of t.outbox) {
          if (result.done.includes(item.id)) continue;
          const failed = result.failed.find((f) => f.id === item.id);
          if (!failed) {
            outbox.push(item);
            continue;
          }
          const attempts = item.attempts + 1;
          if (attempts >= OUTBOX_MAX_ATTEMPTS || failed.permanent) {
            audit = [
              ...audit,
              {
                at,
                action: 'delivery',
                outcome: 'refused',
                by: { kind: 'system', id: holder },
                detail: { kind: item.kind, gaveUp: true, error: failed.error.slice(0, 200) },
              },
            ];
          } else outbox.push({ ...item, attempts, notBefore: failed.retryAt });
        }
        const thread = t.thread ?? result.thread ?? null;
        const synced = Math.max(thread?.syncedRevision ?? 0, result.syncedRevision ?? 0);
        const next: Ticket = {
          ...t,
          outbox,
          thread: thread ? { ...thread, syncedRevision: synced } : null,
          adminsToldAt: t.adminsToldAt ?? (result.adminsTold ? at : null),
          lease: t.lease?.by === holder ? null : t.lease,
        };
        next.needsSync = needsSync(next);
        let out = next;
        for (const a of audit) out = withAudit(out, a);
        return out;
      },
      WRITE_ATTEMPTS,
    );
  }
}

type OutboxDraft =
  | { kind: 'thread' }
  | { kind: 'customer'; event: CustomerEvent; messageId?: string }
  | { kind: 'threadNote'; note: ThreadNote; messageId?: string };

/** Whether a ticket still has something to deliver. */
export function needsSync(t: Ticket): boolean {
  return t.outbox.length > 0 || (t.thread !== null && t.thread.syncedRevision < t.revision);
}

function auditEntry(
  now: Date,
  actor: Actor,
  action: string,
  outcome: AuditOutcome,
  reason?: RefusalReason,
  detail?: AuditEntry['detail'],
): AuditEntry {
  const by: AuditEntry['by'] = { kind: actor.kind, id: actor.id };
  if ('name' in actor && actor.name) by.name = clip(actor.name, LIMITS.name);
  if ('tenantId' in actor) by.tenantId = actor.tenantId;
  return {
    at: now.toISOString(),
    action,
    outcome,
    by,
    ...(reason ? { reason } : {}),
    ...(detail && Object.keys(detail).length > 0 ? { detail } : {}),
  };
}

/** Appends an audit entry; past the bound, the oldest refused entries go first, then the oldest. */
function withAudit(t: Ticket, entry: AuditEntry): Ticket {
  const audit = [...t.audit, entry];
  let dropped = t.auditDropped;
  while (audit.length > LIMITS.auditKept) {
    const i = audit.findIndex((a) => a.outcome !== 'done');
    audit.splice(i >= 0 ? i : 0, 1);
    dropped++;
  }
  // Only the audit moves: an audit-only write does not change the ticket's revision or card.
  return { ...t, audit, auditDropped: dropped };
}

function firstResponse(sla: SlaClock, at: string): SlaClock {
  return sla.firstResponseAt ? sla : { ...sla, firstResponseAt: at };
}

/** The SLA clock after a status change: paused while waiting on others, stopped when resolved, fresh on reopen. */
function slaOnStatus(t: Ticket, to: TicketStatus, now: Date, clock: BusinessClock, targets: Record<Priority, number>): SlaClock {
  const at = now.toISOString();
  const from = t.status;
  const sla = { ...t.sla };
  const running = sla.dueAt !== null && sla.stoppedAt === null;
  const breachedBy = (due: string) => sla.breachedAt ?? (now.getTime() > Date.parse(due) ? due : null);
  if (from === 'resolved' || from === 'closed') {
    // A reopened ticket is a new request: the full target again.
    const targetHours = targets[t.priority];
    return {
      ...sla,
      targetHours,
      startedAt: at,
      dueAt: clock.addBusinessHours(now, targetHours).toISOString(),
      pausedAt: null,
      remainingMs: null,
      stoppedAt: null,
      breachedAt: null,
    };
  }
  if (to === 'resolved' || to === 'closed') {
    return {
      ...sla,
      breachedAt: running && sla.dueAt ? breachedBy(sla.dueAt) : sla.breachedAt,
      dueAt: null,
      pausedAt: null,
      remainingMs: null,
      stoppedAt: at,
    };
  }
  if (PAUSED_STATUSES.includes(to)) {
    if (!running || !sla.dueAt) return sla;
    return {
      ...sla,
      breachedAt: breachedBy(sla.dueAt),
      remainingMs: clock.businessMsBetween(now, new Date(sla.dueAt)),
      pausedAt: at,
      dueAt: null,
    };
  }
  // Back with the partner: the clock goes on with the business time that was left.
  if (sla.pausedAt !== null && sla.remainingMs !== null) {
    return { ...sla, dueAt: clock.addBusinessHours(now, sla.remainingMs / 3_600_000).toISOString(), pausedAt: null, remainingMs: null };
  }
  return sla;
}

function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}

function keepLast<T>(list: T[], n: number): T[] {
  return list.length > n ? list.slice(list.length - n) : list;
}
