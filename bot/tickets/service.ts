/**
 * The ticket store: reads, idempotent creation, numbering, and changes as read → decide → write
 * conditionally on the version read, with the audit and the outbox in the same document. What a
 * change is lives in domain/; delivering what it owes lives in delivery.ts. No Bot Framework here.
 */
import { randomUUID } from 'node:crypto';
import type { Priority } from '../knowledge/terms';
import { ConflictError, NotFoundError, PreconditionFailedError, Store, updateWithRetry, Versioned } from '../platform/store/types';
import { auditEntry, withAudit } from './domain/audit';
import { newTicket } from './domain/create';
import { decide, DecideRules } from './domain/decide';
import {
  Actor,
  Command,
  isOpenStatus,
  OPEN_STATUSES,
  OpenInput,
  PAUSED_STATUSES,
  PRIORITY_RANK,
  RefusalReason,
  Ticket,
  TicketRef,
  TicketStatus,
} from './domain/model';
import { foldText } from '../platform/text';
import { ticketIdFor } from './domain/numbering';
import { afterDelivery, DeliveryResult } from './domain/outbox';
import { effectiveStatus, isParty, withinReopenWindow } from './domain/policy';
import { TicketNumbers } from './numbers';
import { PendingDeliveries } from './pending';
import { RecentQuestions } from './recentQuestions';
import { SecurityLog } from './securityLog';
import { WaitingIndex } from './waiting';

/** A page of the tab's queue: which tickets (statuses, priority, assignee, breached, words) and where. */
export interface QueueQuery {
  /** Stored statuses; default the open ones. */
  statuses?: readonly TicketStatus[];
  priority?: Priority;
  /** Only tickets held by this person; null = only unassigned ones. */
  assigneeId?: string | null;
  /** Only tickets whose SLA was breached (or is past due at this time). */
  breachedBy?: Date;
  /** Folded words that must all appear in the ticket (customer, requester, question, product, topic, messages). */
  words?: readonly string[];
  offset: number;
  size: number;
}

export interface QueuePage {
  items: Versioned<Ticket>[];
  hasMore: boolean;
  /** A filter applied in memory reached the scan limit: older matches may exist. */
  capped: boolean;
}

/** Tickets a filtered queue page reads per segment at most (see `queuePage`). */
export const QUEUE_SCAN_LIMIT = 500;

/** Whether a ticket passes the queue filters the store cannot express. */
export function matchesQueueFilter(t: Ticket, q: QueueQuery): boolean {
  if (q.assigneeId !== undefined && (t.assignee?.id ?? null) !== q.assigneeId) return false;
  if (q.breachedBy !== undefined) {
    const due = t.sla.dueAt ? Date.parse(t.sla.dueAt) : NaN;
    if (!t.sla.breachedAt && !(due < q.breachedBy.getTime())) return false;
  }
  if (q.words && q.words.length > 0) {
    const hay = foldText(
      [
        t.customerName,
        t.requester.name ?? '',
        t.question,
        t.product ?? '',
        t.topic ?? '',
        t.assignee?.name ?? '',
        ...t.messages.map((m) => m.text),
      ].join(' '),
    );
    if (!q.words.every((w) => hay.includes(w))) return false;
  }
  return true;
}

export type TicketServiceOptions = DecideRules & {
  now?: () => Date;
  /** How long the sweep leaves a changed ticket's delivery to the instance that changed it (default 30 s). */
  deliveryGraceMs?: number;
};

/** A refusal's `logged`: in the ticket's audit, or (from outside its parties) in the security log (`lost`: that write failed). */
export type RefusalLogged = 'audit' | 'security' | 'lost';

export type ActResult =
  | { ok: true; ticket: Versioned<Ticket>; changed: boolean }
  | { ok: false; reason: RefusalReason; ticket?: Versioned<Ticket>; logged?: RefusalLogged };

type Opened = { ticket: Versioned<Ticket>; created: boolean };

const WRITE_ATTEMPTS = 30;
/** When a delivery round leaves work with no retry time of its own (e.g. no escalation channel yet), the sweep looks again after this. */
const PENDING_RECHECK_MS = 5 * 60_000;
/** A typed "talk to a person" within this long of the last one is the same request (Teams retries with new ids). */
const TYPED_DEDUPE_MS = 2 * 60_000;
/** Activity ids kept per ticket to show redeliveries; enough to see a retry storm, bounded. */
const REQUEST_IDS_KEPT = 20;

