/**
 * The preview of a campaign before it is sent: who gets it (customers, people, customers nobody
 * can be reached at), and the card as people reading each language will see it. Above the
 * confirmation size the same card comes back once more, asking to confirm.
 */
import type { i18n } from 'i18next';
import { Language } from '../../bot/platform/config';
import { ReminderTemplate } from '../../bot/reminders/model';
import { AdaptiveCard, escapeText, renderCard } from '../render';
import { formatInstant, languageName, remindersT } from './common';
import { numberFormat } from '../../bot/platform/format';
import { intlLocale } from '../../bot/platform/i18n';

/** At most this many unreachable customers are named; the rest are counted. */
const MAX_UNREACHABLE_NAMED = 15;

/** What a campaign request carries between the composer, the preview and the send button. */
export interface CampaignRequest {
  template: ReminderTemplate;
  audience: string;
  note?: string | Record<string, string>;
  sendAt?: string;
}

export interface PreviewCounts {
  customers: number;
  recipients: number;
  unreachable: { tenantId: string; name: string }[];
  languages: string[];
}

export interface PreviewOptions {
  timeZone: string;
  /** The reminder card per language, as the recipients will see it. */
  samples: { lang: Language; card: AdaptiveCard }[];
  /** The company whose facts the samples show. */
  sampleCompany?: string;
  /** Ask to confirm (a large campaign): the send button then carries `confirmed`. */
  confirm: boolean;
}

function buttonTitles(card: AdaptiveCard): string {
  return (card.actions ?? [])
    .map((a) => (a as { title?: unknown }).title)
    .filter((x): x is string => typeof x === 'string')
    .join(' · ');
}

export function previewCard(i18n: i18n, lang: Language, request: CampaignRequest, counts: PreviewCounts, o: PreviewOptions): AdaptiveCard {
  const t = remindersT(i18n, lang);
  const fmt = numberFormat(intlLocale(lang));
  const n = {
    customers: fmt.format(counts.customers),
    recipients: fmt.format(counts.recipients),
    unreachable: fmt.format(counts.unreachable.length),
  };
  const canSend = counts.recipients > 0;
  const lines = [
    t('preview.audience', { audience: escapeText(request.audience, 200) }),
    t('preview.counts', n),
    t('preview.when', { when: request.sendAt ? formatInstant(request.sendAt, lang, o.timeZone) : t('preview.now') }),
  ];
  if (counts.languages.length > 0)
    lines.push(t('preview.languages', { languages: counts.languages.map((l) => languageName(t, l)).join(', ') }));
  if (o.sampleCompany) lines.push(t('preview.sampleCustomer', { company: escapeText(o.sampleCompany, 200) }));
  if (!canSend) lines.push(t('preview.noRecipients'));
  const named = counts.unreachable.slice(0, MAX_UNREACHABLE_NAMED).map((c) => `${escapeText(c.name, 200)} (${c.tenantId})`);
  if (counts.unreachable.length > named.length) named.push(t('preview.more', { count: counts.unreachable.length - named.length }));
  const sendTitle = o.confirm
    ? t('preview.confirmSend', { recipients: n.recipients })
    : request.sendAt
      ? t('preview.schedule')
      : t('preview.send');
  return renderCard('reminders/preview', {
    confirm: o.confirm ? t('preview.confirm', { ...n, button: sendTitle }) : '',
    title: t('preview.title', { template: t(`templateName.${request.template}`) }),
    lines,
    unreachableHeading: t('preview.unreachableHeading'),
    unreachable: named,
    samples: o.samples.map((s) => ({
      heading: t('preview.sample', { language: languageName(t, s.lang) }),
      items: s.card.body,
      buttons: t('preview.sampleButtons', { buttons: buttonTitles(s.card) }),
    })),
    canSend,
    sendTitle,
    sendData: { ...request, ...(o.confirm ? { confirmed: true } : {}) },
    editTitle: t('preview.edit'),
    editData: request,
  });
}
