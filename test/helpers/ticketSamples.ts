import type { i18n } from 'i18next';
import { AdaptiveCard } from '../../cards/render';
import { escalationCard } from '../../cards/tickets/escalation';
import { customerTicketsCard, queueCard } from '../../cards/tickets/list';
import { offerCard } from '../../cards/tickets/offer';
import { ratingCard } from '../../cards/tickets/rating';
import { Language } from '../../bot/platform/config';
import { Ticket } from '../../bot/tickets/domain/model';
import { Versioned } from '../../bot/platform/store/types';

const NOW = new Date('2026-11-24T09:00:00Z');
const CLOCK = { timeZone: 'Europe/Istanbul', now: NOW };

/** A ticket with every optional part filled (long texts, Microsoft case, rating, messages). */
export function sampleTicket(over: Partial<Ticket> = {}): Versioned<Ticket> {
  const at = '2026-11-23T12:00:00.000Z';
  const value: Ticket = {
    number: 42,
    tenantId: '22222222-2222-4222-8222-222222222222',
    customerName: 'Anadolu Lojistik A.Ş.',
    customerStatus: 'current',
    requester: { id: 'cust-1', name: 'Ayşe Yılmaz' },
    requesterKey: 'cust-1',
    product: 'azure',
    topic: 'unexpectedCharge',
    question: 'Neden bu ay faturam **iki katı**? ${title} '.repeat(100),
    section: 'azure-billing',
    source: 'offer',
    draftKey: 'd-1',
    requestIds: ['act-1'],
    locale: 'tr',
    priority: 'high',
    priorityRank: 0,
    status: 'waitingOnMicrosoft',
    assignee: { id: 'agent-1', name: 'Arda Agent' },
    sla: {
      targetHours: 2,
      startedAt: at,
      dueAt: null,
      pausedAt: at,
      remainingMs: 5_400_000,
      stoppedAt: null,
      breachedAt: null,
      firstResponseAt: at,
    },
    slaDueAt: null,
    microsoft: {
      route: 'technical',
      plan: 'psfp',
      severity: 'A',
      caseNumber: '2611230010000123',
      expectedResponseBy: '2026-11-23T14:00:00.000Z',
      escalatedAt: at,
      by: { id: 'agent-1', name: 'Arda Agent' },
    },
    resolution: 'Credit note issued. '.repeat(50),
    resolvedAt: null,
    rating: { score: 4, comment: 'Quick <b>and</b> kind', at, by: { id: 'cust-1' } },
    reopenCount: 0,
    messages: Array.from({ length: 5 }, (_, i) => ({
      id: `m${i}`,
      from: i % 2 === 0 ? ('agent' as const) : ('customer' as const),
      by: { id: 'x', name: i % 2 === 0 ? 'Arda Agent' : 'Ayşe Yılmaz' },
      text: 'Mesaj '.repeat(300),
      at,
    })),
    audit: Array.from({ length: 30 }, (_, i) => ({
      at,
      action: i % 3 === 0 ? 'claim' : 'reply',
      outcome: i % 3 === 0 ? ('lost' as const) : ('done' as const),
      by: { kind: 'staff' as const, id: `agent-${i}`, name: `Agent ${i}` },
      ...(i % 3 === 0 ? { reason: 'heldByOther' as const } : {}),
    })),
    auditDropped: 0,
    outbox: [],
    thread: null,
    adminsToldAt: null,
    revision: 9,
    needsSync: false,
    lease: null,
    createdAt: at,
    updatedAt: at,
    ...over,
  };
  return { pk: value.tenantId, id: 'tk-0123456789abcdef0123456789abcdef01234567', etag: 'e', value };
}

/** Every ticket template in its variants, for the card expansion test. */
export function ticketCardSamples(
  i18next: i18n,
  lang: Language,
): Record<'ticketEscalation' | 'ticketList' | 'ticketOffer' | 'ticketRating', AdaptiveCard[]> {
  const t = i18next.getFixedT(lang, 'tickets');
  const c = { ...CLOCK, lang };
  const open = sampleTicket();
  const resolved = sampleTicket({
    status: 'resolved',
    resolvedAt: '2026-11-24T08:00:00.000Z',
    sla: { ...open.value.sla, stoppedAt: '2026-11-24T08:00:00.000Z' },
  });
  const fresh = sampleTicket({
    status: 'new',
    assignee: null,
    microsoft: null,
    rating: null,
    messages: [],
    section: null,
    product: null,
    topic: 'custom-topic',
  });
  const agents = Array.from({ length: 40 }, (_, i) => ({
    id: `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `Agent ${i}`,
  }));
  const base = {
    ...c,
    agents,
    userIds: agents.map((a) => `29:${a.id}`),
    section: { title: 'Azure billing', excerpt: 'Azure usage is billed in arrears. '.repeat(20) },
  };
  return {
    ticketEscalation: [
      escalationCard(open, t, {
        ...base,
        view: 'agent',
        status: 'waitingOnMicrosoft',
        history: true,
        notice: { text: 'Done', tone: 'good' },
      }),
      escalationCard(fresh, t, { ...base, view: 'agent', status: 'new' }),
      escalationCard(open, t, { ...base, view: 'readOnly', status: 'waitingOnMicrosoft' }),
      escalationCard(resolved, t, { ...base, view: 'agent', status: 'resolved' }),
    ],
    ticketList: [
      customerTicketsCard([open, resolved, fresh], (x) => x.status, t, {
        ...c,
        partner: 'Contoso',
        reopenWindowDays: 14,
        canReopen: (x) => x.status === 'resolved',
      }),
      customerTicketsCard([], (x) => x.status, t, {
        ...c,
        partner: 'Contoso',
        reopenWindowDays: 14,
        canReopen: () => false,
        notice: { text: 'x', tone: 'attention' },
      }),
      queueCard(
        Array.from({ length: 30 }, () => open),
        (x) => x.status,
        t,
        c,
      ),
      queueCard(
        Array.from({ length: 25 }, () => open),
        (x) => x.status,
        t,
        { ...c, hasMore: true },
      ),
      queueCard([], (x) => x.status, t, c),
    ],
    ticketOffer: [
      offerCard({ draftId: 'd-123456789', question: 'Why?', product: 'azure', topic: 'invoice', section: 'invoices' }, t, {
        ...c,
        partner: 'Contoso',
        priority: 'normal',
        dueAt: NOW,
        openNow: true,
      }),
      offerCard({ draftId: 'd-123456789', question: '', product: '', topic: '', section: null }, t, {
        ...c,
        partner: 'Contoso',
        priority: 'high',
        dueAt: NOW,
        opensAt: NOW,
        openNow: false,
      }),
    ],
    ticketRating: [
      ratingCard(resolved, t, { ...c, partner: 'Contoso', reopenWindowDays: 14, canReopen: true }),
      ratingCard(sampleTicket({ status: 'resolved', rating: null, resolution: null }), t, {
        ...c,
        partner: 'Contoso',
        reopenWindowDays: 14,
        canReopen: false,
        notice: { text: 'x', tone: 'good' },
      }),
    ],
  };
}
