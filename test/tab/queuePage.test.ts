/**
 * The tab's queue query (`TicketService.queuePage`) on both stores: pages of limited, ordered
 * store queries that together give exactly the order of the full queue, with filters.
 */
import { storeKinds, OpenedStore } from '../helpers/stores';
import { TicketService } from '../../bot/tickets/service';
import { agent, input, MONDAY_1500, refOf, serviceOn } from '../tickets/lifecycleFixture';

describe.each(storeKinds)('queuePage ($name)', (kind) => {
  let opened: OpenedStore;
  let service: TicketService;
  let now = MONDAY_1500;

  beforeAll(async () => {
    opened = await kind.open();
    service = serviceOn(opened.store, () => now);
    // 12 tickets: high (suspended customer), normal and low (informational section), opened an hour apart.
    for (let i = 0; i < 12; i++) {
      now = new Date(MONDAY_1500.getTime() + i * 3_600_000);
      const kindOf = i % 3;
      const { ticket } = await service.open(
        input({
          draftKey: `draft-queue-${String(i).padStart(4, '0')}`,
          requestId: `req-${i}`,
          customerStatus: kindOf === 0 ? 'suspended' : 'current',
          section: kindOf === 2 ? 'tax' : 'invoices',
          question: i === 7 ? 'Our VAT number is wrong on the invoice' : `Question number ${i} about the bill`,
        }),
      );
      if (i % 4 === 1) await service.act(refOf(ticket), agent(1), { verb: 'claim' });
      if (i === 5)
        await service.act(refOf(ticket), agent(1), {
          verb: 'escalateMicrosoft',
          route: 'commercial',
          plan: null,
          severity: 'B',
          caseNumber: '1234567890',
        });
      if (i === 10) await service.act(refOf(ticket), agent(1), { verb: 'resolve', resolution: 'done' });
    }
  });

  afterAll(async () => {
    await opened.cleanup();
  });

  test('pages of any size, put together, are the full queue in its order (ties in any order, each ticket once)', async () => {
    const docs = await service.queue();
    const full = docs.map((d) => d.value.number);
    expect(full).toHaveLength(11);
    // The order's key: priority, then SLA due (paused clocks last); tickets due at the same moment may come in any order.
    const keyOf = new Map(docs.map((d) => [d.value.number, `${d.value.priorityRank} ${d.value.slaDueAt ?? '~'}`]));
    for (const size of [1, 4, 5, 11, 20]) {
      const seen: number[] = [];
      for (let page = 0; ; page++) {
        const p = await service.queuePage({ offset: page * size, size });
        seen.push(...p.items.map((d) => d.value.number));
        expect(p.capped).toBe(false);
        if (!p.hasMore) break;
      }
      expect([size, [...seen].sort((a, b) => a - b)]).toEqual([size, [...full].sort((a, b) => a - b)]);
      expect([size, seen.map((n) => keyOf.get(n))]).toEqual([size, full.map((n) => keyOf.get(n))]);
    }
  });

  test('filters: priority, status, assignee, unassigned, words, breached', async () => {
    const numbers = async (q: Omit<Parameters<TicketService['queuePage']>[0], 'offset' | 'size'>) =>
      (await service.queuePage({ offset: 0, size: 50, ...q })).items.map((d) => d.value);
    expect((await numbers({ priority: 'high' })).every((t) => t.priority === 'high')).toBe(true);
    expect((await numbers({ priority: 'low' })).length).toBeGreaterThan(0);
    expect((await numbers({ statuses: ['waitingOnMicrosoft'] })).map((t) => t.number)).toHaveLength(1);
    expect((await numbers({ statuses: ['resolved'] })).map((t) => t.status)).toEqual(['resolved']);
    const mine = await numbers({ assigneeId: 'agent-1' });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((t) => t.assignee?.id === 'agent-1')).toBe(true);
    expect((await numbers({ assigneeId: null })).every((t) => t.assignee === null)).toBe(true);
    expect((await numbers({ words: ['vat', 'wrong'] })).map((t) => t.question)).toEqual(['Our VAT number is wrong on the invoice']);
    expect(await numbers({ breachedBy: MONDAY_1500 })).toEqual([]);
    const later = await numbers({ breachedBy: new Date(MONDAY_1500.getTime() + 30 * 86_400_000) });
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((t) => t.status === 'new' || t.status === 'assigned')).toBe(true);
  });
});