/** Tickets over the store: lifecycle, authorization and audit. */
export class TicketService {
  private readonly listeners: ((ref: TicketRef) => void)[] = [];
  /**
   * Creations in flight in this process, by ticket id: a double click waits for the first instead
   * of racing it. Only a shortcut: across instances the ticket id (from the draft) makes the second
   * create fail, and it returns the first ticket and gives its number back.
   */
  private readonly creating = new Map<string, Promise<Opened>>();
  private readonly numbers: TicketNumbers;
  /** The index of tickets with something left to deliver (for the delivery sweep). */
  readonly pending: PendingDeliveries;
  /** Which requesters may have a ticket waiting on their answer (read on every customer message). */
  private readonly waiting: WaitingIndex;
  readonly now: () => Date;
  /** The customers' latest questions, kept beside their tickets. */
  readonly questions: RecentQuestions;
  /** Refused attempts from outside tickets' parties, aggregated per sender and window. */
  readonly security: SecurityLog;

  constructor(
    private readonly store: Store,
    readonly options: TicketServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.questions = new RecentQuestions(store, this.now);
    this.security = new SecurityLog(store, this.now);
    this.numbers = new TicketNumbers(store);
    this.pending = new PendingDeliveries(store, () => this.now().getTime(), options.deliveryGraceMs);
    this.waiting = new WaitingIndex(store, () => this.now().getTime());
  }

