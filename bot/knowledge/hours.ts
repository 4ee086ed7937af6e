/**
 * Business hours in the partner's time zone: open now?, next opening, and adding business hours
 * (for SLA due times). Wall-clock times are turned into instants with Intl, so DST is handled by
 * the time zone database rather than by fixed offsets.
 */

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local wall-clock times "HH:MM"; close may be "24:00". */
export interface Interval {
  open: string;
  close: string;
}

export interface BusinessHours {
  /** IANA time zone, e.g. Europe/Istanbul. */
  timeZone: string;
  weekly: Record<Weekday, Interval[]>;
  /** Closed all day, or open only `hours` that day. Dates are local, YYYY-MM-DD. */
  holidays: { date: string; hours?: Interval[] }[];
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function localParts(at: Date, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return { year: out.year, month: out.month, day: out.day, hour: out.hour % 24, minute: out.minute, second: out.second };
}

/** Offset of the zone from UTC at an instant, in ms (local = utc + offset). */
function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const p = localParts(new Date(whole), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - whole;
}

const DAY_MS = 86_400_000;

/**
 * The instant of a local wall-clock time. Like Temporal's "compatible" choice: in a DST overlap
 * the earlier instant, in a DST gap (a time that does not exist) the time shifted forward.
 */
export function zonedTime(year: number, month: number, day: number, minutesOfDay: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, 0, minutesOfDay);
  const before = wall - offsetAt(wall - DAY_MS, timeZone);
  const after = wall - offsetAt(wall + DAY_MS, timeZone);
  const maps = (ms: number) => ms + offsetAt(ms, timeZone) === wall;
  const valid = [before, after].filter(maps);
  if (valid.length > 0) return new Date(Math.min(...valid));
  return new Date(before);
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDateOf(at: Date, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Opening intervals of one local date, as instants. */
function intervalsOn(hours: BusinessHours, year: number, month: number, day: number): { start: Date; end: Date }[] {
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const holiday = hours.holidays.find((h) => h.date === date);
  // Date.UTC(...).getUTCDay(): 0 = Sunday; WEEKDAYS starts on Monday.
  const weekday = WEEKDAYS[(new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7];
  const list = holiday ? (holiday.hours ?? []) : hours.weekly[weekday];
  return list.map((i) => ({
    start: zonedTime(year, month, day, toMinutes(i.open), hours.timeZone),
    end: zonedTime(year, month, day, toMinutes(i.close), hours.timeZone),
  }));
}

/** Opening intervals from the local day of `from` onwards, for at most `maxDays` days. */
function* intervalsFrom(hours: BusinessHours, from: Date, maxDays = 400): Generator<{ start: Date; end: Date }> {
  const p = localParts(from, hours.timeZone);
  for (let d = 0; d < maxDays; d++) {
    const date = new Date(Date.UTC(p.year, p.month - 1, p.day + d));
    yield* intervalsOn(hours, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
  }
}

/** Whether support is open at an instant. */
export function isOpen(hours: BusinessHours, at: Date): boolean {
  const p = localParts(at, hours.timeZone);
  // An interval that opened yesterday cannot still run (close ≤ 24:00), so today is enough.
  return intervalsOn(hours, p.year, p.month, p.day).some((i) => i.start <= at && at < i.end);
}

export interface OpenState {
  open: boolean;
  /** When open: the end of the current opening interval. */
  closesAt?: Date;
  /** When closed: the next opening; undefined if the schedule never opens. */
  opensAt?: Date;
}

/** Open now (and until when), or when it opens next. */
export function openState(hours: BusinessHours, at: Date): OpenState {
  for (const i of intervalsFrom(hours, at)) {
    if (i.end <= at) continue;
    if (i.start <= at) return { open: true, closesAt: i.end };
    return { open: false, opensAt: i.start };
  }
  return { open: false };
}

/** The next time support opens at or after `at` (`at` itself when open); undefined if never. */
export function nextOpening(hours: BusinessHours, at: Date): Date | undefined {
  const s = openState(hours, at);
  return s.open ? at : s.opensAt;
}

/**
 * The instant that is `businessHours` of opening time after `start`; the clock pauses while
 * support is closed. Throws if the schedule has no opening time in the next 400 days.
 */
export function addBusinessHours(hours: BusinessHours, start: Date, businessHours: number): Date {
  if (!Number.isFinite(businessHours) || businessHours < 0) throw new RangeError('businessHours must be a non-negative number');
  let remaining = Math.round(businessHours * 3_600_000);
  let cursor = start;
  if (remaining === 0) return nextOpening(hours, start) ?? start;
  for (let window = 0; window < 5; window++) {
    for (const i of intervalsFrom(hours, cursor)) {
      if (i.end <= cursor) continue;
      const from = i.start > cursor ? i.start : cursor;
      const available = i.end.getTime() - from.getTime();
      if (remaining <= available) return new Date(from.getTime() + remaining);
      remaining -= available;
      cursor = i.end;
    }
  }
  throw new RangeError('the opening hours leave no time to count business hours in');
}
