import { createI18n } from '../../bot/platform/i18n';
import { composerValues, parsePaid, parseRequest } from '../../bot/reminders/chat/input';
import { ackRefusal, maySendReminders } from '../../bot/reminders/chat/policy';
import { Campaign, Recipient } from '../../bot/reminders/model';
import { sampleCampaign } from '../helpers/reminderSamples';

const TZ = 'Europe/Istanbul';
const NOW = Date.parse('2026-11-24T09:00:00Z');
let t: Awaited<ReturnType<typeof createI18n>>['t'];
beforeAll(async () => {
  t = (await createI18n('en')).getFixedT('en', 'reminders');
});

const request = (data: Record<string, unknown>) => parseRequest(data, t, { timeZone: TZ, now: NOW, lang: 'en' });

describe('reading the composer', () => {
  test.each([
    [
      { template: 'overdue', audience: ' status:overdue ' },
      { template: 'overdue', audience: 'status:overdue' },
    ],
    // The composer's date and time are the partner's (Istanbul, UTC+3).
    [{ template: 'overdue', audience: 'all', sendDate: '2026-11-25', sendTime: '10:30' }, { sendAt: '2026-11-25T07:30:00.000Z' }],
    [{ template: 'overdue', audience: 'all', sendAt: '2026-11-25T10:30:00+03:00' }, { sendAt: '2026-11-25T07:30:00.000Z' }],
    // A time just reached means now.
    [{ template: 'overdue', audience: 'all', sendAt: '2026-11-24T08:59:30Z' }, { audience: 'all' }, ['sendAt']],
    [{ template: 'overdue', audience: 'all', note: 'For all', note_tr: 'Türkçe' }, { note: { en: 'For all', tr: 'Türkçe' } }],
    [{ template: 'overdue', audience: 'all', note: { en: 'E', tr: 'T' } }, { note: { en: 'E', tr: 'T' } }],
    [{ template: 'overdue', audience: 'all', note: '  ' }, { audience: 'all' }, ['note']],
  ])('%o → %o', (data: Record<string, unknown>, expected: Record<string, unknown>, absent: string[] = []) => {
    const r = request(data);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toMatchObject(expected);
    for (const key of absent) expect(r.ok && r.value).not.toHaveProperty(key);
  });

  test.each([
    [{ template: 'late', audience: 'all' }, 'Please choose one of the reminders'],
    [{ template: 'overdue', audience: '' }, 'is not an audience I understand'],
    [{ template: 'overdue', audience: 'all', note: 'x'.repeat(1001) }, 'at most 1000 characters'],
    [{ template: 'overdue', audience: 'all', sendDate: '2026-02-30' }, 'YYYY-MM-DD and HH:MM'],
    [{ template: 'overdue', audience: 'all', sendDate: '2026-11-25', sendTime: '25:00' }, 'YYYY-MM-DD and HH:MM'],
    [{ template: 'overdue', audience: 'all', sendAt: 'tomorrow' }, 'YYYY-MM-DD and HH:MM'],
    [{ template: 'overdue', audience: 'all', sendDate: '2026-11-24', sendTime: '08:00' }, 'That time has already passed'],
  ])('%o is refused: %s', (data, message) => {
    const r = request(data);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toContain(message);
  });

  test('"Change" fills the composer with the request, its time shown in the partner zone', () => {
    expect(
      composerValues(
        { template: 'final-notice', audience: 'due-within:7', note: { en: 'E', tr: 'T' }, sendAt: '2026-11-25T07:30:00.000Z' },
        TZ,
      ),
    ).toEqual({
      template: 'final-notice',
      audience: 'due-within:7',
      note: '',
      notes: { en: 'E', tr: 'T' },
      sendDate: '2026-11-25',
      sendTime: '10:30',
    });
  });

  test('"I\'ve paid": a date no later than today and a short reference', () => {
    expect(parsePaid({ paidOn: '2026-11-24', reference: ' EFT-1 ' }, t, '2026-11-24')).toEqual({
      ok: true,
      value: { paidOn: '2026-11-24', reference: 'EFT-1' },
    });
    expect(parsePaid({}, t, '2026-11-24')).toEqual({ ok: true, value: {} });
    expect(parsePaid({ paidOn: '2026-11-25' }, t, '2026-11-24').ok).toBe(false);
    expect(parsePaid({ paidOn: 'yesterday' }, t, '2026-11-24').ok).toBe(false);
    expect(parsePaid({ reference: 'x'.repeat(101) }, t, '2026-11-24').ok).toBe(false);
  });
});

describe('who may do what', () => {
  const staff = (roles: never[] | string[]) => ({ who: { kind: 'staff', roles } }) as never;
  test('billing admins and admins send reminders; nobody else', () => {
    expect(maySendReminders(staff(['billing-admin']))).toBe(true);
    expect(maySendReminders(staff(['admin']))).toBe(true);
    expect(maySendReminders(staff(['helpdesk-agent', 'user-admin', 'sales-agent']))).toBe(false);
    expect(maySendReminders({ who: { kind: 'unknown' } })).toBe(false);
  });

  test("a reminder's buttons are its recipient's, in their tenant, while the campaign stands", () => {
    const customer = { who: { kind: 'customer', customer: {} }, tenantId: 't1', userKey: 'u1' } as never;
    const campaign: Campaign = sampleCampaign();
    const mine: Recipient = {
      campaignId: campaign.id,
      tenantId: 't1',
      userKey: 'u1',
      locale: 'en',
      state: 'sent',
      attempts: 1,
      acks: [],
      updatedAt: '',
    };
    expect(ackRefusal(customer, campaign, mine)).toBeUndefined();
    expect(ackRefusal(customer, campaign, { ...mine, userKey: 'u2' })).toBe('notYours');
    expect(ackRefusal(customer, campaign, { ...mine, tenantId: 't2' })).toBe('notYours');
    expect(ackRefusal(customer, campaign, undefined)).toBe('notYours');
    expect(ackRefusal(customer, undefined, undefined)).toBe('notFound');
    expect(ackRefusal(customer, { ...campaign, status: 'cancelled' }, mine)).toBe('cancelled');
    expect(ackRefusal({ who: { kind: 'unknown' }, tenantId: 't1', userKey: 'u1' }, campaign, mine)).toBe('notYours');
    expect(ackRefusal(staff(['admin']), campaign, mine)).toBe('customersOnly');
  });
});
