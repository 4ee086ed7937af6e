import { Customer } from '../../bot/customers/directory';
import { businessHours, loadTerms } from '../../bot/knowledge/terms';
import { Language, SUPPORTED_LANGUAGES } from '../../bot/platform/config';
import { formatDate, formatMoney } from '../../bot/platform/format';
import { createI18n } from '../../bot/platform/i18n';
import { REMINDER_TEMPLATES, Recipient } from '../../bot/reminders/model';
import { MAX_REMINDER_CARD_BYTES, reminderCard, ReminderCardDeps, renderReminder } from '../../cards/reminders/reminder';
import { AdaptiveCard } from '../../cards/render';
import { textOf } from '../harness/bot';
import { longNote, sampleCampaign, sampleReminderCustomer } from '../helpers/reminderSamples';

let deps: ReminderCardDeps;
beforeAll(async () => {
  const terms = loadTerms();
  deps = {
    i18n: await createI18n('en'),
    terms,
    partnerName: terms.partner.partner.name,
    config: { DEFAULT_LOCALE: 'en-US' },
    hours: businessHours(terms),
  };
});

const customer: Customer = { ...sampleReminderCustomer, name: 'Anadolu Lojistik A.Ş.' };
const TODAY = '2026-10-20';

function actions(
  card: AdaptiveCard,
): { type: string; verb?: string; title?: string; data?: Record<string, unknown>; card?: AdaptiveCard }[] {
  return (card.actions ?? []) as never;
}

/** Every Action.Execute of a card, nested show-cards included. */
function executes(card: AdaptiveCard): { verb?: string; data?: Record<string, unknown> }[] {
  return actions(card).flatMap((a) => (a.type === 'Action.Execute' ? [a] : a.card ? executes(a.card) : []));
}

