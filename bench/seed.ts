/**
 * Data for the bench: the customer in the directory, and `tickets` past tickets in its tenant
 * (written straight into the store, as years of use would leave them), so the cost of a
 * customer's message can be measured against the size of its tenant's history.
 */
import { randomUUID } from 'node:crypto';
import { CustomerDirectory } from '../bot/customers/directory';
import { SqliteStore } from '../bot/platform/store/sqlite';
import { Ticket, TicketStatus } from '../bot/tickets/domain/model';
import { newTicket } from '../bot/tickets/domain/create';
import { SlaRules } from '../bot/tickets/domain/sla';
import { CUSTOMER } from './load';

const STATUSES: TicketStatus[] = ['closed', 'closed', 'closed', 'resolved', 'closed', 'closed', 'new', 'closed', 'assigned', 'closed'];

/** A fixed SLA clock: the bench measures reading tickets, not SLA arithmetic. */
const RULES: SlaRules = {
  clock: {
    addBusinessHours: (from: Date, hours: number) => new Date(from.getTime() + hours * 3_600_000),
    isOpen: () => true,
    nextOpening: () => undefined,
  } as unknown as SlaRules['clock'],
  targets: { high: 2, normal: 8, low: 24 },
};

export async function seed(dataDir: string, tickets: number, people = 64): Promise<void> {
  const store = new SqliteStore(dataDir);
  try {
    await new CustomerDirectory(store).upsert({
      tenantId: CUSTOMER,
      name: 'Bench Customer',
      status: 'overdue',
      balance: 1250.5,
      currency: 'USD',
      dueDate: '2026-11-30',
      invoiceNumber: 'INV-BENCH-1',
    });
    const coll = store.collection<Ticket>('tickets');
    const start = Date.parse('2024-01-01T09:00:00Z');
    for (let n = 1; n <= tickets; n++) {
      const requester = `00000000-0000-4000-8000-${String(n % (people * 4)).padStart(12, '0')}`;
      const t = newTicket(
        {
          tenantId: CUSTOMER,
          customerName: 'Bench Customer',
          requester: { id: requester, name: `User ${n % people}` },
          draftKey: `seed-${n}`,
          source: 'offer',
          question: `Seeded question ${n} about an Azure invoice that looked too high this month`,
          product: 'azure',
          topic: 'unexpectedCharge',
          section: 'azure-billing',
          locale: n % 2 ? 'tr' : 'en',
        },
        n,
        new Date(start + n * 600_000),
        RULES,
        randomUUID,
      );
      const status = STATUSES[n % STATUSES.length];
      await coll.create(CUSTOMER, `seed-${n}`, { ...t, status, outbox: [], needsSync: false });
    }
    if (tickets > 0) await store.collection<{ last: number }>('counters').upsert('partner', 'ticket-number', { last: tickets });
  } finally {
    await store.close();
  }
}
