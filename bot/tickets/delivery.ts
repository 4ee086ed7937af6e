/**
 * Delivers what ticket changes owe to people: the escalation card as a new channel thread, card
 * updates in place, customer notifications and notes in the ticket's thread.
 *
 * The work is the ticket document's outbox (written with the change) plus "the card is behind"
 * (revision > synced revision). Changes to one ticket are coalesced: a ticket is processed at
 * most once per debounce window and the card is rendered from the latest state, so a burst of
 * changes costs one update. A lease in the store (bot/platform/jobs/lease.ts) keeps two instances
 * from delivering the same ticket at once; it is renewed while the delivery waits for its turn at
 * the rate limits, and each send is abandoned if the lease was lost. A sweep (one instance at a
 * time, also by lease) reads the index of pending tickets (pending.ts) at start and periodically,
 * and picks up what a crash, a failure or a dead instance left: after its lease runs out.
 * Delivery is at least once: an item is removed only after it was sent.
 */
import { escapeText } from '../../cards/render';
import { formatWhen } from '../../cards/tickets/format';
import { ratingCard } from '../../cards/tickets/rating';
import { causeOf, errorCode } from '../platform/errors';
import { Clock, systemClock } from '../platform/clock';
import { Lease, Leases, whileHolding } from '../platform/jobs/lease';
import { Slots } from '../platform/jobs/slots';
import { cardMessage, ConversationRef, messageInLanguage, noticeCard, OutgoingMessage, textMessage } from '../platform/teams/cardMessage';
import { keyOf, Messenger } from '../platform/teams/messenger';
import { Versioned } from '../platform/store/types';
import { ChannelThread, OutboxItem, Ticket, TicketRef } from './domain/model';
import { DeliveryResult } from './domain/outbox';
import { MICROSOFT_FIRST_RESPONSE_HOURS } from './microsoft';
import { threadNoteText } from './notes';
import { TicketDeliveryDeps } from './ports';
import { tellAdmins } from './adminNotice';
import { cardClock, customerLanguage, escalationView, partnerLanguage, ticketsT } from './views';

export interface DeliveryOptions {
  /** How long changes to one ticket are gathered before delivering (coalescing window). */
  debounceMs?: number;
  /** How often tickets with pending deliveries are swept up (after failures, crashes, a channel set later). */
  sweepMs?: number;
  /** Time for the coalescing window and retries; tests hold it still to make a burst deterministic. */
  clock?: Clock;
  /** Tickets this instance delivers at once (each holds a lease while it runs); the rest wait their turn. */
  concurrency?: number;
}

/** A delivery that can never succeed (nowhere to send it): given up at once, and audited. */
class Undeliverable extends Error {}

const GIVE_UP_WAIT_MS = 15_000;

function keyOfRef(ref: TicketRef): string {
  return `${ref.tenantId}\n${ref.id}`;
}

/** The sweep's lease: one instance sweeps at a time, and keeps sweeping while it lives. */
const SWEEP_LEASE = 'delivery.sweep';

export class TicketDelivery {
  readonly holder: string;
  private readonly slots: Slots;
  private readonly timers = new Map<string, { cancelled: boolean; due: number; retry: boolean }>();
  private readonly running = new Map<string, Promise<void>>();
  /** Asked for while the ticket was being delivered: run again when that ends (a schedule wins over a retry). */
  private readonly again = new Map<string, { delayMs: number; retry: boolean }>();
  private sweeper?: NodeJS.Timeout;
  private sweepLease?: Lease;
  private stopped = false;
  private readonly debounceMs: number;
  private readonly sweepMs: number;

  private readonly clock: Clock;

  constructor(
    private readonly deps: TicketDeliveryDeps,
    private readonly messenger: Messenger,
    private readonly leases: Leases,
    options: DeliveryOptions = {},
  ) {
    this.holder = leases.owner;
    this.debounceMs = options.debounceMs ?? 300;
    this.sweepMs = options.sweepMs ?? 10_000;
    this.clock = options.clock ?? systemClock;
    this.slots = new Slots(options.concurrency ?? 8);
  }

