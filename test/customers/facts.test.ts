import type { i18n } from 'i18next';
import { createI18n } from '../../bot/platform/i18n';
import { formatCustomerFacts, statusNotice, whenPersonAnswers } from '../../bot/customers/facts';
import { formatDate, formatMoney } from '../../bot/platform/format';
import { businessHours, loadTerms } from '../../bot/knowledge/terms';

// Intl output uses narrow no-break spaces in some locales; compare with plain spaces.
const plain = (s: string | undefined) => s?.replace(/[\u00a0\u202f]/g, ' ');

const overdue = { status: 'overdue' as const, balance: 12345.5, currency: 'TRY', dueDate: '2026-11-14', invoiceNumber: 'INV-2026-0042' };
const NOW = new Date('2026-11-24T09:00:00Z');
const ZONE = 'Europe/Istanbul';

let i18n: i18n;
beforeAll(async () => {
  i18n = await createI18n('en');
});

describe('customer facts', () => {
  it('are formatted for English', () => {
    const f = formatCustomerFacts(overdue, 'en', i18n.getFixedT('en', 'answers'), { now: NOW, timeZone: ZONE });
    expect(plain(f.balance)).toBe('TRY 12,345.50');
    expect(f.lines.map(plain)).toEqual([
      'Account status: **Overdue**',
      'Balance due: **TRY 12,345.50**',
      'Due date: **November 14, 2026** (10 days ago)',
      'Invoice number: **INV-2026-0042**',
    ]);
  });

  it('are formatted for Turkish', () => {
    const f = formatCustomerFacts(overdue, 'tr', i18n.getFixedT('tr', 'answers'), { now: NOW, timeZone: ZONE });
    expect(f.lines.map(plain)).toEqual([
      'Hesap durumu: **Vadesi geçmiş**',
      'Ödenecek bakiye: **₺12.345,50**',
      'Vade tarihi: **14 Kasım 2026** (10 gün önce)',
      'Fatura numarası: **INV-2026-0042**',
    ]);
  });

  it('say only what the directory knows, and "tomorrow" for a due date tomorrow', () => {
    const f = formatCustomerFacts({ dueDate: '2026-11-25' }, 'en', i18n.getFixedT('en', 'answers'), { now: NOW, timeZone: ZONE });
    expect(f.lines).toEqual(['Due date: **November 25, 2026** (tomorrow)']);
    expect(formatCustomerFacts({}, 'tr', i18n.getFixedT('tr', 'answers')).lines).toEqual([]);
  });

  it('are worked out once per language, facts and local day: kept ones equal fresh ones, and a new day reads anew', () => {
    const fixed = i18n.getFixedT('en', 'answers');
    // A translation function that is not the fixed one of the language's answers is never kept.
    const fresh = ((key: string, options?: object) => i18n.t(key, { ...options, lng: 'en', ns: 'answers' })) as unknown as typeof fixed;
    const due = { ...overdue, dueDate: '2026-11-25' };
    for (const at of [NOW, NOW, new Date('2026-11-24T20:59:00Z'), new Date('2026-11-24T21:01:00Z')]) {
      const kept = formatCustomerFacts(due, 'en', fixed, { now: at, timeZone: ZONE });
      expect(kept).toEqual(formatCustomerFacts(due, 'en', fresh, { now: at, timeZone: ZONE }));
      expect(statusNotice(due, 'en', fixed, { now: at, timeZone: ZONE })).toBe(statusNotice(due, 'en', fresh, { now: at, timeZone: ZONE }));
      // What a caller does with its copy changes nothing kept.
      kept.lines.push('extra');
    }
    // 21:01 UTC is past midnight in Istanbul: the due date is today, no longer tomorrow.
    expect(formatCustomerFacts(due, 'en', fixed, { now: new Date('2026-11-24T21:01:00Z'), timeZone: ZONE }).lines[2]).toContain('(today)');
    expect(formatCustomerFacts(due, 'en', fixed, { now: NOW, timeZone: ZONE }).lines[2]).toContain('(tomorrow)');
  });

  it('keep a calendar date on its day whatever the zone', () => {
    expect(formatDate('2026-01-01', 'en')).toBe('January 1, 2026');
    expect(formatDate('2026-01-01', 'tr')).toBe('1 Ocak 2026');
    expect(plain(formatMoney(1500, 'USD', 'tr'))).toBe('$1.500,00');
  });
});

