/**
 * The reminders chat side as the composition root builds it: the recipients' card renderer and
 * the progress updater for the engine's sender, and the "I've paid" notices for the card verbs.
 */
import { renderReminder, RenderReminder } from '../../../cards/reminders/reminder';
import { Clock, systemClock } from '../../platform/clock';
import { Messenger } from '../../platform/teams/messenger';
import type { ReminderService } from '../service';
import { PaidReport, tellBilling } from './paidNotice';
import { ReminderChatDeps } from './ports';
import { ProgressUpdater } from './progress';

export class ReminderChat {
  /** Each recipient's card, for the engine's sender. */
  readonly renderReminder: RenderReminder;
  private readonly progress: ProgressUpdater;
  private readonly background = new Set<Promise<void>>();

  constructor(
    private readonly deps: ReminderChatDeps,
    service: Pick<ReminderService, 'nextStep'>,
    private readonly messenger: Messenger,
    private readonly clock: Clock = systemClock,
  ) {
    this.progress = new ProgressUpdater(deps, messenger, clock);
    this.renderReminder = renderReminder({ ...deps, nextStep: (c, today) => service.nextStep(c, today), now: () => this.clock.now() });
  }

  /** Now, on the clock the bot was built with. */
  now(): number {
    return this.clock.now();
  }

  /** The engine's progress callback: updates the campaign's progress card in place, paced. */
  readonly onProgress = (campaign: Parameters<ProgressUpdater['report']>[0], counts: Parameters<ProgressUpdater['report']>[1]): void =>
    this.progress.report(campaign, counts);

  /** Tells the billing team that a customer says they paid, in the background. */
  notifyPaid(report: PaidReport): void {
    const run: Promise<void> = tellBilling(this.deps, this.messenger, report).finally(() => this.background.delete(run));
    this.background.add(run);
  }

  /** Resolves when the notices and progress updates started so far are done. */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background]);
    await this.progress.idle();
  }

  async stop(): Promise<void> {
    this.progress.stop();
    await this.idle();
  }
}
