/**
 * The ticket lifecycle on every store (SQLite file, Cosmos DB through @azure/cosmos against
 * @vercel/cosmosdb-server): numbering, idempotent creation, SLA with business hours and pauses,
 * authorization with audited refusals, races, reopen window, outbox and delivery bookkeeping.
 */
import { businessClock } from '../../bot/tickets/domain/sla';
import { businessHours, loadTerms } from '../../bot/knowledge/terms';
import { Actor, OpenInput, Ticket, TicketRef } from '../../bot/tickets/domain/model';
import { priorityFor } from '../../bot/tickets/domain/priority';
import { TicketService } from '../../bot/tickets/service';
import { Versioned } from '../../bot/platform/store/types';
import { OpenedStore, storeKinds } from '../helpers/stores';

const TENANT_A = '22222222-2222-4222-8222-222222222222';
const TENANT_B = '44444444-4444-4444-8444-444444444444';

const clock = businessClock(businessHours(loadTerms()));
/** Monday 23 November 2026, 15:00 in Istanbul (UTC+3): support is open 09–18 on weekdays. */
const MONDAY_1500 = new Date('2026-11-23T12:00:00Z');

const agent = (n: number): Actor => ({ kind: 'staff', id: `agent-${n}`, name: `Agent ${n}`, roles: ['helpdesk-agent'] });
const admin: Actor = { kind: 'staff', id: 'admin-1', name: 'Ada Admin', roles: ['admin'] };
const staffNoRole: Actor = { kind: 'staff', id: 'staff-1', name: 'Sam Staff', roles: [] };
const customer: Actor = { kind: 'customer', tenantId: TENANT_A, id: 'cust-1', name: 'Ayşe Yılmaz' };
const colleague: Actor = { kind: 'customer', tenantId: TENANT_A, id: 'cust-2', name: 'Can Demir' };
const otherCustomer: Actor = { kind: 'customer', tenantId: TENANT_B, id: 'cust-9', name: 'Bora Kaya' };
const stranger: Actor = { kind: 'unknown', tenantId: '33333333-3333-4333-8333-333333333333', id: 'x-1', name: 'Stan' };

function input(over: Partial<OpenInput> = {}): OpenInput {
  return {
    tenantId: TENANT_A,
    customerName: 'Anadolu Lojistik A.Ş.',
    customerStatus: 'current',
    requester: { id: 'cust-1', name: 'Ayşe Yılmaz', conversationReference: { conversation: { id: 'a:1' } } },
    draftKey: 'd-0001-draft',
    requestId: 'act-1',
    source: 'offer',
    question: 'Why is my invoice higher this month?',
    product: 'azure',
    topic: 'invoice',
    section: 'invoices',
    locale: 'tr',
    ...over,
  };
}

const refOf = (d: Versioned<Ticket>): TicketRef => ({ tenantId: d.pk, id: d.id });
const at = (iso: string) => new Date(iso);

