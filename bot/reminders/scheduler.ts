/**
 * Starts the background work of reminders: every `pollMs` (and at once when this instance
 * creates a campaign) it looks at the unfinished campaigns and runs the sender for each that is
 * due (scheduled ones at their time, also after a restart); then it runs the daily ladder when
 * due. The sender's and the ladder's leases decide which instance does the work.
 */
import { Clock } from '../platform/clock';
import { causeOf, errorCode } from '../platform/errors';
import { Leases } from '../platform/jobs/lease';
import { Logger } from '../platform/log';
import { ReminderLadder } from './ladder';
import { ReminderSender } from './sender';
import { ReminderService } from './service';

export class ReminderScheduler {
  private stopped = true;
  private loop?: Promise<void>;
  private kick?: () => void;
  private kicked = false;
  private unsubscribe?: () => void;

  constructor(
    private readonly deps: {
      service: ReminderService;
      sender: ReminderSender;
      ladder?: ReminderLadder;
      leases: Leases;
      clock: Clock;
      log: Logger;
    },
    private readonly pollMs: number,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.deps.sender.restart();
    this.unsubscribe = this.deps.service.subscribe((e) => {
      if (e.kind !== 'created') return;
      this.kicked = true;
      this.kick?.();
    });
    this.loop = (async () => {
      while (!this.stopped) {
        this.kicked = false;
        await this.tick();
        if (this.stopped) break;
        // A campaign created during the tick is started at once, not at the next poll.
        if (this.kicked) continue;
        await new Promise<void>((resolve) => {
          this.kick = resolve;
          void this.deps.clock.sleep(this.pollMs).then(resolve);
        });
      }
    })();
  }

  /** One look: start what is due. */
  async tick(): Promise<void> {
    try {
      // The ladder first: the campaigns it creates start in this same tick.
      if (this.deps.ladder) await this.deps.ladder.maybeRun(this.deps.leases);
      const now = this.deps.clock.now();
      for (const c of await this.deps.service.active()) {
        if (c.status === 'scheduled' && c.sendAt && Date.parse(c.sendAt) > now) continue;
        if (!this.deps.sender.isRunning(c.id)) void this.deps.sender.run(c.id);
      }
    } catch (err) {
      this.deps.log.error({ event: 'reminders.scheduler.failed', code: errorCode('REMINDER_SENDER_FAILED'), err: causeOf(err) });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.kick?.();
    await this.loop;
    await this.deps.sender.stop();
  }
}
