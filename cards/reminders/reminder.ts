/**
 * The reminder card a customer's people receive: the company's billing facts, what happens next
 * and when, how to pay, the admin's note, and the buttons "Got it", "I've paid" and "I have a
 * question". After a click the same card comes back saying what was recorded.
 */
import type { i18n, TFunction } from 'i18next';
import { Customer } from '../../bot/customers/directory';
import { localDateOf } from '../../bot/knowledge/hours';
import type { Terms } from '../../bot/knowledge/terms';
import { Language, supportedLanguage } from '../../bot/platform/config';
import { formatDate, formatMoney } from '../../bot/platform/format';
import { cardInLanguage, cardMessage, OutgoingMessage } from '../../bot/platform/teams/cardMessage';
import { AckKind, Campaign, Recipient, ReminderTemplate } from '../../bot/reminders/model';
import { AdaptiveCard, escapeText, renderCard } from '../render';
import { noteFor, remindersT } from './common';

/** The longest payment reference a customer may give. */
export const MAX_REFERENCE_CHARS = 100;

/** Teams shows cards up to ~28 KB in every client; a reminder card must stay below. */
export const MAX_REMINDER_CARD_BYTES = 28_000;

/** How the engine's sender gets each recipient's card. */
export type RenderReminder = (campaign: Campaign, recipient: Recipient, customer: Customer) => OutgoingMessage;

/** The next ladder step for a customer (the engine's `ReminderService.nextStep`). */
export type NextStep = (customer: Customer, today: string) => { template: ReminderTemplate; date: string } | undefined;

/** What drawing a reminder card reads. */
export interface ReminderCardDeps {
  i18n: i18n;
  terms: Pick<Terms, 'partner'>;
  partnerName: string;
  config: { DEFAULT_LOCALE: string };
  hours: { timeZone: string };
}

export interface ReminderView {
  campaign: Pick<Campaign, 'id' | 'template' | 'note'>;
  customer: Pick<Customer, 'name' | 'balance' | 'currency' | 'dueDate' | 'invoiceNumber'>;
  lang: Language;
  /** Today in the partner's time zone (YYYY-MM-DD): the latest date of payment. */
  today: string;
  next?: { template: ReminderTemplate; date: string };
  /** What the person's click recorded, already worded (the card comes back with it). */
  recorded?: string;
  /** What this person already recorded: those buttons are not shown again. */
  done?: readonly AckKind[];
}

/** The language of a recipient's card: their own when we speak it, else the default. */
export function recipientLanguage(recipient: Pick<Recipient, 'locale'>, deps: Pick<ReminderCardDeps, 'config'>): Language {
  return supportedLanguage(recipient.locale) ?? supportedLanguage(deps.config.DEFAULT_LOCALE) ?? 'en';
}

function nextLines(t: TFunction, view: ReminderView, reactivationHours: number): string[] {
  const lines: string[] = [];
  const { template } = view.campaign;
  if (template === 'reactivated') return [t('card.next.reactivated', { hours: reactivationHours })];
  if (view.next)
    lines.push(t(`card.next.${view.next.template}`, { date: formatDate(view.next.date, view.lang), hours: reactivationHours }));
  else lines.push(t('card.nextNone'));
  if (template === 'suspended' || template === 'suspension-warning') lines.push(t('card.reactivation', { hours: reactivationHours }));
  return lines;
}

