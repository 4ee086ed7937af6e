import { BusinessHours, addBusinessHours, isOpen, nextOpening, openState, zonedTime } from '../../bot/knowledge/hours';
import { businessHours, loadTerms } from '../../bot/knowledge/terms';

// The sample partner: Europe/Istanbul (UTC+3 all year), Mon–Fri 09:00–18:00, Sat 10:00–14:00,
// closed Sunday and on Turkish public holidays; half days on the eves of feasts.
const hours = businessHours(loadTerms());
const at = (iso: string) => new Date(iso);

describe('open or closed', () => {
  it.each([
    ['exactly at opening on a weekday', '2026-11-24T06:00:00Z', true],
    ['a minute before opening', '2026-11-24T05:59:00Z', false],
    ['just before closing', '2026-11-24T14:59:59Z', true],
    ['exactly at closing', '2026-11-24T15:00:00Z', false],
    ['Saturday morning', '2026-11-28T08:00:00Z', true],
    ['Saturday afternoon, after the short day', '2026-11-28T11:30:00Z', false],
    ['Sunday at noon', '2026-11-29T09:00:00Z', false],
    ['a public holiday on a weekday (Republic Day)', '2026-10-29T09:00:00Z', false],
    ['the morning of a half-day eve', '2026-10-28T09:59:00Z', true],
    ['the afternoon of a half-day eve', '2026-10-28T10:00:00Z', false],
  ])('%s', (_name, iso, open) => {
    expect(isOpen(hours, at(iso))).toBe(open);
  });
});

describe('next opening', () => {
  it('is now when open, with the closing time', () => {
    expect(openState(hours, at('2026-11-24T10:00:00Z'))).toEqual({ open: true, closesAt: at('2026-11-24T15:00:00Z') });
    expect(nextOpening(hours, at('2026-11-24T10:00:00Z'))).toEqual(at('2026-11-24T10:00:00Z'));
  });

  it('is the next morning after closing time', () => {
    expect(nextOpening(hours, at('2026-11-24T15:00:00Z'))).toEqual(at('2026-11-25T06:00:00Z'));
  });

  it('skips Sunday to Monday 09:00 local', () => {
    expect(nextOpening(hours, at('2026-11-28T12:00:00Z'))).toEqual(at('2026-11-30T06:00:00Z'));
  });

  it('skips a holiday and opens on the following short Saturday', () => {
    // New Year's Day 2027 is a Friday; Saturday 2 January opens at 10:00 local.
    expect(nextOpening(hours, at('2026-12-31T16:00:00Z'))).toEqual(at('2027-01-02T07:00:00Z'));
  });

  it('skips a whole feast, weekend included', () => {
    // Ramadan Feast 2026: eve Thu 19 March (until 13:00), Fri 20 – Sun 22 March.
    expect(nextOpening(hours, at('2026-03-19T10:30:00Z'))).toEqual(at('2026-03-23T06:00:00Z'));
  });

  it('is undefined when the schedule never opens', () => {
    const never: BusinessHours = {
      timeZone: 'UTC',
      weekly: { monday: [], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] },
      holidays: [],
    };
    expect(nextOpening(never, at('2026-11-24T10:00:00Z'))).toBeUndefined();
  });
});

describe('across daylight saving time', () => {
  const berlin: BusinessHours = {
    timeZone: 'Europe/Berlin',
    weekly: {
      monday: [{ open: '09:00', close: '17:00' }],
      tuesday: [{ open: '09:00', close: '17:00' }],
      wednesday: [{ open: '09:00', close: '17:00' }],
      thursday: [{ open: '09:00', close: '17:00' }],
      friday: [{ open: '09:00', close: '17:00' }],
      saturday: [],
      sunday: [],
    },
    holidays: [],
  };

  it('opens at 09:00 local before and after the spring change', () => {
    // Clocks go forward on Sunday 29 March 2026: 09:00 is 08:00Z before, 07:00Z after.
    expect(nextOpening(berlin, at('2026-03-27T17:00:00Z'))).toEqual(at('2026-03-30T07:00:00Z'));
    expect(nextOpening(berlin, at('2026-03-26T18:00:00Z'))).toEqual(at('2026-03-27T08:00:00Z'));
  });

  it('maps local times in the gap forward and in the overlap to the first instant', () => {
    expect(zonedTime(2026, 3, 29, 2 * 60 + 30, 'Europe/Berlin')).toEqual(at('2026-03-29T01:30:00Z'));
    expect(zonedTime(2026, 10, 25, 2 * 60 + 30, 'Europe/Berlin')).toEqual(at('2026-10-25T00:30:00Z'));
  });

  it('counts business hours over the autumn change in real hours', () => {
    // Friday 23 Oct 16:00 CEST + 2 business hours: 1 h Friday, 1 h Monday 26 Oct (CET) → 10:00 local = 09:00Z.
    expect(addBusinessHours(berlin, at('2026-10-23T14:00:00Z'), 2)).toEqual(at('2026-10-26T09:00:00Z'));
  });
});

describe('adding business hours (SLA due times)', () => {
  it('within the same day', () => {
    expect(addBusinessHours(hours, at('2026-11-24T07:00:00Z'), 2)).toEqual(at('2026-11-24T09:00:00Z'));
  });

  it('pauses overnight and over the weekend', () => {
    // Friday 17:00 local + 8 h: 1 h Friday, 4 h Saturday, 3 h Monday → Monday 12:00 local.
    expect(addBusinessHours(hours, at('2026-11-27T14:00:00Z'), 8)).toEqual(at('2026-11-30T09:00:00Z'));
  });

  it('starts counting at the next opening when requested while closed', () => {
    expect(addBusinessHours(hours, at('2026-11-29T09:00:00Z'), 1)).toEqual(at('2026-11-30T07:00:00Z'));
  });

  it('pauses on a public holiday', () => {
    // Wed 28 Oct 2026 is a half day (until 13:00), Thu 29 Oct is Republic Day.
    expect(addBusinessHours(hours, at('2026-10-28T09:00:00Z'), 2)).toEqual(at('2026-10-30T07:00:00Z'));
  });

  it('refuses a negative duration', () => {
    expect(() => addBusinessHours(hours, at('2026-11-24T07:00:00Z'), -1)).toThrow(RangeError);
  });
});
