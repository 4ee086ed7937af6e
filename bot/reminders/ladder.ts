/**
 * The collections ladder, run once a day: for each customer of the directory, the step due today
 * (domain/ladder.ts) becomes a campaign to that customer. Its request id is the customer, invoice
 * and step, so the campaign is created once whatever happens: a second run the same day, a run
 * the next day within the catch-up window, a restart, another instance.
 */
import { CustomerDirectory } from '../customers/directory';
import { localDateOf } from '../knowledge/hours';
import { Terms } from '../knowledge/terms';
import { Clock } from '../platform/clock';
import { Language } from '../platform/config';
import { causeOf, errorCode } from '../platform/errors';
import { Leases, whileHolding } from '../platform/jobs/lease';
import { Logger } from '../platform/log';
import { Store } from '../platform/store/types';
import { dueStep } from './domain/ladder';
import { reminderDocs } from './documents';
import { Campaign, ReminderTemplate } from './model';
import { peopleOf } from './recipients';
import { campaignIdFor, ReminderService } from './service';
import { dateTimeFormat } from '../platform/format';

const STATE_PK = 'ladder';
const STATE_ID = 'state';

/** The ladder's switch and last run, one document beside the campaigns. */
interface LadderState {
  /** Set by `reminders -- auto on|off`; absent = the configured default. */
  auto?: boolean;
  lastRunDate?: string;
  lastRunAt?: string;
}

export interface LadderItem {
  tenantId: string;
  customer: string;
  step: string;
  template: ReminderTemplate;
  /** The step's date. */
  date: string;
  recipients: number;
  /** Already sent (a campaign exists for this customer, invoice and step). */
  alreadySent: boolean;
  campaignId: string;
}

export interface LadderOptions {
  /** REMINDER_LADDER: on unless turned off. */
  enabledByDefault: boolean;
  /** Local time (HH:MM, partner time zone) after which the day's run happens. */
  at: string;
  catchUpDays: number;
}

export class ReminderLadder {
  constructor(
    private readonly deps: {
      service: ReminderService;
      customers: CustomerDirectory;
      store: Store;
      terms: Terms;
      clock: Clock;
      log: Logger;
      timeZone: string;
      fallbackLanguage: Language;
    },
    private readonly options: LadderOptions,
  ) {}

  private get states() {
    return this.deps.store.collection<LadderState>('reminders');
  }

  private async state(): Promise<LadderState> {
    return (await this.states.get(STATE_PK, STATE_ID))?.value ?? {};
  }

  async isAuto(): Promise<boolean> {
    return (await this.state()).auto ?? this.options.enabledByDefault;
  }

  async setAuto(on: boolean): Promise<void> {
    await this.states.upsert(STATE_PK, STATE_ID, { ...(await this.state()), auto: on });
  }

  /** The local date of the last daily run. */
  async lastRunDate(): Promise<string | undefined> {
    return (await this.state()).lastRunDate;
  }

  today(): string {
    return localDateOf(new Date(this.deps.clock.now()), this.deps.timeZone);
  }

  /** What the ladder sends on `today` (the dry run): one line per customer with a step due. */
  async plan(today = this.today()): Promise<LadderItem[]> {
    const ladder = this.deps.terms.partner.collection.ladder;
    const out: LadderItem[] = [];
    for (const customer of await this.deps.customers.list()) {
      const due = dueStep(ladder, customer, today, this.options.catchUpDays);
      if (!due) continue;
      const campaignId = campaignIdFor(requestIdOf(due.key));
      const existing = await reminderDocs(this.deps.store).campaigns.get('campaign', campaignId);
      out.push({
        tenantId: customer.tenantId,
        customer: customer.name,
        step: due.step,
        template: due.template,
        date: due.date,
        recipients: (await peopleOf(this.deps.store, customer, this.deps.fallbackLanguage)).length,
        alreadySent: !!existing,
        campaignId,
      });
    }
    return out;
  }

  /** Creates today's ladder campaigns that do not exist yet; returns the ones it created. */
  async run(today = this.today()): Promise<Campaign[]> {
    const ladder = this.deps.terms.partner.collection.ladder;
    const created: Campaign[] = [];
    for (const customer of await this.deps.customers.list()) {
      const due = dueStep(ladder, customer, today, this.options.catchUpDays);
      if (!due) continue;
      const requestId = requestIdOf(due.key);
      if (await this.deps.service.get(campaignIdFor(requestId))) continue;
      const campaign = await this.deps.service.create({
        template: due.template,
        audience: `tenants:${customer.tenantId}`,
        origin: { kind: 'ladder' },
        requestId,
        ladderKey: due.key,
      });
      created.push(campaign);
    }
    this.deps.log.info({ event: 'reminders.ladder.run', date: today, created: created.length });
    return created;
  }

  /**
   * The daily run, when due: the ladder is on, the local time has passed `at`, and today's run has
   * not happened. One instance at a time (a lease); safe to call often.
   */
  async maybeRun(leases: Leases): Promise<boolean> {
    const today = this.today();
    const state = await this.state();
    if (!((state.auto ?? this.options.enabledByDefault) && state.lastRunDate !== today && this.localTime() >= this.options.at))
      return false;
    let ran = false;
    await whileHolding(leases, 'reminders:ladder', async (lease) => {
      const again = await this.state();
      if (again.lastRunDate === today || !(await lease.untilHeld())) return;
      try {
        await this.run(today);
        await this.states.upsert(STATE_PK, STATE_ID, {
          ...(await this.state()),
          lastRunDate: today,
          lastRunAt: new Date(this.deps.clock.now()).toISOString(),
        });
        ran = true;
      } catch (err) {
        this.deps.log.error({ event: 'reminders.ladder.failed', code: errorCode('REMINDER_LADDER_FAILED'), err: causeOf(err) });
      }
    });
    return ran;
  }

  private localTime(): string {
    const parts = dateTimeFormat('en-GB', {
      timeZone: this.deps.timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(this.deps.clock.now()));
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
    return `${get('hour')}:${get('minute')}`;
  }
}

function requestIdOf(key: string): string {
  return `ladder:${key}`;
}