  /** Starts the periodic sweep and sweeps once now (what a previous run left in flight). */
  start(): void {
    this.stopped = false;
    void this.sweep();
    this.sweeper = setInterval(() => void this.sweep(), this.sweepMs);
    this.sweeper.unref();
  }

  /** Stops scheduling and waits (briefly) for deliveries in flight; the rest waits for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweeper) clearInterval(this.sweeper);
    for (const timer of this.timers.values()) timer.cancelled = true;
    this.timers.clear();
    const inFlight = Promise.allSettled([...this.running.values()]);
    await Promise.race([inFlight, new Promise((r) => setTimeout(r, GIVE_UP_WAIT_MS).unref())]);
    // Another instance may sweep at once instead of waiting for the lease to run out.
    await this.sweepLease?.release().catch(() => undefined);
  }

  /** Asks for delivery of a ticket's pending work after the coalescing window. */
  schedule(ref: TicketRef, delayMs = this.debounceMs): void {
    this.later(ref, delayMs, false);
  }

  /** A retry of work that failed or is not due yet; new work for the ticket does not wait for it. */
  private retry(ref: TicketRef, delayMs: number): void {
    this.later(ref, delayMs, true);
  }

  private later(ref: TicketRef, delayMs: number, retry: boolean): void {
    if (this.stopped) return;
    const key = keyOfRef(ref);
    if (this.running.has(key)) {
      const before = this.again.get(key);
      if (!before || (before.retry && !retry) || (before.retry === retry && delayMs < before.delayMs))
        this.again.set(key, { delayMs, retry });
      return;
    }
    const existing = this.timers.get(key);
    const due = this.clock.now() + delayMs;
    if (existing && (existing.due <= due || !existing.retry)) return;
    if (existing) existing.cancelled = true;
    const timer = { cancelled: false, due, retry };
    this.timers.set(key, timer);
    void this.clock.sleep(delayMs).then(() => {
      if (timer.cancelled) return;
      this.timers.delete(key);
      this.run(ref);
    });
  }