  /**
   * Start-up work before the first turn: a store written before waiting markers existed gets them
   * once (one query over the waiting tickets); until then `waitingOn` queries the tickets.
   */
  async prepare(): Promise<void> {
    await this.waiting.index(async () =>
      (await this.coll.find(undefined, { where: { status: 'waitingOnCustomer' } })).map((d) => ({
        tenantId: d.pk,
        requesterKey: d.value.requesterKey,
      })),
    );
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

  /** How the counter fared: block writes, and those repeated because another instance wrote first (for the bench). */
  numberStats(): { blocks: number; conflicts: number } {
    return { blocks: this.numbers.blocks, conflicts: this.numbers.conflicts };
  }

  /** Every write of a ticket that may leave it owing delivery goes through here: the index first, then the ticket. */
  private update(ref: TicketRef, change: (t: Ticket) => Ticket | undefined): Promise<Versioned<Ticket> | undefined> {
    return updateWithRetry(this.coll, ref.tenantId, ref.id, change, WRITE_ATTEMPTS, async (next) => {
      if (next.needsSync) await this.pending.mark(ref);
      if (next.status === 'waitingOnCustomer') await this.waiting.mark(ref.tenantId, next.requesterKey);
    });
  }

  /**
   * Opens a ticket, or returns the one this draft already opened (`created: false`): the same
   * offer card delivered twice, clicked twice or retried with a new activity id opens one ticket.
   */
  async open(input: OpenInput): Promise<Opened> {
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

  private async openOnce(id: string, input: OpenInput): Promise<Opened> {
    const existing = await this.coll.get(input.tenantId, id);
    if (existing) return { ticket: (await this.noteRequest(existing, input.requestId)) ?? existing, created: false };
    if (input.source === 'typed') {
      const recent = await this.recentTyped(input.tenantId, input.requester.id);
      if (recent) return { ticket: recent, created: false };
    }
    const number = await this.numbers.take();
    const ticket = newTicket(input, number, this.now(), this.options, randomUUID);
    try {
      await this.numbers.index(number, { tenantId: input.tenantId, id });
      await this.pending.mark({ tenantId: input.tenantId, id });
      const created = await this.coll.create(input.tenantId, id, ticket);
      this.emit(created);
      return { ticket: created, created: true };
    } catch (err) {
      // Not written (e.g. another instance created it between our read and write): the number goes to our next ticket.
      this.numbers.giveBack(number);
      if (!(err instanceof ConflictError)) throw err;
      const winner = await this.coll.get(input.tenantId, id);
      if (!winner) throw err;
      return { ticket: (await this.noteRequest(winner, input.requestId)) ?? winner, created: false };
    }
  }

  /** Records a repeated request's activity id (bounded), for the audit of redeliveries. */
  private async noteRequest(doc: Versioned<Ticket>, requestId: string | undefined): Promise<Versioned<Ticket> | undefined> {
    const noted = (t: Ticket) => !requestId || t.requestIds.includes(requestId) || t.requestIds.length >= REQUEST_IDS_KEPT;
    if (!requestId || noted(doc.value)) return undefined;
    return updateWithRetry(
      this.coll,
      doc.pk,
      doc.id,
      (t) => (noted(t) ? undefined : { ...t, requestIds: [...t.requestIds, requestId] }),
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

  async get(ref: TicketRef): Promise<Versioned<Ticket> | undefined> {
    return this.coll.get(ref.tenantId, ref.id);
  }

  /**
   * The ticket with this number (numbers are unique per partner, across tenants): two point reads
   * through the number index. Only a number without an index entry (a ticket from before the
   * index, or a number whose ticket was never written) is looked for across partitions.
   */
  async byNumber(number: number): Promise<Versioned<Ticket> | undefined> {
    if (!Number.isSafeInteger(number) || number < 1) return undefined;
    const entry = await this.numbers.lookup(number);
    if (entry === 'beyond') return undefined;
    if (entry) {
      const doc = await this.coll.get(entry.tenantId, entry.id);
      if (!doc || doc.value.number === number) return doc;
    }
    const [found] = await this.coll.find(undefined, { where: { number }, limit: 1 });
    if (found) await this.numbers.index(number, { tenantId: found.pk, id: found.id });
    return found;
  }

  /** A customer's own tickets, newest first. */
  async mine(tenantId: string, requesterKey: string, limit = 10): Promise<Versioned<Ticket>[]> {
    return this.coll.find(tenantId, { where: { requesterKey }, orderBy: { field: 'number', desc: true }, limit });
  }

  /** The customer's ticket that waits on them, if any (the latest one). */
  async waitingOn(tenantId: string, requesterKey: string): Promise<Versioned<Ticket> | undefined> {
    // Every customer message asks this: a point read of the requester's marker answers most.
    const marker = this.waiting.ready ? await this.waiting.read(tenantId, requesterKey) : undefined;
    if (this.waiting.ready && !marker) return undefined;
    const [found] = await this.coll.find(tenantId, {
      where: { requesterKey, status: 'waitingOnCustomer' },
      orderBy: { field: 'updatedAt', desc: true },
      limit: 1,
    });
    if (!found && marker) await this.waiting.settle(marker);
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

  /**
   * One page of tickets for the tab's queue, most urgent first (as `queue()`: priority, then the
   * earliest SLA due, paused clocks after running ones). Each (priority, running/paused) segment
   * is one limited, ordered store query, so a page never reads the whole collection: a page
   * reads at most offset + size + 1 tickets per segment, or `QUEUE_SCAN_LIMIT` per segment when a
   * filter the store cannot express (assignee, breached, words) is applied in memory; `capped`
   * then says that older matches may exist beyond the scan.
   */
  async queuePage(q: QueueQuery): Promise<QueuePage> {
    const statuses = q.statuses && q.statuses.length > 0 ? q.statuses : OPEN_STATUSES;
    const ranks = q.priority ? [PRIORITY_RANK[q.priority]] : [0, 1, 2];
    const filtered = q.assigneeId !== undefined || q.breachedBy !== undefined || (q.words?.length ?? 0) > 0;
    const wanted = q.offset + q.size + 1;
    const matches: Versioned<Ticket>[] = [];
    let capped = false;
    const segments: { rank?: number; statuses: TicketStatus[]; orderBy: { field: string; desc?: boolean } }[] = [];
    for (const rank of ranks) {
      segments.push({ rank, statuses: statuses.filter((x) => x === 'new' || x === 'assigned'), orderBy: { field: 'slaDueAt' } });
      segments.push({ rank, statuses: statuses.filter((x) => PAUSED_STATUSES.includes(x)), orderBy: { field: 'number' } });
    }
    const done = statuses.filter((x) => !isOpenStatus(x));
    if (done.length > 0)
      segments.push({
        rank: q.priority ? PRIORITY_RANK[q.priority] : undefined,
        statuses: done,
        orderBy: { field: 'updatedAt', desc: true },
      });
    for (const seg of segments) {
      if (seg.statuses.length === 0) continue;
      const need = wanted - matches.length;
      if (need <= 0) break;
      const limit = filtered ? QUEUE_SCAN_LIMIT : need;
      const found = await this.coll.find(undefined, {
        ...(seg.rank !== undefined ? { where: { priorityRank: seg.rank } } : {}),
        whereIn: { field: 'status', values: seg.statuses },
        orderBy: seg.orderBy,
        limit,
      });
      if (filtered && found.length >= limit) capped = true;
      for (const doc of found) if (!filtered || matchesQueueFilter(doc.value, q)) matches.push(doc);
    }
    return { items: matches.slice(q.offset, q.offset + q.size), hasMore: matches.length > q.offset + q.size, capped };
  }

  /** Tickets with something left to deliver (for the sweep): those due now, or `all`, from the index. */
  async pendingDelivery(options: { all?: boolean } = {}): Promise<TicketRef[]> {
    return this.pending.list(options);
  }

  /** The ticket's status as a person sees it: resolved tickets past the reopen window are closed. */
  effectiveStatus(t: Ticket, now = this.now()): TicketStatus {
    return effectiveStatus(t, now, this.options.reopenWindowDays);
  }

  withinReopenWindow(t: Ticket, now = this.now()): boolean {
    return withinReopenWindow(t, now, this.options.reopenWindowDays);
  }

  /**
   * Applies a command for an actor. Authorization, state rules and the change are decided on
   * the version read and written conditionally on it (re-read on a conflict), so of concurrent
   * commands each sees the result of the one before. A refusal changes nothing but the audit;
   * a refusal of someone outside the ticket's parties not even that: it goes to the security log.
   */
  async act(ref: TicketRef, actor: Actor, command: Command): Promise<ActResult> {
    let outcome: { ok: true; changed: boolean } | { ok: false; reason: RefusalReason; outsider: boolean } = {
      ok: false,
      reason: 'conflict',
      outsider: false,
    };
    let doc: Versioned<Ticket> | undefined;
    try {
      doc = await this.update(ref, (current) => {
        const now = this.now();
        const decision = decide(current, actor, command, now, this.options, randomUUID);
        if ('refuse' in decision) {
          const outsider = !isParty(actor, current);
          outcome = { ok: false, reason: decision.refuse, outsider };
          if (outsider) return undefined;
          return withAudit(current, auditEntry(now, actor, command.verb, decision.lost ? 'lost' : 'refused', decision.refuse));
        }
        outcome = { ok: true, changed: decision.next !== undefined };
        return decision.next;
      });
    } catch (err) {
      if (err instanceof NotFoundError) return { ok: false, reason: 'notFound' };
      if (err instanceof PreconditionFailedError) return { ok: false, reason: 'conflict', ticket: await this.get(ref) };
      throw err;
    }
    if (!doc) return { ok: false, reason: 'conflict', ticket: await this.get(ref) };
    // Assigned inside the update callback; TypeScript cannot see that, so it narrows to the initial value.
    const result = outcome as { ok: true; changed: boolean } | { ok: false; reason: RefusalReason; outsider: boolean };
    if (result.ok && result.changed) this.emit(doc);
    if (result.ok) return { ok: true, ticket: doc, changed: result.changed };
    if (!result.outsider) return { ok: false, reason: result.reason, ticket: doc, logged: 'audit' };
    const logged = (await this.security.record(actor, command.verb, doc.value.number)) ? 'security' : 'lost';
    return { ok: false, reason: result.reason, ticket: doc, logged };
  }

  /**
   * Records an attempt refused before `act` (e.g. by the policy; bad input is not recorded): in
   * the ticket's audit when the actor is one of its parties, otherwise in the security log.
   */
  async refused(doc: Versioned<Ticket>, actor: Actor, action: string, reason: RefusalReason): Promise<RefusalLogged> {
    if (!isParty(actor, doc.value)) return (await this.security.record(actor, action, doc.value.number)) ? 'security' : 'lost';
    try {
      await updateWithRetry(
        this.coll,
        doc.pk,
        doc.id,
        (t) => withAudit(t, auditEntry(this.now(), actor, action, 'refused', reason)),
        WRITE_ATTEMPTS,
      );
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    return 'audit';
  }

  /**
   * Records what a delivery round by `holder` achieved, and settles the ticket's index marker: gone
   * when nothing is left, else due again after `retryInMs` (or a later recheck when unknown).
   */
  async delivered(ref: TicketRef, holder: string, result: DeliveryResult, retryInMs?: number): Promise<Versioned<Ticket> | undefined> {
    const now = this.now();
    // Read before the write: see pending.ts for why this order keeps every pending ticket marked.
    const marker = await this.pending.read(ref);
    let after: Versioned<Ticket> | undefined;
    try {
      after = await updateWithRetry(this.coll, ref.tenantId, ref.id, (t) => afterDelivery(t, holder, result, now), WRITE_ATTEMPTS);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      await this.pending.settle(ref, marker, { pending: false, due: 0 });
      return undefined;
    }
    if (after) {
      const wait = retryInMs !== undefined && Number.isFinite(retryInMs) ? retryInMs : PENDING_RECHECK_MS;
      await this.pending.settle(ref, marker, { pending: after.value.needsSync, due: now.getTime() + wait });
    }
    return after;
  }
}
