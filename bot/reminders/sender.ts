/**
 * Sends a campaign's cards in the background, on the instance that holds the campaign's lease.
 *
 * Pacing: every send waits for its tenant's pace (REMINDER_TENANT_RPS, below Teams' 50/s per app
 * and tenant; pacer.ts) and for its conversation's (7/1 s, 8/2 s, 60/30 s, 1,800/h); tenants are
 * served in waves (waves.ts): a bounded number at once, each at its full rate. A 429 pauses that
 * tenant for exactly its Retry-After; 412, 502, 503, 504 and network failures are retried after a
 * jittered back-off; 403 ends as `blocked`, 404 as `not_found`, anything else or the last attempt
 * as `failed` (outcome.ts).
 *
 * Crash safety: before each call the recipient is marked "sending" (attempts + 1) and the outcome
 * clears the mark, both as ETag writes, so after a crash only the sends in flight at that moment
 * (at most `concurrency`) can go out twice; a `sent` recipient is never sent again.
 */
import type { Customer } from '../customers/directory';
import { causeOf, errorCode } from '../platform/errors';
import { Clock } from '../platform/clock';
import { Lease, Leases, whileHolding } from '../platform/jobs/lease';
import { Slots } from '../platform/jobs/slots';
import { Logger } from '../platform/log';
import { PreconditionFailedError, updateWithRetry, Versioned } from '../platform/store/types';
import { OutgoingMessage } from '../platform/teams/cardMessage';
import { keyOf, Messenger } from '../platform/teams/messenger';
import { CAMPAIGN_PK, CampaignDoc, RecipientDoc, reminderDocs, toCampaign, toRecipient } from './documents';
import { Campaign, CampaignCounts, Recipient } from './model';
import { outcomeOfFailure } from './outcome';
import { ReminderService } from './service';
import { inWaves, TenantWaves } from './waves';

/** Renders one recipient's card (the chat side provides it from cards/reminders). */
export type RenderReminder = (campaign: Campaign, recipient: Recipient, customer: Customer) => OutgoingMessage;
/** Told the counts of a campaign with a progress card, at most once per `progressMs`. */
export type OnProgress = (campaign: Campaign, counts: CampaignCounts) => void;

/** What paces sends: `acquire(key)` resolves when one more operation on `key` is allowed. */
export interface Limiter {
  acquire(key: string): Promise<void>;
}

export interface SenderOptions {
  /** Attempts per recipient before `failed`. */
  maxAttempts: number;
  /** Sends in flight at once, all tenants together (the most that can be duplicated by a crash). */
  concurrency: number;
  /** Sends in flight at once per tenant. */
  perTenant: number;
  progressMs: number;
  /** Back-off after a retryable failure: full jitter up to min(cap, base × 2^attempt). */
  backoffBaseMs: number;
  backoffCapMs: number;
}

export const DEFAULT_SENDER_OPTIONS: SenderOptions = {
  maxAttempts: 5,
  concurrency: 64,
  perTenant: 4,
  progressMs: 3000,
  backoffBaseMs: 500,
  backoffCapMs: 30_000,
};

export interface SenderDeps {
  service: ReminderService;
  messenger: Messenger;
  render: RenderReminder;
  onProgress?: OnProgress;
  leases: Leases;
  clock: Clock;
  log: Logger;
  /** Per conversation (Teams' conversation limits) and per tenant (the tenant rate). */
  conversationLimiter: Limiter;
  tenantLimiter: Limiter;
  customers: { get(tenantId: string): Promise<Customer | undefined> };
  store: Parameters<typeof reminderDocs>[0];
  /** How many tenants are sent at once (all campaigns of this instance together). */
  waves: TenantWaves;
}

const WATCH_MS = 1000;

type Item = Versioned<RecipientDoc>;

export class ReminderSender {
  private readonly running = new Map<string, Promise<boolean>>();
  private readonly cancelled = new Set<string>();
  private stopping = false;
  private stopSignal!: Promise<void>;
  private wakeStop!: () => void;
  private readonly options: SenderOptions;
  private readonly slots: Slots;
  private inFlight = 0;
  /** Most sends in flight at once since start: the measured duplicate window. */
  maxInFlight = 0;