  /**
   * Resolves when no delivery is running and none is waiting for its coalescing window; retries
   * of failed work are not waited for. State-based: it waits for the work however long the
   * machine takes (`maxWaitMs` is only a safety net).
   */
  async idle(maxWaitMs = 60_000): Promise<void> {
    const deadline = Date.now() + maxWaitMs;
    while (Date.now() < deadline) {
      const waiting = [...this.timers.values()].some((x) => !x.retry);
      if (!waiting && this.running.size === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * Schedules the tickets whose delivery is due (from the pending index). Only the instance that
   * holds the sweep lease sweeps; `all` (e.g. an escalation channel was just set up) sweeps here
   * at once and takes every pending ticket, due or not.
   */
  async sweep(options: { all?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    try {
      if (!options.all) {
        this.sweepLease = await this.leases.tryAcquire(SWEEP_LEASE);
        if (!this.sweepLease) return;
      }
      for (const ref of await this.deps.tickets.pendingDelivery(options)) this.schedule(ref, 0);
    } catch (err) {
      this.deps.log.warn({ code: errorCode('TICKET_SWEEP_FAILED'), event: 'tickets.sweepFailed', err: causeOf(err) });
    }
  }

  private run(ref: TicketRef): void {
    const key = keyOfRef(ref);
    const work = this.slots
      .run(() => this.deliver(ref))
      .catch((err: unknown) => {
        this.deps.log.error({
          code: errorCode('TICKET_DELIVERY_FAILED'),
          event: 'tickets.deliveryFailed',
          ticket: ref.id,
          err: causeOf(err),
        });
        this.retry(ref, 5_000);
      })
      .finally(() => {
        this.running.delete(key);
        const again = this.again.get(key);
        this.again.delete(key);
        if (again) this.later(ref, again.delayMs, again.retry);
      });
    this.running.set(key, work);
  }

  private async deliver(ref: TicketRef): Promise<void> {
    if (this.stopped) return;
    const held = await whileHolding(this.leases, `delivery.${ref.tenantId}.${ref.id}`, (_lease, signal) => this.deliverHeld(ref, signal), {
      forget: true,
    });
    // Another instance is delivering it: it sees changes made meanwhile; look again shortly in case it had finished reading.
    if (!held) this.retry(ref, Math.min(5_000, this.leases.ttlMs / 3));
  }

  private async deliverHeld(ref: TicketRef, signal: AbortSignal): Promise<void> {
    const deps = this.deps;
    const leased = await deps.tickets.get(ref);
    if (!leased) {
      await deps.tickets.delivered(ref, this.holder, { done: [], failed: [] }); // gone: only its index entry is left
      return;
    }
    const send = { signal };
    const t = leased.value;
    const done: string[] = [];
    const failed: DeliveryResult['failed'] = [];
    let thread: ChannelThread | null = t.thread;
    let newThread: ChannelThread | undefined;
    let adminsTold = false;
    let syncedRevision: number | undefined;
    let retryIn: number | undefined;
    const now = Date.now();

    for (const item of t.outbox) {
      if (signal.aborted) break;
      if (item.notBefore && Date.parse(item.notBefore) > now) {
        retryIn = Math.min(retryIn ?? Infinity, Date.parse(item.notBefore) - now);
        continue;
      }
      try {
        if (item.kind === 'thread') {
          if (!thread) {
            const channel = await deps.settings.escalationChannel();
            if (!channel) {
              if (!t.adminsToldAt && !adminsTold) {
                await tellAdmins(deps, this.messenger, t);
                adminsTold = true;
              }
              continue; // stays pending until a channel is set up
            }
            const card = await escalationView(deps, leased, partnerLanguage(deps), [], { readOnly: true });
            const reference = channel.conversationReference as ConversationRef;
            const sent = await this.messenger.createThread(
              reference,
              channel.channelId ?? channel.conversationId,
              cardMessage(card),
              keyOf(reference),
              send,
            );
            newThread = {
              conversationId: sent.conversationId,
              activityId: sent.activityId,
              serviceUrl: sent.serviceUrl || channel.serviceUrl,
              channelConversationId: keyOf(reference),
              reference: {
                ...reference,
                serviceUrl: sent.serviceUrl || channel.serviceUrl,
                conversation: { ...(reference.conversation ?? {}), id: sent.conversationId },
              },
              syncedRevision: t.revision,
            };
            thread = newThread;
            deps.log.info({ event: 'tickets.threadPosted', number: t.number, conversationId: sent.conversationId });
          }
          done.push(item.id);
        } else if (item.kind === 'customer') {
          await this.notifyCustomer(deps, leased, item, signal);
          done.push(item.id);
        } else if (item.kind === 'threadNote') {
          if (!thread) {
            // Waits for the thread, unless posting it was given up: then there is nowhere to put the note.
            if (!t.outbox.some((o) => o.kind === 'thread')) throw new Undeliverable('the ticket has no thread');
            continue;
          }
          await this.postNote(deps, t, item, thread, signal);
          done.push(item.id);
        }
      } catch (err) {
        if (signal.aborted) break; // the lease was lost: the new owner does the rest
        const permanent = err instanceof Undeliverable;
        const wait = Math.min(15 * 60_000, 2_000 * 2 ** item.attempts);
        if (!permanent) retryIn = Math.min(retryIn ?? Infinity, wait);
        failed.push({ id: item.id, error: (err as Error).message ?? String(err), retryAt: new Date(now + wait).toISOString(), permanent });
        deps.log.warn({
          code: errorCode('TICKET_DELIVERY_ITEM_FAILED'),
          event: 'tickets.deliveryItemFailed',
          number: t.number,
          kind: item.kind,
          permanent,
          err: causeOf(err),
        });
      }
    }

    if (thread && thread.syncedRevision < t.revision && !signal.aborted) {
      try {
        const card = await escalationView(deps, leased, partnerLanguage(deps), [], { readOnly: true });
        await this.messenger.update(
          thread.reference as ConversationRef,
          thread.activityId,
          cardMessage(card),
          thread.channelConversationId,
          send,
        );
        syncedRevision = t.revision;
      } catch (err) {
        retryIn = Math.min(retryIn ?? Infinity, 5_000);
        deps.log.warn({
          code: errorCode('TICKET_CARD_UPDATE_FAILED'),
          event: 'tickets.cardUpdateFailed',
          number: t.number,
          err: causeOf(err),
        });
      }
    }

    const after = await deps.tickets.delivered(ref, this.holder, { done, failed, thread: newThread, syncedRevision, adminsTold }, retryIn);
    if (!after || signal.aborted) return;
    const changedMeanwhile = after.value.revision !== t.revision || after.value.outbox.some((i) => !t.outbox.some((o) => o.id === i.id));
    // Items waiting for a thread can go now that it exists.
    const unblocked = newThread !== undefined && after.value.outbox.some((i) => i.kind === 'threadNote');
    if (changedMeanwhile || unblocked) this.schedule(ref);
    else if (retryIn !== undefined && Number.isFinite(retryIn) && after.value.needsSync) this.retry(ref, retryIn);
  }

  /** No escalation channel yet: admins hear in 1:1 that a ticket is waiting. */
  private async notifyCustomer(
    deps: TicketDeliveryDeps,
    doc: Versioned<Ticket>,
    item: Extract<OutboxItem, { kind: 'customer' }>,
    signal: AbortSignal,
  ): Promise<void> {
    const t = doc.value;
    const user = await deps.users.get(t.tenantId, t.requesterKey);
    const reference = (user?.conversationReference ?? t.requester.conversationReference) as ConversationRef | undefined;
    if (!reference) throw new Undeliverable('no conversation with the customer');
    const lang = await customerLanguage(deps, t);
    const tt = ticketsT(deps, lang);
    const clock = cardClock(deps, lang, deps.tickets.now());
    const assignee = t.assignee?.name ? escapeText(t.assignee.name, 200) : tt('card.ourTeam');
    let activity: OutgoingMessage;
    switch (item.event) {
      case 'claimed':
        activity = textMessage(tt('notify.claimed', { number: t.number, name: assignee, partner: deps.partnerName }));
        break;
      case 'reply': {
        const m = t.messages.find((x) => x.id === item.messageId);
        if (!m) return; // trimmed away long ago: nothing left to send
        const name = m.by.name ? escapeText(m.by.name, 200) : tt('card.ourTeam');
        activity = cardMessage(
          noticeCard(tt('notify.replyTitle', { number: t.number, name }), [escapeText(m.text, 2000), tt('notify.replyHint', { name })]),
        );
        break;
      }
      case 'microsoft': {
        const ms = t.microsoft;
        if (!ms) return;
        activity = textMessage(
          ms.route === 'technical' && ms.expectedResponseBy
            ? tt('notify.microsoftTechnical', {
                number: t.number,
                caseNumber: escapeText(ms.caseNumber, 40),
                hours: MICROSOFT_FIRST_RESPONSE_HOURS[ms.severity],
                when: formatWhen(ms.expectedResponseBy, clock),
              })
            : tt('notify.microsoftCommercial', { number: t.number, caseNumber: escapeText(ms.caseNumber, 40) }),
        );
        break;
      }
      case 'resolved':
        activity = cardMessage(
          ratingCard(doc, tt, {
            ...clock,
            partner: deps.partnerName,
            reopenWindowDays: deps.tickets.options.reopenWindowDays,
            canReopen: deps.tickets.withinReopenWindow(t, clock.now),
          }),
        );
        break;
      case 'reopened':
        activity = textMessage(tt('notify.reopened', { number: t.number, name: assignee }));
        break;
    }
    await this.messenger.send(reference, messageInLanguage(activity, lang), undefined, { signal });
  }

  private async postNote(
    deps: TicketDeliveryDeps,
    t: Ticket,
    item: Extract<OutboxItem, { kind: 'threadNote' }>,
    thread: ChannelThread,
    signal: AbortSignal,
  ): Promise<void> {
    const text = threadNoteText(ticketsT(deps, partnerLanguage(deps)), t, item);
    if (text === undefined) return;
    await this.messenger.send(thread.reference as ConversationRef, textMessage(text), thread.channelConversationId, { signal });
  }
}
