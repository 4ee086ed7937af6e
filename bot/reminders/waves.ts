/**
 * Tenants in waves. Every tenant may be sent at REMINDER_TENANT_RPS; fifty tenants at 40/s is
 * 2,000 sends a second, more than one instance can feed. Started all at once they would all
 * trickle at a fraction of their rate, each for the whole campaign. Instead a bounded number of
 * tenants is in flight at once, each at its full rate, and the next one starts when one finishes:
 * the campaign takes no longer (the instance sends as much per second either way) and each
 * customer's reminders go out in a short burst at the pace Teams allows.
 *
 * How many at once: at most `maxTenants`; when adaptive, it starts at two and, every sample
 * (2 s), grows while every tenant in full flow kept its rate and the event loop has room: towards
 * the number its utilization says it can feed (tenants × busy / utilization), at most doubling,
 * and only while the loop's delay (p99) stays under a fifth of `lagMs`.
 * It shrinks by one when a tenant in full flow fell behind, the loop is nearly always busy, or
 * its delay (p99) is over `lagMs`. Shrinking only holds back tenants not yet started; a started
 * one runs to its end, so the first waves are kept small.
 */
import { EventLoopUtilization, IntervalHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';

export interface WaveOptions {
  /** Most tenants in flight at once on this instance (all campaigns together). */
  maxTenants: number;
  /** Adapt the number to what this instance keeps up with; else always `maxTenants`. */
  adaptive: boolean;
  /** The tenant rate (sends per second) a tenant in full flow is expected to keep. */
  tenantRps: number;
  /** Where the adaptive number starts. */
  startTenants?: number;
  sampleMs?: number;
  /** Event-loop utilization (0..1) above which no tenant is added, and above `busy + 0.1` one is taken away. */
  busy?: number;
  /** Event-loop delay (p99, ms) above which the number shrinks: a send delayed that long after its slot was counted is not sent on it (platform/teams/budget.ts). */
  lagMs?: number;
  /** A tenant in full flow below this share of its rate is behind. */
  behind?: number;
}

interface Active {
  sent: number;
  /** Still to send when the current sample began (a tenant near its end is not in full flow). */
  remaining: () => number;
  since: number;
}

export class TenantWaves {
  private readonly active = new Map<string, Active>();
  private current: number;
  private wake?: () => void;
  private changedSignal?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private histogram?: IntervalHistogram;
  private lastElu?: EventLoopUtilization;
  private users = 0;
  private readonly o: Required<WaveOptions>;
  /** Most tenants in flight at once so far (a measure). */
  maxInFlight = 0;

  constructor(options: WaveOptions) {
    this.o = { startTenants: 2, sampleMs: 2000, busy: 0.8, lagMs: 250, behind: 0.95, ...options };
    this.current = this.o.adaptive ? Math.min(this.o.maxTenants, this.o.startTenants) : this.o.maxTenants;
  }

  /** Tenants that may be in flight now. */
  get limit(): number {
    return this.current;
  }

  get inFlight(): number {
    return this.active.size;
  }

  /** A campaign starts sending: sample the event loop while any does. */
  begin(): void {
    if (this.users++ > 0 || !this.o.adaptive) return;
    this.histogram = monitorEventLoopDelay({ resolution: 10 });
    this.histogram.enable();
    this.lastElu = performance.eventLoopUtilization();
    this.timer = setInterval(() => this.sample(), this.o.sampleMs);
    this.timer.unref();
  }

  end(): void {
    if (--this.users > 0 || !this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.histogram?.disable();
  }

  /**
   * Starts `tenantId` when there is room: returns its release (call it when the tenant is done),
   * or undefined when the wave is full (wait for `changed()` and ask again).
   */
  tryEnter(tenantId: string, remaining: () => number): (() => void) | undefined {
    if (this.active.size >= this.current || this.active.has(tenantId)) return undefined;
    this.active.set(tenantId, { sent: 0, remaining, since: performance.now() });
    this.maxInFlight = Math.max(this.maxInFlight, this.active.size);
    return () => {
      this.active.delete(tenantId);
      this.signal();
    };
  }

  /** One send of a tenant in flight went out (whatever Teams answered). */
  sent(tenantId: string): void {
    const a = this.active.get(tenantId);
    if (a) a.sent++;
  }

  /** Resolves when a tenant finished or the number changed. */
  changed(): Promise<void> {
    if (!this.changedSignal) this.changedSignal = new Promise<void>((resolve) => (this.wake = resolve));
    return this.changedSignal;
  }

  private signal(): void {
    const wake = this.wake;
    this.changedSignal = undefined;
    this.wake = undefined;
    wake?.();
  }

  private sample(): void {
    const elu = performance.eventLoopUtilization(this.lastElu);
    this.lastElu = performance.eventLoopUtilization();
    const lag = (this.histogram?.percentile(99) ?? 0) / 1e6;
    this.histogram?.reset();
    const now = performance.now();
    // Tenants that were in flight the whole sample with a full sample's sends still ahead of them.
    const expected = (this.o.tenantRps * this.o.sampleMs) / 1000;
    let full = 0;
    let behind = 0;
    for (const a of this.active.values()) {
      if (now - a.since >= this.o.sampleMs * 0.9 && a.remaining() + a.sent >= expected * 1.5) {
        full++;
        if (a.sent < expected * this.o.behind) behind++;
      }
      a.sent = 0;
      a.since = Math.max(a.since, now - this.o.sampleMs);
    }
    const before = this.current;
    const use = elu.utilization;
    if (behind > 0 || lag > this.o.lagMs || use > this.o.busy + 0.1) this.current = Math.max(1, this.current - 1);
    // Utilization misses time spent waiting for a CPU on a shared machine; a quiet loop delay does not.
    else if (this.active.size >= this.current && full > 0 && use < this.o.busy && lag < this.o.lagMs / 5) {
      const feeds = Math.floor((this.active.size * this.o.busy) / Math.max(use, 0.05));
      this.current = Math.min(this.o.maxTenants, 2 * this.current, Math.max(this.current + 1, feeds));
    }
    if (this.current !== before) this.signal();
  }
}

/** Runs each tenant when `waves` has room for it, in order; starts no more once halted or one failed. */
export async function inWaves(
  waves: TenantWaves,
  tenants: readonly string[],
  how: {
    /** What a tenant still has to send. */
    remaining: (tenantId: string) => number;
    run: (tenantId: string) => Promise<unknown>;
    halted: () => boolean;
    /** Waits a little before looking at `halted` again when the wave is full. */
    pause: () => Promise<void>;
  },
): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { err: unknown } | undefined;
  const stop = () => how.halted() || failure !== undefined;
  for (const tenantId of tenants) {
    let release: (() => void) | undefined;
    while (!stop() && !(release = waves.tryEnter(tenantId, () => how.remaining(tenantId)))) {
      await Promise.race([waves.changed(), how.pause()]);
    }
    if (!release) break;
    const done = release;
    const job: Promise<void> = how
      .run(tenantId)
      .then(
        () => undefined,
        (err: unknown) => void (failure ??= { err }),
      )
      .finally(() => {
        done();
        running.delete(job);
      });
    running.add(job);
  }
  await Promise.all(running);
  if (failure) throw failure.err;
}