  constructor(
    private readonly deps: SenderDeps,
    options: Partial<SenderOptions> = {},
  ) {
    this.options = { ...DEFAULT_SENDER_OPTIONS, ...options };
    this.slots = new Slots(this.options.concurrency);
    this.resetStop();
    deps.service.subscribe((e) => {
      if (e.kind === 'cancelled') this.cancelled.add(e.campaignId);
    });
  }

  private resetStop(): void {
    this.stopping = false;
    this.stopSignal = new Promise<void>((resolve) => (this.wakeStop = resolve));
  }

  private get docs() {
    return reminderDocs(this.deps.store);
  }

  isRunning(campaignId: string): boolean {
    return this.running.has(campaignId);
  }

  /** Campaigns this instance is sending now. */
  runningCount(): number {
    return this.running.size;
  }

  /** Sends what is pending of a campaign while holding its lease; false when another instance holds it. */
  run(campaignId: string): Promise<boolean> {
    const existing = this.running.get(campaignId);
    if (existing) return existing;
    if (this.stopping) return Promise.resolve(false);
    const job = whileHolding(this.deps.leases, `reminders:campaign:${campaignId}`, (lease, signal) =>
      this.sendCampaign(campaignId, lease, signal),
    )
      .catch((err) => {
        this.deps.log.error({ event: 'reminders.sender.failed', code: errorCode('REMINDER_SENDER_FAILED'), campaignId, err: causeOf(err) });
        return true;
      })
      .finally(() => this.running.delete(campaignId));
    this.running.set(campaignId, job);
    return job;
  }

  /** Stops taking new sends, waits for the ones in flight, releases the leases. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeStop();
    await Promise.allSettled([...this.running.values()]);
  }

  /** Allows `run` again after `stop` (tests restarting a sender). */
  restart(): void {
    this.resetStop();
  }

  private sleep(ms: number): Promise<void> {
    return Promise.race([this.deps.clock.sleep(Math.max(0, ms)), this.stopSignal]);
  }