describe('the reminder card', () => {
  test.each(SUPPORTED_LANGUAGES.flatMap((lang) => REMINDER_TEMPLATES.map((template) => [template, lang] as const)))(
    '%s in %s names the company, balance, due date, invoice, what happens next, how to pay, and has the three buttons',
    (template, lang) => {
      const card = reminderCard(
        {
          campaign: sampleCampaign({ template, note: undefined }),
          customer,
          lang,
          today: TODAY,
          next: { template: 'final-notice', date: '2026-10-29' },
        },
        deps,
      );
      const text = textOf(card as never);
      expect(text).toContain('Anadolu Lojistik A.Ş.');
      expect(text).toContain(formatMoney(18250.75, 'TRY', lang));
      expect(text).toContain(formatDate('2026-10-15', lang));
      expect(text).toContain('CCP-2026-0912');
      const t = deps.i18n.getFixedT(lang, 'reminders');
      expect(text).toContain(t('card.nextHeading'));
      if (template === 'reactivated') {
        expect(text).toContain(t('card.next.reactivated', { hours: 4 }));
      } else {
        expect(text).toContain(formatDate('2026-10-29', lang));
        expect(text).toContain(deps.terms.partner.payment?.instructions?.[lang] as string);
        expect(actions(card).find((a) => a.type === 'Action.OpenUrl')).toBeDefined();
      }
      const verbs = executes(card).map((a) => a.verb);
      expect(verbs).toEqual(
        template === 'reactivated' ? ['reminder.ack', 'reminder.question'] : ['reminder.ack', 'reminder.paid', 'reminder.question'],
      );
      for (const a of executes(card)) expect(a.data).toEqual({ campaignId: 'r0123456789abcde' });
      // The "I've paid" form: an optional date (no later than today) and reference.
      const form = actions(card).find((a) => a.type === 'Action.ShowCard')?.card;
      if (template !== 'reactivated') expect(JSON.stringify(form?.body)).toContain(`"max":"${TODAY}"`);
    },
  );

  test('stays under 28 KB with the longest note and a long company name, in every language', () => {
    for (const lang of SUPPORTED_LANGUAGES)
      for (const template of REMINDER_TEMPLATES) {
        const card = reminderCard(
          {
            campaign: sampleCampaign({ template }),
            customer: sampleReminderCustomer,
            lang,
            today: TODAY,
            next: { template: 'suspended', date: '2026-11-14' },
            recorded: 'x'.repeat(600),
          },
          deps,
        );
        expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(MAX_REMINDER_CARD_BYTES);
      }
  });

  test("the admin's note is plain text, in the reader's language when given per language", () => {
    const t = (lang: Language, note: string | Record<string, string>) =>
      textOf(reminderCard({ campaign: sampleCampaign({ note }), customer, lang, today: TODAY }, deps) as never);
    const en = t('en', { en: '**Pay** [here](http://evil.example) <b>now</b>', tr: 'Lütfen **hemen** ödeyin' });
    expect(en).toContain('\\*\\*Pay\\*\\* \\[here\\](http://evil.example) \\<b\\>now\\</b\\>');
    expect(en).not.toContain('hemen');
    expect(t('tr', { en: 'Please pay', tr: 'Lütfen **hemen** ödeyin' })).toContain('Lütfen \\*\\*hemen\\*\\* ödeyin');
    expect(t('tr', 'One note for all')).toContain('One note for all');
    expect(longNote.en.length).toBe(1000);
  });

  test('after a click it says what was recorded and drops the buttons already used', () => {
    const card = reminderCard(
      {
        campaign: sampleCampaign({ note: undefined }),
        customer,
        lang: 'en',
        today: TODAY,
        recorded: 'We recorded it.',
        done: ['ack', 'paid'],
      },
      deps,
    );
    expect(textOf(card as never)).toContain('We recorded it.');
    expect(executes(card).map((a) => a.verb)).toEqual(['reminder.question']);
  });

  test("the sender's renderer writes each card in the recipient's language, and its buttons carry it", () => {
    const render = renderReminder({
      ...deps,
      nextStep: () => ({ template: 'final-notice', date: '2026-10-29' }),
      now: () => Date.parse('2026-10-20T08:00:00Z'),
    });
    const recipient = (locale: string): Recipient => ({
      campaignId: 'r0123456789abcde',
      tenantId: customer.tenantId,
      userKey: 'u1',
      locale,
      state: 'pending',
      attempts: 0,
      acks: [],
      updatedAt: '',
    });
    const tr = render(sampleCampaign({ note: undefined }), recipient('tr'), customer);
    const card = tr.attachments?.[0].content as AdaptiveCard;
    expect(tr.summary).toBe('Contoso Cloud Partners ödemenizin vadesi geçti');
    expect(textOf(card as never)).toContain(deps.i18n.getFixedT('tr', 'reminders')('card.ack'));
    expect(executes(card).every((a) => a.data?.lang === 'tr')).toBe(true);
    const fallback = render(sampleCampaign({ note: undefined }), recipient('de'), customer).attachments?.[0].content as AdaptiveCard;
    expect(executes(fallback).every((a) => a.data?.lang === 'en')).toBe(true);
  });

  test('one card per campaign, customer, language and what was clicked; shared cards cannot be changed', () => {
    let now = Date.parse('2026-10-20T08:00:00Z');
    const render = renderReminder({ ...deps, nextStep: () => undefined, now: () => now });
    const campaign = sampleCampaign({ note: undefined });
    const person = (userKey: string, locale: string, acks: Recipient['acks'] = []): Recipient => ({
      campaignId: campaign.id,
      tenantId: customer.tenantId,
      userKey,
      locale,
      state: 'pending',
      attempts: 0,
      acks,
      updatedAt: '',
    });
    const first = render(campaign, person('u1', 'tr'), customer);
    expect(render(campaign, person('u2', 'tr-TR'), customer)).toBe(first);
    expect(render(campaign, person('u3', 'en'), customer)).not.toBe(first);
    const clicked = render(campaign, person('u4', 'tr', [{ kind: 'ack', at: '2026-10-19T10:00:00Z', by: 'u4' }]), customer);
    expect(executes(clicked.attachments?.[0].content as AdaptiveCard).map((a) => a.verb)).not.toContain('reminder.ack');
    // Another customer (or the same one read again from the directory), another day: drawn again.
    expect(render(campaign, person('u5', 'tr'), { ...customer })).not.toBe(first);
    now += 86_400_000;
    expect(render(campaign, person('u6', 'tr'), customer)).not.toBe(first);
    expect(() => {
      (first.attachments as { content: unknown }[])[0].content = {};
    }).toThrow(TypeError);
  });
});