/** The reminder card for one reader, in their language. */
export function reminderCard(view: ReminderView, deps: ReminderCardDeps): AdaptiveCard {
  const t = remindersT(deps.i18n, view.lang);
  const { customer, campaign, lang } = view;
  const partner = deps.partnerName;
  const company = escapeText(customer.name, 200);
  const unknown = t('card.unknown');
  const balance = customer.balance !== undefined ? formatMoney(customer.balance, customer.currency, lang) : unknown;
  const due = customer.dueDate ? formatDate(customer.dueDate, lang) : unknown;
  const payment = deps.terms.partner.payment;
  const done = new Set(view.done ?? []);
  // Nothing is owed after a reactivation: the card only informs, "Got it" is its one button.
  const owes = campaign.template !== 'reactivated';
  return renderCard('reminders/reminder', {
    recorded: view.recorded ?? '',
    title: t(`card.title.${campaign.template}`, { partner }),
    titleColor: campaign.template === 'reactivated' ? 'Good' : campaign.template === 'payment-due' ? 'Default' : 'Attention',
    intro: t(`card.intro.${campaign.template}`, { company, due, partner }),
    facts: [
      { title: t('card.company'), value: company },
      { title: t('card.balance'), value: balance },
      { title: t('card.dueDate'), value: due },
      { title: t('card.invoice'), value: customer.invoiceNumber ? escapeText(customer.invoiceNumber, 100) : unknown },
    ],
    nextHeading: t('card.nextHeading'),
    next: nextLines(t, view, deps.terms.partner.collection.reactivationBusinessHours),
    payHeading: t('card.payHeading'),
    pay: owes ? (payment?.instructions?.[lang] ?? '') : '',
    payLink: owes ? (payment?.payLink ?? '') : '',
    payLinkTitle: t('card.payLink'),
    noteHeading: t('card.noteHeading', { partner }),
    note: noteFor(campaign.note, lang),
    footer: t('card.footer', { partner }),
    buttons: { ack: !done.has('ack'), paid: owes && !done.has('paid'), question: !done.has('question') },
    ref: { campaignId: campaign.id },
    ackTitle: t('card.ack'),
    paidTitle: t('card.paid'),
    paidOnLabel: t('card.paidOn'),
    today: view.today,
    referenceLabel: t('card.reference'),
    referencePlaceholder: t('card.referencePlaceholder'),
    referenceMax: MAX_REFERENCE_CHARS,
    paidSubmit: t('card.paidSubmit', { partner }),
    questionTitle: t('card.question'),
  });
}

/** The partner's calendar date now. */
export function partnerToday(now: number, deps: Pick<ReminderCardDeps, 'hours'>): string {
  return localDateOf(new Date(now), deps.hours.timeZone);
}

/**
 * The engine's card renderer: each recipient's card in their language, with the next ladder step
 * worked out for the day it is sent. Its buttons carry the language, so a click is answered in it.
 *
 * A card depends on the recipient only through their language and what they already recorded, so
 * it is drawn once per (campaign, customer, language, day, recorded) and the same message is
 * handed out again: expanding a template is most of the CPU of a send otherwise. The cache is
 * keyed on the campaign and customer objects the sender holds for one run, and goes with them.
 */
export function renderReminder(deps: ReminderCardDeps & { nextStep: NextStep; now(): number }): RenderReminder {
  const drawn = new WeakMap<Campaign, WeakMap<Customer, Map<string, OutgoingMessage>>>();
  return (campaign, recipient, customer) => {
    const lang = recipientLanguage(recipient, deps);
    const today = partnerToday(deps.now(), deps);
    const done = recipient.acks.map((a) => a.kind);
    const key = `${lang}|${today}|${[...new Set(done)].sort().join(',')}`;
    let byCustomer = drawn.get(campaign);
    if (!byCustomer) drawn.set(campaign, (byCustomer = new WeakMap()));
    let cards = byCustomer.get(customer);
    if (!cards) byCustomer.set(customer, (cards = new Map()));
    const cached = cards.get(key);
    if (cached) return cached;
    const view: ReminderView = { campaign, customer, lang, today, next: deps.nextStep(customer, today), done };
    // The summary is what Teams shows in the notification and the chat list instead of "Card".
    const summary = remindersT(deps.i18n, lang)(`card.title.${campaign.template}`, { partner: deps.partnerName });
    const message: OutgoingMessage = deepFreeze({
      ...cardMessage(cardInLanguage(reminderCard(view, deps), lang)),
      summary,
      locale: lang === 'tr' ? 'tr-TR' : 'en-US',
    });
    // A day or two of keys at most per customer in one run; cleared if a run spans many days.
    if (cards.size > 16) cards.clear();
    cards.set(key, message);
    return message;
  };
}

/** Shared between recipients: nobody may change it on its way out. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