  private async sendCampaign(id: string, lease: Lease, signal: AbortSignal): Promise<void> {
    const { clock, log } = this.deps;
    const first = await this.docs.campaigns.get(CAMPAIGN_PK, id);
    if (!first || !first.value.active) return;
    let campaign: CampaignDoc = first.value;
    if (campaign.status === 'scheduled') {
      if (campaign.sendAt && Date.parse(campaign.sendAt) > clock.now()) return;
      const started = await updateWithRetry(this.docs.campaigns, CAMPAIGN_PK, id, (c) =>
        c.status === 'scheduled' ? { ...c, status: 'sending' as const } : undefined,
      );
      if (started) campaign = started.value;
    }
    if (campaign.status === 'cancelled') this.cancelled.add(id);
    const pending = await this.docs.recipients.find(id, { where: { state: 'pending' } });
    const resumed = pending.filter((d) => d.value.sending).length;
    log.info({ event: 'reminders.campaign.start', campaignId: id, pending: pending.length, resumedInFlight: resumed, epoch: lease.epoch });

    const byTenant = new Map<string, Item[]>();
    for (const d of pending) {
      const list = byTenant.get(d.value.tenantId);
      if (list) list.push(d);
      else byTenant.set(d.value.tenantId, [d]);
    }
    const customers = new Map<string, Customer | undefined>();
    for (const tenantId of byTenant.keys()) customers.set(tenantId, await this.deps.customers.get(tenantId));

    let finished = false;
    let wake!: () => void;
    const over = new Promise<void>((resolve) => (wake = resolve));
    // A renewal that is merely late (a slow store on a loaded machine) pauses the work, it does not end it.
    const halted = () => this.stopping || signal.aborted || this.cancelled.has(id) || lease.isLost;
    const mayAct = async () => !halted() && (await lease.untilHeld()) && !halted();
    const watcher = (async () => {
      while (!finished && !halted()) {
        await Promise.race([this.sleep(WATCH_MS), over]);
        const now = await this.docs.campaigns.get(CAMPAIGN_PK, id).catch(() => undefined);
        if (now?.value.status === 'cancelled') this.cancelled.add(id);
      }
    })();
    const progress = this.progressLoop(id, campaign, () => finished);

    const view = toCampaign(campaign);
    const paused = new Map<string, number>();
    const retries = new Map<string, Item[]>();
    const worker = async (tenantId: string) => {
      const queue = byTenant.get(tenantId) ?? [];
      for (;;) {
        if (halted()) return;
        let item = queue.shift();
        if (!item) {
          const later = retries.get(tenantId) ?? [];
          if (later.length === 0) return;
          later.sort((a, b) => Date.parse(a.value.notBefore ?? '0') - Date.parse(b.value.notBefore ?? '0'));
          item = later.shift()!;
          const wait = Date.parse(item.value.notBefore ?? '0') - clock.now();
          if (wait > 0) await this.sleep(wait);
          if (halted()) return;
        }
        const pause = (paused.get(tenantId) ?? 0) - clock.now();
        if (pause > 0) await this.sleep(pause);
        if (halted()) {
          queue.unshift(item);
          return;
        }
        const again = await this.sendOne(view, item, customers.get(tenantId), paused, mayAct);
        this.deps.waves.sent(tenantId);
        if (again) {
          const later = retries.get(tenantId);
          if (later) later.push(again);
          else retries.set(tenantId, [again]);
        }
      }
    };
    const waves = this.deps.waves;
    waves.begin();
    try {
      await inWaves(waves, [...byTenant.keys()], {
        remaining: (t) => (byTenant.get(t)?.length ?? 0) + (retries.get(t)?.length ?? 0),
        run: (t) => Promise.all(Array.from({ length: this.options.perTenant }, () => worker(t))),
        halted,
        // A halt (cancel, lost lease) is seen within a second while waiting for room.
        pause: () => this.sleep(WATCH_MS),
      });
      if (this.cancelled.has(id) && (await lease.untilHeld())) await this.cancelRest(id);
      const left = await this.docs.recipients.find(id, { where: { state: 'pending' }, limit: 1 });
      if (left.length === 0 && (await lease.untilHeld())) await this.deps.service.finish(id);
    } finally {
      waves.end();
      finished = true;
      wake();
      await watcher;
      await progress;
    }
    log.info({ event: 'reminders.campaign.stop', campaignId: id, halted: halted() });
  }

