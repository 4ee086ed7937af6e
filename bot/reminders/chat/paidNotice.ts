/**
 * "I've paid" for the billing team: posted in the billing channel (`setup billing`) when one is
 * set, else to each billing admin in their 1:1 chat with the bot (opened by the bot for one who
 * never wrote to it), so someone checks the payment.
 */
import { formatInstant, remindersT } from '../../../cards/reminders/common';
import { escapeText } from '../../../cards/render';
import { Customer } from '../../customers/directory';
import { Language, supportedLanguage } from '../../platform/config';
import { causeOf, errorCode } from '../../platform/errors';
import { formatDate, formatMoney } from '../../platform/format';
import { cardMessage, ConversationRef, noticeCard } from '../../platform/teams/cardMessage';
import { Messenger } from '../../platform/teams/messenger';
import { Campaign, Recipient } from '../model';
import { ReminderChatDeps } from './ports';

export interface PaidReport {
  campaign: Campaign;
  recipient: Recipient;
  customer: Customer | undefined;
  /** Who clicked, as Teams named them. */
  name?: string;
  paidOn?: string;
  reference?: string;
  /** When it was recorded (ms). */
  at: number;
}

function partnerLanguage(deps: ReminderChatDeps): Language {
  return supportedLanguage(deps.config.DEFAULT_LOCALE) ?? 'en';
}

/** The notice in one language. */
export function paidNoticeCard(deps: ReminderChatDeps, lang: Language, r: PaidReport) {
  const t = remindersT(deps.i18n, lang);
  const company = escapeText(r.customer?.name ?? r.recipient.tenantId, 200);
  const unknown = t('card.unknown');
  const c = r.customer;
  const lines = [
    t('paidNotice.who', {
      name: r.name ? escapeText(r.name, 100) : t('paidNotice.someone'),
      company,
      template: t(`templateName.${r.campaign.template}`),
    }),
  ];
  if (r.paidOn) lines.push(t('paidNotice.paidOn', { date: formatDate(r.paidOn, lang) }));
  if (r.reference) lines.push(t('paidNotice.reference', { reference: escapeText(r.reference, 100) }));
  lines.push(
    t('paidNotice.facts', {
      invoice: c?.invoiceNumber ? escapeText(c.invoiceNumber, 100) : unknown,
      balance: c?.balance !== undefined ? formatMoney(c.balance, c.currency, lang) : unknown,
      due: c?.dueDate ? formatDate(c.dueDate, lang) : unknown,
    }),
    t('paidNotice.campaign', { id: r.campaign.id }),
  );
  const at = [...r.recipient.acks].reverse().find((a) => a.kind === 'paid')?.at;
  if (at) lines.push(formatInstant(at, lang, deps.hours.timeZone));
  return noticeCard(t('paidNotice.title', { company }), lines);
}

/** Tells the billing team; failures are logged with a code, never thrown (the customer's click is recorded either way). */
export async function tellBilling(deps: ReminderChatDeps, messenger: Messenger, report: PaidReport): Promise<void> {
  const base = { event: 'reminders.paidNotice', campaignId: report.campaign.id, tenantId: report.recipient.tenantId };
  try {
    const channel = await deps.settings.billingChannel();
    if (channel) {
      await messenger.send(
        channel.conversationReference as ConversationRef,
        cardMessage(paidNoticeCard(deps, partnerLanguage(deps), report)),
      );
      deps.log.info({ ...base, to: 'channel' });
      return;
    }
    const partner = deps.config.PARTNER_TENANT_ID;
    const admins = partner ? await deps.roles.holders('billing-admin') : [];
    let told = 0;
    for (const id of admins) {
      const user = await deps.users.get(partner as string, id);
      const lang = supportedLanguage(user?.language) ?? partnerLanguage(deps);
      const notice = cardMessage(paidNoticeCard(deps, lang, report));
      try {
        if (user?.conversationReference) {
          await messenger.send(user.conversationReference as ConversationRef, notice);
          told++;
          continue;
        }
        // A billing admin who never wrote to the bot (known from BILLING_ADMINS or the roster): a new 1:1 chat, kept.
        const serviceUrl = user?.serviceUrl ?? (await deps.users.serviceUrlOf(partner as string));
        if (!serviceUrl) continue;
        const reference = await messenger.openPersonal(serviceUrl, partner as string, user?.channelUserId ?? id, notice);
        await deps.users.remember({
          tenantId: partner as string,
          userKey: id,
          channelUserId: user?.channelUserId ?? id,
          aadObjectId: id,
          name: user?.name,
          language: lang,
          conversationReference: reference,
          lastSeen: user?.lastSeen ?? new Date(report.at).toISOString(),
        });
        told++;
      } catch (err) {
        deps.log.warn({ code: errorCode('REMINDER_PAID_NOTICE_FAILED'), ...base, admin: id, err: causeOf(err) });
      }
    }
    if (told === 0) {
      // Nobody to tell: no billing channel and no billing admin who ever wrote to the bot.
      deps.log.warn({ code: errorCode('REMINDER_PAID_NO_ROUTE'), ...base, billingAdmins: admins.length });
    } else deps.log.info({ ...base, to: 'billingAdmins', told });
  } catch (err) {
    deps.log.warn({ code: errorCode('REMINDER_PAID_NOTICE_FAILED'), ...base, err: causeOf(err) });
  }
}
