/**
 * Tickets with several instances on one store (each instance = its own TicketService, as each
 * process has one): numbering under contention, the pending-delivery index under concurrent
 * changes and deliveries, and the staff list after a role change on another instance.
 */
import { loadConfig } from '../../bot/platform/config';
import { UserService } from '../../bot/platform/teams/users';
import { RoleService } from '../../bot/roles/service';
import { TicketViewDeps } from '../../bot/tickets/ports';
import { staffOnDuty } from '../../bot/tickets/views';
import { OpenedStore, storeKinds } from '../helpers/stores';
import { agent, input, MONDAY_1500, refOf, serviceOn, TENANT_A, TENANT_B } from './lifecycleFixture';

describe.each(storeKinds)('$name with several instances', (kind) => {
  let opened: OpenedStore;

  beforeEach(async () => {
    opened = await kind.open();
  });

  afterEach(async () => {
    await opened.cleanup();
  });

  it('numbers 90 tickets opened at once on three instances 1..90, taking numbers in blocks', async () => {
    const instances = [0, 1, 2].map(() => serviceOn(opened.store, () => MONDAY_1500));
    const results = await Promise.all(
      Array.from({ length: 90 }, (_, i) =>
        instances[i % 3].open(input({ draftKey: `draft-many-${i}`, tenantId: i % 2 ? TENANT_B : TENANT_A })),
      ),
    );
    expect(results.every((r) => r.created)).toBe(true);
    expect(results.map((r) => r.ticket.value.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    // One counter write per block, not per ticket: the waiting creations share the next block.
    const blocks = instances.reduce((sum, s) => sum + s.numberStats().blocks, 0);
    expect(blocks).toBeLessThan(45);
  });

  it('opens one ticket when two instances open the same draft at once, and the loser’s number goes to its next ticket', async () => {
    const [a, b] = [0, 1].map(() => serviceOn(opened.store, () => MONDAY_1500));
    const same = input({ draftKey: 'draft-double-click' });
    const [first, second] = await Promise.all([a.open(same), b.open({ ...same, requestId: 'act-2' })]);
    expect(first.ticket.id).toBe(second.ticket.id);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    const next = await Promise.all([a.open(input({ draftKey: 'draft-next-a' })), b.open(input({ draftKey: 'draft-next-b' }))]);
    expect([first.ticket.value.number, ...next.map((r) => r.ticket.value.number)].sort()).toEqual([1, 2, 3]);
  });

  it('keeps every ticket that owes delivery in the pending index while changes and deliveries race', async () => {
    const writer = serviceOn(opened.store, () => MONDAY_1500);
    const deliverer = serviceOn(opened.store, () => MONDAY_1500);
    const { ticket } = await writer.open(input());
    const ref = refOf(ticket);
    for (let round = 0; round < 12; round++) {
      const current = (await writer.get(ref))!.value;
      const everything = current.outbox.map((o) => o.id);
      await Promise.all([
        deliverer.delivered(ref, 'instance-b', { done: everything, failed: [], syncedRevision: current.revision }),
        writer.act(ref, agent(1), { verb: 'reply', message: `round ${round}` }),
      ]);
      const after = (await writer.get(ref))!.value;
      const marked = (await writer.pendingDelivery({ all: true })).map((r) => r.id);
      if (after.needsSync) expect(marked).toEqual([ref.id]);
    }
    // A delivery that leaves nothing removes the mark; a ticket that is gone loses it too.
    const last = (await writer.get(ref))!.value;
    await deliverer.delivered(ref, 'instance-b', { done: last.outbox.map((o) => o.id), failed: [], syncedRevision: last.revision });
    expect((await writer.get(ref))!.value.needsSync).toBe(false);
    expect(await writer.pendingDelivery({ all: true })).toEqual([]);
    const other = (await writer.open(input({ draftKey: 'draft-gone' }))).ticket;
    await opened.store.collection('tickets').delete(other.pk, other.id);
    await deliverer.delivered(refOf(other), 'instance-b', { done: [], failed: [] });
    expect(await writer.pendingDelivery({ all: true })).toEqual([]);
  });

  it('shows an agent granted on one instance in the staff list of another at once', async () => {
    const config = loadConfig({ NODE_ENV: 'test', PARTNER_TENANT_ID: '11111111-1111-4111-8111-111111111111' });
    const deps = (roles: RoleService) => ({ roles, users: new UserService(opened.store), config }) as unknown as TicketViewDeps;
    const here = new RoleService(opened.store);
    const there = new RoleService(opened.store);
    await here.grant('agent-1', 'helpdesk-agent', 'test');
    expect((await staffOnDuty(deps(here))).agents.map((a) => a.id)).toEqual(['agent-1']);
    await there.grant('agent-2', 'helpdesk-agent', 'test');
    expect((await staffOnDuty(deps(here))).agents.map((a) => a.id)).toEqual(['agent-1', 'agent-2']);
    await there.revoke('agent-1', 'helpdesk-agent', 'test');
    expect((await staffOnDuty(deps(here))).agents.map((a) => a.id)).toEqual(['agent-2']);
  });
});
