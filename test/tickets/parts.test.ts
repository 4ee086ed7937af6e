/**
 * The parts of tickets that stand alone: business-time arithmetic for SLA pauses, the typed phrases that open or list tickets, and the offer card's draft check.
 */
import { parseDraft } from '../../bot/tickets/chat/cardInput';
import { isMyTickets, isTalkToPerson } from '../../bot/tickets/chat/phrases';
import { businessClock } from '../../bot/tickets/domain/sla';
import { businessHours, loadTerms } from '../../bot/knowledge/terms';

const clock = businessClock(businessHours(loadTerms()));
const H = 3_600_000;

describe('business time between two instants (Istanbul, weekdays 09–18, Saturday 10–14)', () => {
  it.each([
    ['within one day', '2026-11-23T07:00:00Z', '2026-11-23T10:30:00Z', 3.5 * H],
    ['overnight counts only opening hours', '2026-11-23T14:00:00Z', '2026-11-24T07:00:00Z', 2 * H],
    ['Friday 17:00 → Monday 10:00 includes Saturday 10–14', '2026-11-27T14:00:00Z', '2026-11-30T07:00:00Z', 6 * H],
    ['a closed stretch is zero', '2026-11-29T08:00:00Z', '2026-11-29T12:00:00Z', 0],
    ['the end before the start is zero', '2026-11-24T10:00:00Z', '2026-11-24T08:00:00Z', 0],
    ['a holiday (29 October, Republic Day) is closed, its eve is a half day', '2026-10-28T06:00:00Z', '2026-10-30T07:00:00Z', 5 * H],
  ])('%s', (_name, from, to, expected) => {
    expect(clock.businessMsBetween(new Date(from), new Date(to))).toBe(expected);
  });

  it('is the inverse of adding business hours', () => {
    const from = new Date('2026-11-27T15:20:00Z');
    for (const h of [0.5, 3, 7.25, 30]) {
      expect(clock.businessMsBetween(from, clock.addBusinessHours(from, h))).toBe(h * H);
    }
  });
});

describe('typed requests', () => {
  it.each([
    'talk to a person',
    'I want to talk to a person',
    'Can I speak to a human please?',
    'HUMAN',
    'agent',
    'open a ticket',
    'Bir temsilciyle görüşmek istiyorum',
    'bir temsilciyle gorusmek istiyorum',
    'BİR TEMSİLCİYLE GÖRÜŞMEK İSTİYORUM',
    'temsilci',
    'canlı destek',
    'Müşteri temsilcisi lütfen',
  ])('"%s" asks for a person', (text) => {
    expect(isTalkToPerson(text)).toBe(true);
  });

  it.each([
    'Why is my invoice higher than last month?',
    'who is my sales representative for azure',
    'satış temsilcisi kim',
    'I talked to a person at Microsoft and they said my subscription is fine, but the invoice from you still shows the old price for all of the licences we cancelled',
    '',
  ])('"%s" does not', (text) => {
    expect(isTalkToPerson(text)).toBe(false);
  });

  it.each(['my tickets', 'My Tickets!', 'taleplerim', 'Taleplerim', 'TALEPLERİM', 'destek taleplerim'])('"%s" lists tickets', (text) => {
    expect(isMyTickets(text)).toBe(true);
  });

  it.each(['my tickets are wrong on the invoice', 'talep'])('"%s" does not', (text) => {
    expect(isMyTickets(text)).toBe(false);
  });
});

describe('offer card draft', () => {
  const good = { draftId: 'd-1234567890', question: 'Why?', product: 'azure', topic: 'invoice', section: 'invoices' };

  it('accepts what offerTicketCard puts on the button', () => {
    expect(parseDraft(good)).toEqual(good);
    expect(parseDraft({ ...good, section: null, topic: '' })).toEqual({ ...good, section: null, topic: '' });
  });

  it.each([
    ['no draft id', { ...good, draftId: undefined }],
    ['a short draft id', { ...good, draftId: 'x' }],
    ['a draft id with slashes', { ...good, draftId: '../../../etc/passwd' }],
    ['an unknown section', { ...good, section: 'free-money' }],
    ['a question that is not text', { ...good, question: { a: 1 } }],
    ['an oversized question', { ...good, question: 'x'.repeat(4001) }],
    ['a product with markup', { ...good, product: '<b>azure</b>' }],
  ])('refuses %s', (_name, data) => {
    expect(parseDraft(data as Record<string, unknown>)).toBeUndefined();
  });
});