describe('status up front', () => {
  it('tells an overdue customer their balance, due date and invoice', () => {
    expect(plain(statusNotice(overdue, 'en', i18n.getFixedT('en', 'answers')))).toBe(
      'Your account is **overdue**. Details: outstanding balance TRY 12,345.50; due on November 14, 2026; invoice INV-2026-0042.',
    );
    expect(plain(statusNotice({ ...overdue, status: 'suspended' }, 'tr', i18n.getFixedT('tr', 'answers')))).toBe(
      'Abonelikleriniz ödeme yapılmadığı için **askıya alındı**: bakiye ödenene kadar kullanıcılarınız bunları kullanamaz. ' +
        'Ayrıntılar: ödenmemiş bakiye ₺12.345,50; vade tarihi 14 Kasım 2026; fatura INV-2026-0042.',
    );
  });

  it('says nothing to a customer in good standing', () => {
    expect(statusNotice({ ...overdue, status: 'current' }, 'en', i18n.getFixedT('en', 'answers'))).toBeUndefined();
    expect(statusNotice({}, 'en', i18n.getFixedT('en', 'answers'))).toBeUndefined();
  });
});

describe('when a person will answer', () => {
  const hours = businessHours(loadTerms());

  it('now, during business hours', () => {
    expect(whenPersonAnswers(hours, new Date('2026-11-24T10:00:00Z'), 'en', i18n.getFixedT('en', 'answers'))).toBe(
      'Our team is at work now (until 18:00 GMT+3), so a person will answer you soon.',
    );
    expect(whenPersonAnswers(hours, new Date('2026-11-24T10:00:00Z'), 'tr', i18n.getFixedT('tr', 'answers'))).toBe(
      'Ekibimiz şu anda mesaide (mesai bitişi: 18:00 GMT+3); bir temsilci kısa süre içinde size yanıt verecek.',
    );
  });

  it('later today, before opening', () => {
    expect(whenPersonAnswers(hours, new Date('2026-11-24T04:00:00Z'), 'en', i18n.getFixedT('en', 'answers'))).toBe(
      'Our team is not at work right now. A person will answer you from today at 09:00 GMT+3.',
    );
  });

  it('tomorrow, after closing', () => {
    expect(whenPersonAnswers(hours, new Date('2026-11-24T16:00:00Z'), 'tr', i18n.getFixedT('tr', 'answers'))).toBe(
      'Ekibimiz şu anda mesai dışında. Bir temsilci yarın saat 09:00 GMT+3 itibarıyla size yanıt verecek.',
    );
  });

  it('on a named day after a weekend or holiday, in the customer time zone when known', () => {
    expect(whenPersonAnswers(hours, new Date('2026-11-28T12:00:00Z'), 'en', i18n.getFixedT('en', 'answers'))).toBe(
      'Our team is not at work right now. A person will answer you from Monday, November 30 at 09:00 GMT+3.',
    );
    expect(
      whenPersonAnswers(hours, new Date('2026-11-28T12:00:00Z'), 'en', i18n.getFixedT('en', 'answers'), { timeZone: 'Europe/London' }),
    ).toBe('Our team is not at work right now. A person will answer you from Monday, November 30 at 06:00 GMT.');
    expect(whenPersonAnswers(hours, new Date('2026-10-28T12:00:00Z'), 'tr', i18n.getFixedT('tr', 'answers'))).toBe(
      'Ekibimiz şu anda mesai dışında. Bir temsilci 30 Ekim Cuma, saat 09:00 GMT+3 itibarıyla size yanıt verecek.',
    );
  });
});
