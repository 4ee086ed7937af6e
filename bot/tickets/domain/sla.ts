/** The SLA clock of a ticket: business-time arithmetic, and how the clock moves with the status. */
import { addBusinessHours, BusinessHours, nextOpening, openState } from '../../knowledge/hours';
import type { Priority } from '../../knowledge/terms';
import { PAUSED_STATUSES, SlaClock, Ticket, TicketStatus } from './model';

const HOUR_MS = 3_600_000;

/** Business time arithmetic that ticket SLAs need; the real one counts the partner's opening hours. */
export interface BusinessClock {
  /** The instant `hours` of business time after `from`. */
  addBusinessHours(from: Date, hours: number): Date;
  /** Business time between two instants, in ms (0 when `to` is not after `from`). */
  businessMsBetween(from: Date, to: Date): number;
  /** `at` itself when support is open, else its next opening; undefined if it never opens. */
  nextOpening(at: Date): Date | undefined;
  isOpen(at: Date): boolean;
}

/** The clock of the support terms' opening hours, holidays and time zone. */
export function businessClock(hours: BusinessHours): BusinessClock {
  return {
    addBusinessHours: (from, h) => addBusinessHours(hours, from, h),
    nextOpening: (at) => nextOpening(hours, at),
    isOpen: (at) => openState(hours, at).open,
    businessMsBetween(from, to) {
      if (to.getTime() <= from.getTime()) return 0;
      // addBusinessHours is monotone in its amount, so the business time up to `to` is the largest
      // amount (in ms) whose end is not after `to`. Pauses are rare; ~40 bisection steps are cheap.
      let lo = 0;
      let hi = to.getTime() - from.getTime() + 1;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (addBusinessHours(hours, from, mid / HOUR_MS).getTime() <= to.getTime()) lo = mid;
        else hi = mid;
      }
      return lo;
    },
  };
}

/** What the SLA rules need: the business clock and the first-response targets of the support terms. */
export interface SlaRules {
  clock: BusinessClock;
  /** First-response targets per priority, in business hours. */
  targets: Record<Priority, number>;
}

/** A fresh clock for a new ticket: the full target from now. */
export function startSla(priority: Priority, now: Date, rules: SlaRules): SlaClock {
  const targetHours = rules.targets[priority];
  return {
    targetHours,
    startedAt: now.toISOString(),
    dueAt: rules.clock.addBusinessHours(now, targetHours).toISOString(),
    pausedAt: null,
    remainingMs: null,
    stoppedAt: null,
    breachedAt: null,
    firstResponseAt: null,
  };
}

/** The clock once a person has answered the customer (the first answer counts). */
export function firstResponse(sla: SlaClock, at: string): SlaClock {
  return sla.firstResponseAt ? sla : { ...sla, firstResponseAt: at };
}

/** The SLA clock after a status change: paused while waiting on others, stopped when resolved, fresh on reopen. */
export function slaOnStatus(t: Ticket, to: TicketStatus, now: Date, rules: SlaRules): SlaClock {
  const at = now.toISOString();
  const from = t.status;
  const sla = { ...t.sla };
  const running = sla.dueAt !== null && sla.stoppedAt === null;
  const breachedBy = (due: string) => sla.breachedAt ?? (now.getTime() > Date.parse(due) ? due : null);
  if (from === 'resolved' || from === 'closed') {
    // A reopened ticket is a new request: the full target again.
    const targetHours = rules.targets[t.priority];
    return {
      ...sla,
      targetHours,
      startedAt: at,
      dueAt: rules.clock.addBusinessHours(now, targetHours).toISOString(),
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
      remainingMs: rules.clock.businessMsBetween(now, new Date(sla.dueAt)),
      pausedAt: at,
      dueAt: null,
    };
  }
  // Back with the partner: the clock goes on with the business time that was left.
  if (sla.pausedAt !== null && sla.remainingMs !== null) {
    return {
      ...sla,
      dueAt: rules.clock.addBusinessHours(now, sla.remainingMs / HOUR_MS).toISOString(),
      pausedAt: null,
      remainingMs: null,
    };
  }
  return sla;
}
