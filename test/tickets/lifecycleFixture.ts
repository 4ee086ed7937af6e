/** What the ticket lifecycle tests share: tenants, actors, a ticket request, the SLA clock. */
import type { Store } from '../../bot/platform/store/types';
import { TicketService } from '../../bot/tickets/service';
import { businessClock } from '../../bot/tickets/domain/sla';
import { businessHours, loadTerms } from '../../bot/knowledge/terms';
import { Actor, OpenInput, Ticket, TicketRef } from '../../bot/tickets/domain/model';
import { Versioned } from '../../bot/platform/store/types';

export const TENANT_A = '22222222-2222-4222-8222-222222222222';
export const TENANT_B = '44444444-4444-4444-8444-444444444444';

export const clock = businessClock(businessHours(loadTerms()));
/** Monday 23 November 2026, 15:00 in Istanbul (UTC+3): support is open 09–18 on weekdays. */
export const MONDAY_1500 = new Date('2026-11-23T12:00:00Z');

export const agent = (n: number): Actor => ({ kind: 'staff', id: `agent-${n}`, name: `Agent ${n}`, roles: ['helpdesk-agent'] });
export const admin: Actor = { kind: 'staff', id: 'admin-1', name: 'Ada Admin', roles: ['admin'] };
export const staffNoRole: Actor = { kind: 'staff', id: 'staff-1', name: 'Sam Staff', roles: [] };
export const customer: Actor = { kind: 'customer', tenantId: TENANT_A, id: 'cust-1', name: 'Ayşe Yılmaz' };
export const colleague: Actor = { kind: 'customer', tenantId: TENANT_A, id: 'cust-2', name: 'Can Demir' };
export const otherCustomer: Actor = { kind: 'customer', tenantId: TENANT_B, id: 'cust-9', name: 'Bora Kaya' };
export const stranger: Actor = { kind: 'unknown', tenantId: '33333333-3333-4333-8333-333333333333', id: 'x-1', name: 'Stan' };

export function input(over: Partial<OpenInput> = {}): OpenInput {
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

export const refOf = (d: Versioned<Ticket>): TicketRef => ({ tenantId: d.pk, id: d.id });
export const at = (iso: string) => new Date(iso);

/** The ticket service under test on a store: targets 2/8/24 business hours, 14-day reopen window, time from `now`. */
export function serviceOn(store: Store, now: () => Date): TicketService {
  return new TicketService(store, { clock, targets: { high: 2, normal: 8, low: 24 }, reopenWindowDays: 14, now });
}
