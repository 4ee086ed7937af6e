import { addBusinessHours, BusinessHours, nextOpening, openState } from '../../knowledge/hours';

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