  /**
   * One attempt for one recipient. Returns the recipient again (with its `notBefore`) when it is to
   * be retried, undefined when it reached a final state or was taken by someone else.
   */
  private async sendOne(
    campaign: Campaign,
    item: Item,
    customer: Customer | undefined,
    paused: Map<string, number>,
    mayAct: () => Promise<boolean>,
  ): Promise<Item | undefined> {
    const { clock, log, messenger } = this.deps;
    const { recipients } = this.docs;
    const r = item.value;
    const reference = r.reference;
    const convKey = keyOf(reference) || r.rid;
    // The tenant's pace first: a slot (a send in flight) is not held while waiting for it.
    await this.deps.tenantLimiter.acquire(`tenant:${r.tenantId}`);
    return this.slots.run(async () => {
      await this.deps.conversationLimiter.acquire(convKey);
      if (!(await mayAct())) return undefined;
      const startedAt = new Date(clock.now()).toISOString();
      let marked: Item;
      try {
        marked = await recipients.replace(
          r.campaignId,
          item.id,
          { ...r, attempts: r.attempts + 1, sending: startedAt, updatedAt: startedAt },
          item.etag,
        );
      } catch (err) {
        if (!(err instanceof PreconditionFailedError)) throw err;
        // Someone else wrote it (an acknowledgement, a cancel): go on from what is stored now.
        const fresh = await recipients.get(r.campaignId, item.id);
        return fresh && fresh.value.state === 'pending' && !fresh.value.sending ? fresh : undefined;
      }
      const current = marked.value;
      let outcome: Partial<RecipientDoc>;
      let retry = false;
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      try {
        if (!customer) throw Object.assign(new Error('customer no longer in the directory'), { render: true });
        let activity: OutgoingMessage;
        try {
          activity = this.deps.render(campaign, toRecipient(current), customer);
        } catch (err) {
          throw Object.assign(err instanceof Error ? err : new Error(String(err)), { render: true });
        }
        const activityId = await messenger.send(reference, activity, convKey);
        const conversationId = (reference as { conversation?: { id?: string } }).conversation?.id;
        outcome = {
          state: 'sent',
          sentAt: new Date(clock.now()).toISOString(),
          ...(activityId ? { activityId } : {}),
          ...(conversationId ? { conversationId } : {}),
        };
      } catch (err) {
        if ((err as { render?: boolean }).render) {
          log.error({
            event: 'reminders.render.failed',
            code: errorCode('REMINDER_RENDER_FAILED'),
            campaignId: r.campaignId,
            err: causeOf(err),
          });
          outcome = { state: 'failed' };
        } else {
          const failed = outcomeOfFailure(err, current.attempts, this.options.maxAttempts, clock.now(), (n) => this.backoff(n));
          ({ outcome, retry } = failed);
          if (failed.pauseTenantUntil) paused.set(r.tenantId, Math.max(paused.get(r.tenantId) ?? 0, failed.pauseTenantUntil));
          if (outcome.state === 'failed')
            log.warn({
              event: 'reminders.send.failed',
              code: errorCode('REMINDER_SEND_FAILED'),
              campaignId: r.campaignId,
              status: outcome.lastStatus,
              attempts: current.attempts,
            });
        }
      } finally {
        this.inFlight--;
      }
      const updatedAt = new Date(clock.now()).toISOString();
      const apply = (cur: RecipientDoc): RecipientDoc => {
        const next: RecipientDoc = { ...cur, ...outcome, updatedAt };
        delete next.sending;
        if (outcome.state !== 'pending') delete next.notBefore;
        return next;
      };
      let written: Item | undefined;
      try {
        written = await recipients.replace(r.campaignId, item.id, apply(current), marked.etag);
      } catch (err) {
        if (!(err instanceof PreconditionFailedError)) throw err;
        written = await updateWithRetry(recipients, r.campaignId, item.id, apply);
      }
      return retry ? written : undefined;
    });
  }

  private backoff(attempt: number): number {
    return Math.random() * Math.min(this.options.backoffCapMs, this.options.backoffBaseMs * 2 ** attempt);
  }

  /** A cancelled campaign: whatever is still pending (a crash's stale "sending" marks included) ends `cancelled`. */
  private async cancelRest(id: string): Promise<void> {
    const now = new Date(this.deps.clock.now()).toISOString();
    for (const d of await this.docs.recipients.find(id, { where: { state: 'pending' } })) {
      await updateWithRetry(this.docs.recipients, id, d.id, (r) => {
        if (r.state !== 'pending') return undefined;
        const next: RecipientDoc = { ...r, state: 'cancelled', updatedAt: now };
        delete next.sending;
        return next;
      });
    }
  }

  /** Tells the progress card the counts every `progressMs` while sending, and once more at the end. */
  private async progressLoop(id: string, campaign: CampaignDoc, finished: () => boolean): Promise<void> {
    const onProgress = this.deps.onProgress;
    if (!onProgress || !campaign.progress) return;
    for (;;) {
      const last = finished();
      await this.sleep(this.options.progressMs);
      if (this.stopping) return;
      try {
        const doc = await this.docs.campaigns.get(CAMPAIGN_PK, id);
        if (doc) onProgress(toCampaign(doc.value), await this.deps.service.counts(id));
      } catch (err) {
        this.deps.log.warn({ event: 'reminders.progress.failed', campaignId: id, err: causeOf(err) });
      }
      if (last) return;
    }
  }
}