describe.each(storeKinds)('$name ticket lifecycle', (kind) => {
  let opened: OpenedStore;
  let service: TicketService;
  let now: Date;

  beforeEach(async () => {
    opened = await kind.open();
    now = MONDAY_1500;
    service = new TicketService(opened.store, { clock, targets: { high: 2, normal: 8, low: 24 }, reopenWindowDays: 14, now: () => now });
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
      await service.open(input());
      expect(await service.questions.recent(TENANT_A, 'cust-1', 60_000)).toBe('Why was I charged twice for Azure?');
      expect(await service.questions.recent(TENANT_A, 'cust-2', 60_000)).toBeUndefined();
      expect(await service.questions.recent(TENANT_B, 'cust-1', 60_000)).toBeUndefined();
      now = new Date(MONDAY_1500.getTime() + 61_000);
      expect(await service.questions.recent(TENANT_A, 'cust-1', 60_000)).toBeUndefined();
      expect((await service.mine(TENANT_A, 'cust-1')).map((d) => d.value.number)).toEqual([1]);
      expect((await service.queue()).map((d) => d.value.number)).toEqual([1]);
      expect((await service.pendingDelivery()).map((d) => d.value.number)).toEqual([1]);
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

  describe('authorization', () => {
    it.each([
      ['a customer claiming', customer, { verb: 'claim' as const }],
      ['a customer replying', customer, { verb: 'reply' as const, message: 'I am the agent now' }],
      ['an unknown tenant resolving', stranger, { verb: 'resolve' as const, resolution: 'done' }],
      ['staff without a ticket role claiming', staffNoRole, { verb: 'claim' as const }],
      [
        'a customer escalating',
        customer,
        { verb: 'escalateMicrosoft' as const, route: 'commercial' as const, plan: null, severity: 'C' as const, caseNumber: 'X-123' },
      ],
    ])('%s is refused, audited, and changes nothing else', async (_name, actor, command) => {
      const { ticket } = await service.open(input());
      const result = await service.act(refOf(ticket), actor, command);
      expect(result).toMatchObject({ ok: false, reason: 'forbidden' });
      const after = (await service.get(refOf(ticket)))!;
      const { audit, ...rest } = after.value;
      const { audit: before, ...restBefore } = ticket.value;
      expect(rest).toEqual(restBefore);
      expect(audit).toEqual([
        ...before,
        expect.objectContaining({
          action: command.verb,
          outcome: 'refused',
          reason: 'forbidden',
          by: expect.objectContaining({ id: actor.id }),
        }),
      ]);
    });

    it('customer verbs only from the ticket’s own tenant; agent verbs not from customers', async () => {
      const { ticket } = await service.open(input());
      const ref = refOf(ticket);
      await service.act(ref, admin, { verb: 'resolve', resolution: '' });
      expect(await service.act(ref, otherCustomer, { verb: 'rate', rating: 1, comment: null })).toMatchObject({
        ok: false,
        reason: 'forbidden',
      });
      expect(await service.act(ref, stranger, { verb: 'reopen' })).toMatchObject({ ok: false, reason: 'forbidden' });
      expect(await service.act(ref, agent(2), { verb: 'rate', rating: 5, comment: null })).toMatchObject({
        ok: false,
        reason: 'forbidden',
      });
      expect(await service.act(ref, colleague, { verb: 'rate', rating: 4, comment: null })).toMatchObject({ ok: true });
      expect(await service.act(ref, customer, { verb: 'rate', rating: 9, comment: null })).toMatchObject({ ok: false, reason: 'invalid' });
      expect((await service.get(ref))!.value.rating?.score).toBe(4);
    });

    it('only the requester’s message is relayed, and only while the ticket waits on them', async () => {
      const { ticket } = await service.open(input());
      const ref = refOf(ticket);
      expect(await service.act(ref, customer, { verb: 'customerMessage', text: 'hello?' })).toMatchObject({
        ok: false,
        reason: 'notWaitingOnCustomer',
      });
      await service.act(ref, agent(1), { verb: 'reply', message: 'Which invoice?' });
      expect(await service.act(ref, colleague, { verb: 'customerMessage', text: 'not mine' })).toMatchObject({
        ok: false,
        reason: 'forbidden',
      });
      expect(await service.act(ref, customer, { verb: 'customerMessage', text: 'INV-42' })).toMatchObject({ ok: true, changed: true });
    });
  });

  describe('races', () => {
    it('of 20 concurrent claims exactly one wins; the others see the holder and are audited', async () => {
      const { ticket } = await service.open(input());
      const ref = refOf(ticket);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => service.act(ref, agent(i), { verb: 'claim' })));
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const winner = winners[0].ok ? winners[0].ticket.value.assignee?.id : undefined;
      for (const r of results.filter((x) => !x.ok)) {
        expect(r).toMatchObject({ ok: false, reason: 'heldByOther' });
        expect(r.ticket?.value.assignee?.id).toBe(winner);
      }
      const stored = (await service.get(ref))!.value;
      expect(stored.assignee?.id).toBe(winner);
      expect(stored.revision).toBe(2);
      expect(stored.audit.filter((a) => a.action === 'claim' && a.outcome === 'done')).toHaveLength(1);
      expect(stored.audit.filter((a) => a.action === 'claim' && a.outcome === 'lost')).toHaveLength(19);
      expect(stored.outbox.filter((o) => o.kind === 'customer')).toHaveLength(1);
    });

    it('claim against resolve: exactly one wins, the audit tells the order', async () => {
      const { ticket } = await service.open(input());
      const ref = refOf(ticket);
      const [claim, resolve] = await Promise.all([
        service.act(ref, agent(1), { verb: 'claim' }),
        service.act(ref, agent(2), { verb: 'resolve', resolution: 'done' }),
      ]);
      expect([claim.ok, resolve.ok].filter(Boolean)).toHaveLength(1);
      const stored = (await service.get(ref))!.value;
      const order = stored.audit.filter((a) => a.action !== 'create').map((a) => `${a.action}:${a.outcome}`);
      if (claim.ok) {
        expect(resolve).toMatchObject({ ok: false, reason: 'heldByOther' });
        expect(order).toEqual(['claim:done', 'resolve:lost']);
        expect(stored.status).toBe('assigned');
        expect(stored.assignee?.id).toBe('agent-1');
      } else {
        expect(stored.status).toBe('resolved');
        expect(claim).toMatchObject({ reason: 'notOpen' });
        expect(order).toEqual(['resolve:done', 'claim:refused']);
        expect(stored.assignee?.id).toBe('agent-2');
      }
    });
  });

  describe('retries', () => {
    it('a reply or an escalation retried (same words, same agent, at once) acts once; a later or different one acts again', async () => {
      const { ticket } = await service.open(input());
      const ref = refOf(ticket);
      const first = await service.act(ref, agent(1), { verb: 'reply', message: 'Which invoice?' });
      const retried = await service.act(ref, agent(1), { verb: 'reply', message: 'Which invoice?' });
      expect(first).toMatchObject({ ok: true, changed: true });
      expect(retried).toMatchObject({ ok: true, changed: false });
      // Agent 1 holds the ticket since the first reply: another agent's reply is refused.
      expect(await service.act(ref, agent(2), { verb: 'reply', message: 'Which invoice?' })).toMatchObject({
        ok: false,
        reason: 'heldByOther',
      });
      now = new Date(MONDAY_1500.getTime() + 5 * 60_000);
      expect(await service.act(ref, agent(1), { verb: 'reply', message: 'Which invoice?' })).toMatchObject({ ok: true, changed: true });
      await service.act(ref, agent(1), { verb: 'reply', message: 'And which month?' });
      const escalate = {
        verb: 'escalateMicrosoft' as const,
        route: 'commercial' as const,
        plan: null,
        severity: 'B' as const,
        caseNumber: 'CASE-1',
      };
      expect(await service.act(ref, agent(1), escalate)).toMatchObject({ ok: true, changed: true });
      expect(await service.act(ref, agent(1), escalate)).toMatchObject({ ok: true, changed: false });
      expect(await service.act(ref, agent(1), { ...escalate, caseNumber: 'CASE-2' })).toMatchObject({ ok: true, changed: true });
      const stored = (await service.get(ref))!.value;
      expect(stored.messages).toHaveLength(3);
      expect(stored.outbox.filter((o) => o.kind === 'customer' && o.event === 'reply')).toHaveLength(3);
      expect(stored.outbox.filter((o) => o.kind === 'customer' && o.event === 'microsoft')).toHaveLength(2);
    });
  });

  describe('reopen window', () => {
    it('lets the customer reopen within the terms’ days, then only agents', async () => {
      const { ticket } = await service.open(input());
      const ref = refOf(ticket);
      await service.act(ref, agent(1), { verb: 'claim' });
      await service.act(ref, agent(1), { verb: 'resolve', resolution: 'done' });
      now = new Date(MONDAY_1500.getTime() + 13 * 86_400_000);
      const reopened = await service.act(ref, customer, { verb: 'reopen' });
      expect(reopened.ok && reopened.ticket.value).toMatchObject({ status: 'assigned', reopenCount: 1, resolvedAt: null });
      // A reopened ticket gets a fresh SLA clock.
      expect(reopened.ok && reopened.ticket.value.sla.stoppedAt).toBeNull();
      expect(reopened.ok && reopened.ticket.value.slaDueAt).not.toBeNull();
      await service.act(ref, agent(1), { verb: 'resolve', resolution: 'really done' });
      now = new Date(now.getTime() + 15 * 86_400_000);
      expect(service.effectiveStatus((await service.get(ref))!.value)).toBe('closed');
      expect(await service.act(ref, customer, { verb: 'reopen' })).toMatchObject({ ok: false, reason: 'reopenWindowOver' });
      expect(await service.act(ref, agent(1), { verb: 'reopen' })).toMatchObject({ ok: true, changed: true });
    });

    it('refuses verbs that need an open ticket after resolving, and reopening an open one', async () => {
      const { ticket } = await service.open(input());
      const ref = refOf(ticket);
      expect(await service.act(ref, customer, { verb: 'reopen' })).toMatchObject({ ok: false, reason: 'notResolved' });
      await service.act(ref, agent(1), { verb: 'resolve', resolution: '' });
      for (const command of [
        { verb: 'claim' as const },
        { verb: 'reply' as const, message: 'hi' },
        { verb: 'resolve' as const, resolution: 'again' },
      ]) {
        expect(await service.act(ref, agent(1), command)).toMatchObject({ ok: false, reason: 'notOpen' });
      }
    });
  });

  describe('queue and lists', () => {
    it('orders open tickets by priority, then SLA due; resolved ones leave the queue', async () => {
      const low = await service.open(input({ draftKey: 'draft-low-1', section: 'tax', question: 'VAT?' }));
      now = new Date(MONDAY_1500.getTime() + 60_000);
      const normal = await service.open(input({ draftKey: 'draft-normal' }));
      const high = await service.open(input({ draftKey: 'draft-high-1', customerStatus: 'suspended', tenantId: TENANT_B }));
      const done = await service.open(input({ draftKey: 'draft-done-1' }));
      await service.act(refOf(done.ticket), agent(1), { verb: 'resolve', resolution: '' });
      expect((await service.queue()).map((d) => d.value.number)).toEqual([
        high.ticket.value.number,
        normal.ticket.value.number,
        low.ticket.value.number,
      ]);
      expect((await service.mine(TENANT_A, 'cust-1')).map((d) => d.value.number)).toEqual([4, 2, 1]);
      expect(await service.mine(TENANT_A, 'someone-else')).toEqual([]);
    });
  });

  describe('delivery bookkeeping', () => {
    it('removes delivered items, retries failures later, gives up after repeated or permanent failures, and tracks the card', async () => {
      const { ticket } = await service.open(input());
      const ref = refOf(ticket);
      await service.act(ref, agent(1), { verb: 'claim' });
      const leased = await service.lease(ref, 'instance-a');
      expect(leased).toBeDefined();
      expect(await service.lease(ref, 'instance-b')).toBeUndefined();
      const [thread, claimed] = leased!.value.outbox;
      const after = await service.delivered(ref, 'instance-a', {
        done: [thread.id],
        failed: [{ id: claimed.id, error: 'connector 503', retryAt: '2026-11-23T12:05:00.000Z' }],
        thread: {
          conversationId: 'c-1',
          activityId: 'a-1',
          serviceUrl: 'http://x',
          channelConversationId: '19:ch',
          reference: {},
          syncedRevision: 2,
        },
      });
      expect(after!.value.outbox).toEqual([
        expect.objectContaining({ id: claimed.id, attempts: 1, notBefore: '2026-11-23T12:05:00.000Z' }),
      ]);
      expect(after!.value.thread).toMatchObject({ conversationId: 'c-1', syncedRevision: 2 });
      expect(after!.value.lease).toBeNull();
      expect(after!.value.needsSync).toBe(true);
      expect((await service.pendingDelivery()).map((d) => d.id)).toEqual([ticket.id]);

      // A change moves the revision: the card is behind until a delivery syncs it.
      await service.act(ref, agent(1), { verb: 'reply', message: 'hello' });
      const synced = await service.delivered(ref, 'instance-b', {
        done: [],
        failed: [{ id: claimed.id, error: 'no conversation', retryAt: '', permanent: true }],
        syncedRevision: 3,
      });
      expect(synced!.value.outbox.map((o) => o.kind)).toEqual(['customer', 'threadNote']);
      expect(synced!.value.thread?.syncedRevision).toBe(3);
      expect(synced!.value.audit.at(-1)).toMatchObject({ action: 'delivery', detail: expect.objectContaining({ gaveUp: true }) });

      const rest = synced!.value.outbox.map((o) => o.id);
      const clean = await service.delivered(ref, 'instance-b', { done: rest, failed: [] });
      expect(clean!.value.needsSync).toBe(false);
      expect(await service.pendingDelivery()).toEqual([]);
    });
  });
});
