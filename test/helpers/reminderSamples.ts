import type { i18n } from 'i18next';
import { composerCard } from '../../cards/reminders/composer';
import { previewCard } from '../../cards/reminders/preview';
import { campaignsCard, progressCard } from '../../cards/reminders/progress';
import { reminderCard, ReminderCardDeps } from '../../cards/reminders/reminder';
import { AdaptiveCard } from '../../cards/render';
import { Customer } from '../../bot/customers/directory';
import { Language, SUPPORTED_LANGUAGES } from '../../bot/platform/config';
import { Campaign, CampaignCounts, REMINDER_TEMPLATES } from '../../bot/reminders/model';

const TZ = 'Europe/Istanbul';

/** A customer with every fact, and a long name with markdown in it. */
export const sampleReminderCustomer: Customer = {
  tenantId: '22222222-2222-4222-8222-222222222222',
  name: 'Anadolu **Lojistik** A.Ş. '.repeat(8).trim(),
  locale: 'tr-TR',
  status: 'overdue',
  balance: 18250.75,
  currency: 'TRY',
  dueDate: '2026-10-15',
  invoiceNumber: 'CCP-2026-0912',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

/** The longest note an admin may write, per language, with markdown and a binding-like text. */
export const longNote = {
  en: 'Please **pay** [now](http://evil) ${title} '.repeat(40).slice(0, 1000),
  tr: 'Lütfen öde ${title} '.repeat(80).slice(0, 1000),
};

export function sampleCampaign(over: Partial<Campaign> = {}): Campaign {
  return {
    id: 'r0123456789abcde',
    template: 'overdue',
    audience: 'status:overdue',
    note: longNote,
    status: 'sending',
    origin: { kind: 'staff', userKey: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'Bilge **Billing**' },
    createdAt: '2026-11-24T09:00:00.000Z',
    customers: 3,
    recipients: 250,
    unreachable: ['Ege Tekstil'],
    ...over,
  };
}

export const sampleCounts: CampaignCounts = {
  pending: 120,
  sent: 100,
  blocked: 10,
  not_found: 5,
  failed: 3,
  cancelled: 0,
  unreachable: 1,
  acknowledged: 40,
  paid: 7,
  questions: 2,
  done: false,
  estimatedFinish: '2026-11-24T09:05:00.000Z',
};

/** Every reminder card of a language, with the largest content the inputs allow. */
export function reminderCardSamples(i18n: i18n, lang: Language, deps: ReminderCardDeps): Record<string, AdaptiveCard[]> {
  const today = '2026-11-24';
  const reminders = REMINDER_TEMPLATES.flatMap((template) => [
    reminderCard(
      {
        campaign: sampleCampaign({ template }),
        customer: sampleReminderCustomer,
        lang,
        today,
        next: { template: 'final-notice', date: '2026-10-29' },
      },
      deps,
    ),
    reminderCard(
      {
        campaign: sampleCampaign({ template, note: undefined }),
        customer: { name: 'Ege' },
        lang,
        today,
        recorded: 'Recorded.',
        done: ['ack', 'paid', 'question'],
      },
      deps,
    ),
  ]);
  const unreachable = Array.from({ length: 40 }, (_, i) => ({ tenantId: `t-${i}`, name: `Company **${i}** `.repeat(10) }));
  const request = {
    template: 'overdue' as const,
    audience: `tenants:${Array.from({ length: 108 }, () => '22222222-2222-4222-8222-222222222222').join(',')}`.slice(0, 4000),
    note: longNote,
    sendAt: '2026-11-25T07:00:00.000Z',
  };
  const samples = SUPPORTED_LANGUAGES.map((l) => ({ lang: l, card: reminders[2] }));
  const counts = { customers: 1200, recipients: 5400, unreachable, languages: ['en', 'tr'] };
  return {
    'reminders/reminder': reminders,
    'reminders/composer': [
      composerCard(i18n, lang, { timeZone: TZ, today }),
      composerCard(i18n, lang, {
        timeZone: TZ,
        today,
        values: {
          template: 'final-notice',
          audience: 'due-within:7',
          note: 'x',
          notes: { tr: 'y' },
          sendDate: today,
          sendTime: '10:00',
          problem: 'Fix it',
        },
      }),
    ],
    'reminders/preview': [
      previewCard(i18n, lang, request, counts, { timeZone: TZ, samples, sampleCompany: sampleReminderCustomer.name, confirm: true }),
      previewCard(
        i18n,
        lang,
        { template: 'reactivated', audience: 'all' },
        { customers: 0, recipients: 0, unreachable: [], languages: [] },
        { timeZone: TZ, samples: [], confirm: false },
      ),
    ],
    'reminders/progress': [
      progressCard(i18n, lang, sampleCampaign(), sampleCounts, { timeZone: TZ, notice: 'Already finished.' }),
      progressCard(
        i18n,
        lang,
        sampleCampaign({ status: 'cancelled', origin: { kind: 'ladder' } }),
        { ...sampleCounts, done: true },
        { timeZone: TZ },
      ),
      progressCard(
        i18n,
        lang,
        sampleCampaign({ status: 'scheduled', sendAt: '2026-11-25T07:00:00.000Z', origin: { kind: 'cli' } }),
        sampleCounts,
        { timeZone: TZ },
      ),
    ],
    'reminders/list': [
      campaignsCard(i18n, lang, [], { timeZone: TZ }),
      campaignsCard(
        i18n,
        lang,
        Array.from({ length: 10 }, (_, i) => ({ campaign: sampleCampaign({ status: i % 2 ? 'done' : 'sending' }), counts: sampleCounts })),
        { timeZone: TZ },
      ),
    ],
  };
}
