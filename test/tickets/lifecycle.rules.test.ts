/**
 * Ticket rules on every store: authorization with audited refusals, races, retries, the reopen
 * window, the queue and lists, and delivery bookkeeping.
 */
import { TicketService } from '../../bot/tickets/service';
import { OpenedStore, storeKinds } from '../helpers/stores';
import {
  TENANT_A,
  TENANT_B,
  MONDAY_1500,
  agent,
  admin,
  staffNoRole,
  customer,
  colleague,
  otherCustomer,
  stranger,
  input,
  refOf,
  serviceOn,
} from './lifecycleFixture';

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

  describe('authorization', () => {
    it.each([
      ['a customer claiming', customer, { verb: 'claim' as const }],
      ['a customer replying', customer, { verb: 'reply' as const, message: 'I am the agent now' }],
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

    it.each([
      ['an unknown tenant resolving', stranger, { verb: 'resolve' as const, resolution: 'done' }, '33333333-3333-4333-8333-333333333333'],
      ['staff without a ticket role claiming', staffNoRole, { verb: 'claim' as const }, 'partner'],
      ['a colleague of the requester reopening', colleague, { verb: 'reopen' as const }, TENANT_A],
    ])(
      '%s is refused and changes nothing; outside the ticket’s parties, it is counted in the security log',
      async (_name, actor, command, pk) => {
        const { ticket } = await service.open(input());
        const result = await service.act(refOf(ticket), actor, command);
        expect(result).toMatchObject({ ok: false, reason: 'forbidden', logged: 'security' });
        expect((await service.get(refOf(ticket)))!.value).toEqual(ticket.value);
        const [entry] = await service.security.entries(pk);
        expect(entry.value).toMatchObject({
          sender: { kind: actor.kind, id: actor.id },
          total: 1,
          verbs: { [command.verb]: 1 },
          tickets: [1],
        });
      },
    );

    it('customer verbs only from the ticket’s requester; agent verbs not from customers', async () => {
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
      expect(await service.act(ref, colleague, { verb: 'rate', rating: 4, comment: null })).toMatchObject({
        ok: false,
        reason: 'forbidden',
      });
      expect(await service.act(ref, customer, { verb: 'rate', rating: 4, comment: null })).toMatchObject({ ok: true });
      expect(await service.act(ref, customer, { verb: 'rate', rating: 9, comment: null })).toMatchObject({ ok: false, reason: 'invalid' });
      expect((await service.get(ref))!.value.rating?.score).toBe(4);
    });

    it('a rating may be corrected once within 24 hours, audited as a change; later, or a second time, it is final', async () => {
      const rate = (ref: ReturnType<typeof refOf>, rating: number) => service.act(ref, customer, { verb: 'rate', rating, comment: null });
      const late = refOf((await service.open(input({ draftKey: 'd-late-rating' }))).ticket);
      await service.act(late, admin, { verb: 'resolve', resolution: '' });
      expect(await rate(late, 4)).toMatchObject({ ok: true, changed: true });
      now = new Date(now.getTime() + 25 * 3_600_000);
      expect(await rate(late, 2)).toMatchObject({ ok: false, reason: 'alreadyRated', logged: 'audit' });
      expect((await service.get(late))!.value.rating).toMatchObject({ score: 4 });

      const ref = refOf((await service.open(input({ draftKey: 'd-soon-rating' }))).ticket);
      await service.act(ref, admin, { verb: 'resolve', resolution: '' });
      expect(await rate(ref, 4)).toMatchObject({ ok: true, changed: true });
      now = new Date(now.getTime() + 23 * 3_600_000);
      expect(await rate(ref, 2)).toMatchObject({ ok: true, changed: true });
      expect(await rate(ref, 1)).toMatchObject({ ok: false, reason: 'alreadyRated' });
      const t = (await service.get(ref))!.value;
      expect(t.rating).toMatchObject({ score: 2, changedFrom: 4 });
      expect(t.audit.map((a) => `${a.action}:${a.outcome}`).slice(-3)).toEqual(['rate:done', 'rateChange:done', 'rate:refused']);
      expect(t.audit.at(-2)!.detail).toMatchObject({ previous: 4, rating: 2 });
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
      const [thread, claimed] = (await service.get(ref))!.value.outbox;
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
      expect((await service.pendingDelivery({ all: true })).map((d) => d.id)).toEqual([ticket.id]);

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
      expect(await service.pendingDelivery({ all: true })).toEqual([]);
    });
  });
});
