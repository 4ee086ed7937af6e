import { CustomerDirectory } from '../../bot/customers/directory';
import { loadTerms } from '../../bot/knowledge/terms';
import { UserService } from '../../bot/platform/teams/users';
import { ReminderError } from '../../bot/reminders/domain/errors';
import { exportCsv } from '../../bot/reminders/export';
import { ReminderService } from '../../bot/reminders/service';
import { ManualClock } from '../helpers/manualClock';
import { OpenedStore, storeKinds } from '../helpers/stores';

/**
 * ReminderService on both stores: audiences, who a campaign reaches (contacts, languages,
 * unreachable customers), idempotent creation, cancelling, and acknowledgements that only the
 * recipient can record.
 */

const A = '0000000a-aaaa-4aaa-8aaa-00000000000a';
const B = '0000000b-bbbb-4bbb-8bbb-00000000000b';
const C = '0000000c-cccc-4ccc-8ccc-00000000000c';
const terms = loadTerms();

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as ReminderError).code;
  }
  return undefined;
}

async function rejectsWith(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return (err as ReminderError).code;
  }
  return undefined;
}

describe.each(storeKinds)('ReminderService on $name', (kind) => {
  let opened: OpenedStore;
  let service: ReminderService;
  const clock = new ManualClock(Date.parse('2026-12-01T07:00:00Z'));

  beforeAll(async () => {
    opened = await kind.open();
    const store = opened.store;
    const customers = new CustomerDirectory(store);
    const users = new UserService(store);
    service = new ReminderService({ store, customers, users, terms, clock, defaultLocale: 'en-US', timeZone: 'Europe/Istanbul' });
    await customers.upsert({
      tenantId: A,
      name: 'Alpha',
      locale: 'tr-TR',
      status: 'overdue',
      dueDate: '2026-11-10',
      balance: 5,
      currency: 'TRY',
    });
    await customers.upsert({ tenantId: B, name: 'Beta', status: 'current', dueDate: '2026-12-05', contacts: ['pay@beta.example'] });
    await customers.upsert({ tenantId: C, name: 'Gamma', status: 'suspended', dueDate: '2026-10-01' });
    const person = (tenantId: string, n: number, language: string, upn?: string) =>
      users
        .remember({
          tenantId,
          userKey: `k-${n}`,
          channelUserId: `29:${n}`,
          language,
          lastSeen: '2026-11-30T10:00:00Z',
          conversationReference: { conversation: { id: `a:${n}`, tenantId }, serviceUrl: 'http://127.0.0.1:9' },
        })
        .then(() => (upn ? users.learn({ tenantId, aadObjectId: `k-${n}`, channelUserId: `29:${n}`, upn }, language) : undefined));
    await person(A, 1, 'tr');
    await person(A, 2, 'en');
    await person(B, 3, 'en', 'pay@beta.example');
    await person(B, 4, 'en', 'someone@beta.example');
    // Gamma: nobody reachable.
  });

  afterAll(async () => {
    await opened.cleanup();
  });

  test('audience expressions: the contract forms parse, anything else is refused with BHD-401', () => {
    expect(service.parseAudience('all')).toEqual({ kind: 'all' });
    expect(service.parseAudience('status:overdue')).toEqual({ kind: 'status', status: 'overdue' });
    expect(service.parseAudience('due-within:7')).toEqual({ kind: 'due-within', days: 7 });
    expect(service.parseAudience('overdue-by:30')).toEqual({ kind: 'overdue-by', days: 30 });
    expect(service.parseAudience(`tenants:${A}, ${B}`)).toEqual({ kind: 'tenants', tenantIds: [A, B] });
    for (const bad of ['', 'everyone', 'status:late', 'due-within:-1', 'due-within:x', 'overdue-by:99999', 'tenants:', 'tenants:abc']) {
      expect({ bad, code: code(() => service.parseAudience(bad)) }).toEqual({ bad, code: 'BHD-401' });
    }
  });

  test('preview: reachable people (only the listed contacts where given), languages, unreachable customers', async () => {
    expect(await service.preview('overdue', 'all')).toEqual({
      customers: 3,
      recipients: 3,
      unreachable: [{ tenantId: C, name: 'Gamma' }],
      languages: ['en', 'tr'],
    });
    expect(await service.preview('payment-due', 'due-within:7')).toMatchObject({ customers: 1, recipients: 1 });
    expect(await service.preview('overdue', 'overdue-by:30')).toMatchObject({ customers: 1, recipients: 0 });
    expect(await rejectsWith(service.preview('overdue', `tenants:${'d'.repeat(8)}-dddd-4ddd-8ddd-${'d'.repeat(12)}`))).toBe('BHD-405');
    expect(await rejectsWith(service.preview('nope' as never, 'all'))).toBe('BHD-402');
  });

  test('create writes one recipient per person, once per request id; bad input writes nothing', async () => {
    const before = (await service.list()).length;
    expect(await rejectsWith(service.create({ template: 'overdue', audience: 'all', sendAt: 'tomorrow', origin: { kind: 'cli' } }))).toBe(
      'BHD-403',
    );
    expect(
      await rejectsWith(service.create({ template: 'overdue', audience: 'all', note: 'x'.repeat(2001), origin: { kind: 'cli' } })),
    ).toBe('BHD-404');
    expect((await service.list()).length).toBe(before);
    const input = {
      template: 'overdue' as const,
      audience: 'all',
      origin: { kind: 'cli' as const },
      requestId: 'req-1',
      sendAt: '2026-12-02T09:00:00+03:00',
    };
    const first = await service.create(input);
    const again = await service.create(input);
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({
      status: 'scheduled',
      customers: 3,
      recipients: 3,
      unreachable: ['Gamma'],
      sendAt: '2026-12-02T06:00:00.000Z',
    });
    expect(await service.recipients(first.id)).toHaveLength(3);
    expect((await service.recipientOf(first.id, A, 'k-1'))?.locale).toBe('tr');
    expect(await service.counts(first.id)).toMatchObject({ pending: 3, unreachable: 1, done: false });
  });

  test('cancel: pending sends end cancelled; a finished campaign cannot be cancelled', async () => {
    const c = await service.create({ template: 'final-notice', audience: `tenants:${A}`, origin: { kind: 'cli' } });
    const cancelled = await service.cancel(c.id, { kind: 'cli' });
    expect(cancelled.status).toBe('cancelled');
    expect(await service.counts(c.id)).toMatchObject({ pending: 0, cancelled: 2, done: true });
    const empty = await service.create({ template: 'final-notice', audience: `tenants:${C}`, origin: { kind: 'cli' } });
    expect(empty.status).toBe('done');
    expect(await rejectsWith(service.cancel(empty.id, { kind: 'cli' }))).toBe('BHD-409');
    expect(await rejectsWith(service.cancel('r000000000000000', { kind: 'cli' }))).toBe('BHD-406');
  });

  test('acknowledgements: recorded for the recipient only; other people, tenants and cancelled campaigns are refused', async () => {
    const c = await service.create({ template: 'overdue', audience: 'all', origin: { kind: 'cli' } });
    // Sent to k-1 (as the sender records it).
    const { recipients } = await import('../../bot/reminders/documents').then((m) => m.reminderDocs(opened.store));
    const doc = (await recipients.get(c.id, `${A}:k-1`))!;
    await recipients.replace(c.id, doc.id, { ...doc.value, state: 'sent', attempts: 1, sentAt: '2026-12-01T07:00:01Z' }, doc.etag);

    expect(await rejectsWith(service.acknowledge(c.id, { tenantId: B, userKey: 'k-1' }, { kind: 'ack', by: 'k-1' }))).toBe('BHD-407');
    expect(await rejectsWith(service.acknowledge(c.id, { tenantId: A, userKey: 'k-9' }, { kind: 'ack', by: 'k-9' }))).toBe('BHD-407');
    // k-2 is a recipient but was never sent the card.
    expect(await rejectsWith(service.acknowledge(c.id, { tenantId: A, userKey: 'k-2' }, { kind: 'ack', by: 'k-2' }))).toBe('BHD-407');
    expect(
      await rejectsWith(service.acknowledge(c.id, { tenantId: A, userKey: 'k-1' }, { kind: 'paid', by: 'k-1', paidOn: '31.12.2026' })),
    ).toBe('BHD-410');
    const paid = await service.acknowledge(
      c.id,
      { tenantId: A, userKey: 'k-1' },
      { kind: 'paid', by: 'k-1', paidOn: '2026-11-30', reference: 'EFT-1' },
    );
    expect(paid.recipient.acks).toEqual([
      { kind: 'paid', by: 'k-1', paidOn: '2026-11-30', reference: 'EFT-1', at: '2026-12-01T07:00:00.000Z' },
    ]);
    // The same click again (Teams retries invokes) is not recorded twice.
    await service.acknowledge(c.id, { tenantId: A, userKey: 'k-1' }, { kind: 'paid', by: 'k-1', paidOn: '2026-11-30', reference: 'EFT-1' });
    await service.acknowledge(c.id, { tenantId: A, userKey: 'k-1' }, { kind: 'question', by: 'k-1', ticketNumber: 12 });
    expect(await service.counts(c.id)).toMatchObject({ sent: 1, acknowledged: 1, paid: 1, questions: 1 });
    const csv = exportCsv(await service.recipientDocs(c.id)).split('\n');
    expect(csv).toContain(`${A},Alpha,k-1,tr,sent,1,,2026-12-01T07:00:01Z,paid(2026-11-30 EFT-1);question(#12),2026-12-01T07:00:00.000Z`);

    await service.cancel(c.id, { kind: 'cli' });
    expect(await rejectsWith(service.acknowledge(c.id, { tenantId: A, userKey: 'k-1' }, { kind: 'ack', by: 'k-1' }))).toBe('BHD-408');
    expect((await service.recipientOf(c.id, A, 'k-1'))?.acks).toHaveLength(2);
  });

  test('the next ladder step and its date, from terms/partner.json', () => {
    // Ladder: reminder −7, overdue-notice +3, final-notice +14, suspension +30 days from the due date.
    const base = { tenantId: A, name: 'Alpha', updatedAt: '', balance: 10, currency: 'TRY' };
    expect(service.nextStep({ ...base, status: 'current', dueDate: '2026-12-20' }, '2026-12-01')).toEqual({
      template: 'payment-due',
      date: '2026-12-13',
    });
    expect(service.nextStep({ ...base, status: 'current', dueDate: '2026-12-05' }, '2026-12-01')).toBeUndefined();
    expect(service.nextStep({ ...base, status: 'overdue', dueDate: '2026-11-25' }, '2026-12-01')).toEqual({
      template: 'final-notice',
      date: '2026-12-09',
    });
    expect(service.nextStep({ ...base, status: 'overdue', dueDate: '2026-11-10' }, '2026-12-01')).toEqual({
      template: 'suspended',
      date: '2026-12-10',
    });
    expect(service.nextStep({ ...base, status: 'suspended', dueDate: '2026-10-01' }, '2026-12-01')).toBeUndefined();
  });
});
