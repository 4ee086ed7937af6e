/**
 * Keeps a campaign's progress card up to date in the chat it was started from. The engine reports
 * counts every few seconds; this updates the card in place, coalescing reports (only the latest
 * counts of a campaign are shown) and leaving a gap between updates of one conversation, so the
 * card's own updates stay well inside that conversation's Teams limits (at most one every
 * PROGRESS_GAP_MS: 1,200 an hour against 1,800, whatever number of campaigns share the chat).
 */
import { progressCard } from '../../../cards/reminders/progress';
import { Clock, systemClock } from '../../platform/clock';
import { supportedLanguage } from '../../platform/config';
import { causeOf, errorCode } from '../../platform/errors';
import { cardMessage, ConversationRef } from '../../platform/teams/cardMessage';
import { keyOf, Messenger } from '../../platform/teams/messenger';
import { Campaign, CampaignCounts } from '../model';
import { ReminderChatDeps } from './ports';

/** The least time between two progress updates in one conversation. */
export const PROGRESS_GAP_MS = 3_000;

type Report = { campaign: Campaign; counts: CampaignCounts };

export class ProgressUpdater {
  /** Latest report per campaign not shown yet, by conversation. */
  private readonly waiting = new Map<string, Map<string, Report>>();
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly deps: ReminderChatDeps,
    private readonly messenger: Messenger,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Shows these counts on the campaign's progress card (soon; never throws). */
  report(campaign: Campaign, counts: CampaignCounts): void {
    const ref = campaign.progress?.conversationReference as ConversationRef | undefined;
    if (this.stopped || !ref || !campaign.progress?.activityId) return;
    const key = keyOf(ref);
    let queue = this.waiting.get(key);
    if (!queue) this.waiting.set(key, (queue = new Map()));
    // A newer report replaces the one not shown yet; it keeps its place in the queue.
    queue.set(campaign.id, { campaign, counts });
    if (!this.running.has(key)) {
      const run = this.drain(key).finally(() => this.running.delete(key));
      this.running.set(key, run);
    }
  }

  /** Resolves when every report received so far is shown (or failed). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  stop(): void {
    this.stopped = true;
    this.waiting.clear();
  }

  private async drain(key: string): Promise<void> {
    for (;;) {
      const queue = this.waiting.get(key);
      const next = queue?.entries().next();
      if (!queue || !next || next.done) {
        this.waiting.delete(key);
        return;
      }
      const [id, report] = next.value;
      queue.delete(id);
      await this.show(report);
      if (this.stopped) return;
      await this.clock.sleep(PROGRESS_GAP_MS);
    }
  }

  private async show({ campaign, counts }: Report): Promise<void> {
    const progress = campaign.progress;
    if (!progress?.activityId) return;
    const ref = progress.conversationReference as ConversationRef;
    const lang =
      supportedLanguage(typeof ref.locale === 'string' ? ref.locale : undefined) ??
      supportedLanguage(this.deps.config.DEFAULT_LOCALE) ??
      'en';
    try {
      const card = progressCard(this.deps.i18n, lang, campaign, counts, { timeZone: this.deps.hours.timeZone });
      await this.messenger.update(ref, progress.activityId, cardMessage(card));
    } catch (err) {
      this.deps.log.warn({
        code: errorCode('REMINDER_PROGRESS_FAILED'),
        event: 'reminders.progressFailed',
        campaignId: campaign.id,
        err: causeOf(err),
      });
    }
  }
}
