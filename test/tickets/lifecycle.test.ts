/**
 * The ticket lifecycle on every store (SQLite file, Cosmos DB through @azure/cosmos against
 * @vercel/cosmosdb-server): numbering, idempotent creation, recent questions, priority, and the
 * whole path with SLA in business hours and pauses.
 */
import { Ticket } from '../../bot/tickets/domain/model';
import { priorityFor } from '../../bot/tickets/domain/priority';
import { TicketService } from '../../bot/tickets/service';
import { OpenedStore, storeKinds } from '../helpers/stores';
import { TENANT_A, TENANT_B, MONDAY_1500, agent, customer, input, refOf, at, serviceOn } from './lifecycleFixture';

describe.each(storeKinds)('$name ticket lifecycle', (kind) => {
  let opened: OpenedStore;
  let service: TicketService;
  let now: Date;

  beforeEach(async () => {
    opened = await kind.open();
    now = MONDAY_1500;
    service = serviceOn(opened.store, () => now);
  });

  afterEach(async () => {
    await opened.cleanup();
  });

  describe('numbers', () => {
    it('are sequential per partner across tenants, and never reused after a ticket is gone', async () => {
      const one = await service.open(input({ draftKey: 'draft-one-1' }));
      const two = await service.open(input({ draftKey: 'draft-two-2', tenantId: TENANT_B }));
      const three = await service.open(input({ draftKey: 'draft-three' }));
      expect([one, two, three].map((r) => r.ticket.value.number)).toEqual([1, 2, 3]);
      await opened.store.collection<Ticket>('tickets').delete(three.ticket.pk, three.ticket.id);
      const four = await service.open(input({ draftKey: 'draft-four-4' }));
      expect(four.ticket.value.number).toBe(4);
      expect((await service.byNumber(2))?.value.tenantId).toBe(TENANT_B);
      expect(await service.byNumber(3)).toBeUndefined();
    });

    it('stay unique when 15 customers open tickets at once', async () => {
      const results = await Promise.all(Array.from({ length: 15 }, (_, i) => service.open(input({ draftKey: `draft-concurrent-${i}` }))));
      expect(results.map((r) => r.ticket.value.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    });
  });

  describe('opening', () => {
    it('stores the ticket with customer, requester, words, section, locale, priority, SLA, audit and an outbox', async () => {
      const { ticket, created } = await service.open(input());
      expect(created).toBe(true);
      expect(ticket.pk).toBe(TENANT_A);
      const t = ticket.value;
      expect(t).toMatchObject({
        number: 1,
        tenantId: TENANT_A,
        customerName: 'Anadolu Lojistik A.Ş.',
        requesterKey: 'cust-1',
        question: 'Why is my invoice higher this month?',
        section: 'invoices',
        product: 'azure',
        topic: 'invoice',
        locale: 'tr',
        priority: 'normal',
        status: 'new',
        assignee: null,
        requestIds: ['act-1'],
      });
      // Normal = 8 business hours: Monday 15:00–18:00 (3 h), then Tuesday 09:00–14:00 (5 h).
      expect(t.sla.dueAt).toBe('2026-11-24T11:00:00.000Z');
      expect(t.slaDueAt).toBe(t.sla.dueAt);
      expect(t.audit).toEqual([
        expect.objectContaining({ action: 'create', outcome: 'done', by: expect.objectContaining({ id: 'cust-1' }) }),
      ]);
      expect(t.outbox.map((o) => o.kind)).toEqual(['thread']);
      expect(t.needsSync).toBe(true);
      expect(await service.get(refOf(ticket))).toEqual(ticket);
    });

    it('of the same draft twice (redelivered, retried with a new activity id) returns the same ticket', async () => {
      const first = await service.open(input({ requestId: 'act-1' }));
      const again = await service.open(input({ requestId: 'act-2' }));
      expect(again.created).toBe(false);
      expect(again.ticket.value.number).toBe(first.ticket.value.number);
      expect(again.ticket.value.requestIds).toEqual(['act-1', 'act-2']);
      expect(await opened.store.collection<Ticket>('tickets').find(TENANT_A)).toHaveLength(1);
    });

    it('of the same draft double-clicked (10 at once, two service instances) opens one ticket', async () => {
      const other = new TicketService(opened.store, service.options);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? service : other).open(input({ requestId: `click-${i}` }))),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.ticket.id)).size).toBe(1);
      expect(await opened.store.collection<Ticket>('tickets').find(TENANT_A)).toHaveLength(1);
    });

    it('of a draft id replayed by a colleague opens their own ticket, not a view of someone else’s', async () => {
      const mine = await service.open(input());
      const theirs = await service.open(input({ requester: { id: 'cust-2', name: 'Can Demir' } }));
      expect(theirs.created).toBe(true);
      expect(theirs.ticket.id).not.toBe(mine.ticket.id);
      expect(theirs.ticket.value.requesterKey).toBe('cust-2');
    });

    it('"talk to a person" typed twice within two minutes is one request; later it is a new one', async () => {
      const typed = (id: string) =>
        input({ source: 'typed', draftKey: `msg:${id}`, requestId: id, question: 'talk to a person', section: null });
      const first = await service.open(typed('m1'));
      now = new Date(MONDAY_1500.getTime() + 60_000);
      const retried = await service.open(typed('m2'));
      expect(retried.ticket.id).toBe(first.ticket.id);
      now = new Date(MONDAY_1500.getTime() + 10 * 60_000);
      const later = await service.open(typed('m3'));
      expect(later.created).toBe(true);
      expect(later.ticket.value.number).toBe(2);
    });
  });

  describe('recent question', () => {
    it('is remembered per customer, expires, and no ticket query sees it', async () => {
      await service.questions.remember(TENANT_A, 'cust-1', 'Why was I charged twice?');
      await service.questions.remember(TENANT_A, 'cust-1', 'Why was I charged twice for Azure?');
      const { ticket } = await service.open(input());
      // Just opened: the sweep leaves it to this instance for now.
      expect(await service.pendingDelivery()).toEqual([]);
      expect(await service.questions.recent(TENANT_A, 'cust-1', 60_000)).toBe('Why was I charged twice for Azure?');
      expect(await service.questions.recent(TENANT_A, 'cust-2', 60_000)).toBeUndefined();
      expect(await service.questions.recent(TENANT_B, 'cust-1', 60_000)).toBeUndefined();
      now = new Date(MONDAY_1500.getTime() + 61_000);
      expect(await service.questions.recent(TENANT_A, 'cust-1', 60_000)).toBeUndefined();
      expect((await service.mine(TENANT_A, 'cust-1')).map((d) => d.value.number)).toEqual([1]);
      expect((await service.queue()).map((d) => d.value.number)).toEqual([1]);
      expect(await service.pendingDelivery({ all: true })).toEqual([refOf(ticket)]);
      // 61 s on: past the time the sweep leaves a new ticket to the instance that opened it.
      expect(await service.pendingDelivery()).toEqual([refOf(ticket)]);
    });
  });

  describe('waiting on the customer', () => {
    const markers = () => opened.store.collection<{ at: number }>('jobs');
    const markersOf = async (tenantId: string) => (await markers().find(`waiting:${tenantId}`)).map((d) => d.id);

    /** A ticket claimed and answered by an agent: it waits on cust-1. */
    async function waitingTicket(on: TicketService) {
      const { ticket } = await on.open(input());
      await on.act(refOf(ticket), agent(1), { verb: 'claim' });
      const replied = await on.act(refOf(ticket), agent(1), { verb: 'reply', message: 'Which invoice number?' });
      expect(replied.ok && replied.ticket.value.status).toBe('waitingOnCustomer');
      return ticket;
    }

    it('is read from a marker per requester once the store is indexed; a marker outlives its ticket only until a look settles it', async () => {
      await service.prepare();
      expect(await service.waitingOn(TENANT_A, 'cust-1')).toBeUndefined();
      const ticket = await waitingTicket(service);
      expect(await markersOf(TENANT_A)).toHaveLength(1);
      expect(await markersOf(TENANT_B)).toEqual([]);
      expect(await service.waitingOn(TENANT_A, 'cust-1')).toMatchObject({ id: ticket.id });
      // Another person, or the same person id in another tenant, has no marker: nothing waits on them.
      expect(await service.waitingOn(TENANT_A, 'cust-2')).toBeUndefined();
      expect(await service.waitingOn(TENANT_B, 'cust-1')).toBeUndefined();

      await service.act(refOf(ticket), customer, { verb: 'customerMessage', text: 'INV-2026-0042' });
      expect(await service.waitingOn(TENANT_A, 'cust-1')).toBeUndefined();
      // A young marker may belong to a write under way: it stays.
      expect(await markersOf(TENANT_A)).toHaveLength(1);
      now = new Date(MONDAY_1500.getTime() + 2 * 60_000);
      expect(await service.waitingOn(TENANT_A, 'cust-1')).toBeUndefined();
      expect(await markersOf(TENANT_A)).toEqual([]);

      // Waiting again: marked again.
      await service.act(refOf(ticket), agent(1), { verb: 'reply', message: 'And the amount?' });
      expect(await service.waitingOn(TENANT_A, 'cust-1')).toMatchObject({ id: ticket.id });
    });

    it('of a store written before markers: the tickets are asked until it is indexed, once, at start-up', async () => {
      const ticket = await waitingTicket(service);
      // As a store from before markers: no marker for the waiting ticket.
      for (const id of await markersOf(TENANT_A)) await markers().delete(`waiting:${TENANT_A}`, id);
      const upgraded = serviceOn(opened.store, () => now);
      expect(await upgraded.waitingOn(TENANT_A, 'cust-1')).toMatchObject({ id: ticket.id });
      await upgraded.prepare();
      expect(await markersOf(TENANT_A)).toHaveLength(1);
      expect(await upgraded.waitingOn(TENANT_A, 'cust-1')).toMatchObject({ id: ticket.id });
      // Indexed once: the next start trusts the markers (so every write keeps them).
      for (const id of await markersOf(TENANT_A)) await markers().delete(`waiting:${TENANT_A}`, id);
      const next = serviceOn(opened.store, () => now);
      await next.prepare();
      expect(await next.waitingOn(TENANT_A, 'cust-1')).toBeUndefined();
    });
  });

  describe('priority', () => {
    it.each([
      [{ customerStatus: 'suspended' as const, section: 'invoices', question: 'invoice copy' }, 'high'],
      [{ section: 'suspension', question: 'what happens' }, 'high'],
      [{ topic: 'accessSuspended', section: null, question: 'help' }, 'high'],
      [{ section: null, question: 'Our Azure service is down since this morning' }, 'high'],
      [{ section: null, question: 'Aboneliğime erişemiyorum' }, 'high'],
      [{ section: null, question: 'aboneligime erisemiyorum' }, 'high'],
      [{ customerStatus: 'overdue' as const, section: 'tax', question: 'VAT rate?' }, 'normal'],
      [{ section: 'charge-disputes', question: 'wrong charge' }, 'normal'],
      [{ section: null, question: 'talk to a person' }, 'normal'],
      [{ section: 'tax', question: 'what VAT do you charge' }, 'low'],
    ])('%j → %s', (p, expected) => {
      expect(priorityFor(p)).toBe(expected);
    });

    it('sets the SLA target: a suspended customer gets 2 business hours', async () => {
      const { ticket } = await service.open(input({ customerStatus: 'suspended' }));
      expect(ticket.value.priority).toBe('high');
      expect(ticket.value.sla.targetHours).toBe(2);
      expect(ticket.value.sla.dueAt).toBe('2026-11-23T14:00:00.000Z');
    });
  });

  describe('the whole path with the SLA clock', () => {
    it('claim → escalate to Microsoft (paused) → reply → customer answers (resumes) → resolve (met) → rate', async () => {
      const { ticket } = await service.open(input());
      const ref = refOf(ticket);

      now = at('2026-11-23T13:00:00Z'); // Mon 16:00
      const claimed = await service.act(ref, agent(1), { verb: 'claim' });
      expect(claimed).toMatchObject({ ok: true, changed: true });
      expect(claimed.ok && claimed.ticket.value).toMatchObject({
        status: 'assigned',
        assignee: { id: 'agent-1', name: 'Agent 1' },
        revision: 2,
      });

      now = at('2026-11-23T14:00:00Z'); // Mon 17:00: 1 h today + 5 h tomorrow left
      const escalated = await service.act(ref, agent(1), {
        verb: 'escalateMicrosoft',
        route: 'technical',
        plan: 'asfp',
        severity: 'A',
        caseNumber: '2611230010000123',
      });
      expect(escalated.ok).toBe(true);
      const e = escalated.ok ? escalated.ticket.value : undefined;
      expect(e?.status).toBe('waitingOnMicrosoft');
      expect(e?.sla).toMatchObject({ dueAt: null, remainingMs: 6 * 3_600_000, pausedAt: '2026-11-23T14:00:00.000Z' });
      expect(e?.slaDueAt).toBeNull();
      expect(e?.microsoft).toMatchObject({
        route: 'technical',
        plan: 'asfp',
        severity: 'A',
        caseNumber: '2611230010000123',
        expectedResponseBy: '2026-11-23T16:00:00.000Z',
      });

      now = at('2026-11-24T06:30:00Z'); // Tue 09:30
      const replied = await service.act(ref, agent(1), {
        verb: 'reply',
        message: 'Microsoft confirmed a credit. Can you check the invoice?',
      });
      expect(replied.ok && replied.ticket.value.status).toBe('waitingOnCustomer');
      expect(replied.ok && replied.ticket.value.sla.remainingMs).toBe(6 * 3_600_000);
      expect(await service.waitingOn(TENANT_A, 'cust-1')).toMatchObject({ id: ticket.id });

      now = at('2026-11-24T07:00:00Z'); // Tue 10:00: 6 business hours → 16:00
      const answered = await service.act(ref, customer, { verb: 'customerMessage', text: 'Yes, the credit is there. Thanks!' });
      expect(answered.ok && answered.ticket.value).toMatchObject({ status: 'assigned', slaDueAt: '2026-11-24T13:00:00.000Z' });
      expect(await service.waitingOn(TENANT_A, 'cust-1')).toBeUndefined();

      now = at('2026-11-24T08:00:00Z');
      const resolved = await service.act(ref, agent(1), { verb: 'resolve', resolution: 'Credit applied on the next invoice.' });
      const r = resolved.ok ? resolved.ticket.value : undefined;
      expect(r).toMatchObject({
        status: 'resolved',
        resolution: 'Credit applied on the next invoice.',
        resolvedAt: '2026-11-24T08:00:00.000Z',
      });
      expect(r?.sla).toMatchObject({
        stoppedAt: '2026-11-24T08:00:00.000Z',
        breachedAt: null,
        firstResponseAt: '2026-11-23T14:00:00.000Z',
      });

      const rated = await service.act(ref, customer, { verb: 'rate', rating: 5, comment: 'Çok hızlıydı' });
      expect(rated.ok && rated.ticket.value.rating).toMatchObject({ score: 5, comment: 'Çok hızlıydı' });

      const stored = (await service.get(ref))!.value;
      expect(stored.audit.map((a) => `${a.action}:${a.outcome}`)).toEqual([
        'create:done',
        'claim:done',
        'escalateMicrosoft:done',
        'reply:done',
        'customerMessage:done',
        'resolve:done',
        'rate:done',
      ]);
      expect(stored.audit[2].detail).toMatchObject({
        fromStatus: 'assigned',
        toStatus: 'waitingOnMicrosoft',
        caseNumber: '2611230010000123',
      });
      expect(stored.messages.map((m) => m.from)).toEqual(['agent', 'customer']);
      expect(
        stored.outbox.map((o) => (o.kind === 'customer' ? `customer:${o.event}` : o.kind === 'threadNote' ? `note:${o.note}` : o.kind)),
      ).toEqual([
        'thread',
        'customer:claimed',
        'customer:microsoft',
        'customer:reply',
        'note:agentReply',
        'note:customerMessage',
        'customer:resolved',
        'note:rated',
      ]);
      expect(stored.revision).toBe(7);
    });

    it('records a missed SLA when the due time passes before the answer', async () => {
      const { ticket } = await service.open(input());
      now = at('2026-11-24T12:00:00Z'); // Tue 15:00, due was 14:00
      const replied = await service.act(refOf(ticket), agent(1), { verb: 'reply', message: 'Sorry for the wait.' });
      expect(replied.ok && replied.ticket.value.sla).toMatchObject({ breachedAt: '2026-11-24T11:00:00.000Z', remainingMs: 0 });
    });
  });
});
