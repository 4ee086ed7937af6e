/**
 * "Tickets are waiting" for admins while no escalation channel is set. An admin the bot has a 1:1
 * chat with is told there; an admin who never wrote to the bot but is known from the team roster
 * or the configured ADMINS gets a new 1:1 chat, opened proactively, whose reference is kept.
 */
import { escapeText } from '../../cards/render';
import { supportedLanguage } from '../platform/config';
import { causeOf, errorCode } from '../platform/errors';
import { ConversationRef, textMessage } from '../platform/teams/cardMessage';
import { Messenger } from '../platform/teams/messenger';
import { Ticket } from './domain/model';
import { TicketDeliveryDeps } from './ports';
import { partnerLanguage, ticketsT } from './views';

export async function tellAdmins(deps: TicketDeliveryDeps, messenger: Messenger, t: Ticket): Promise<void> {
  const partner = deps.config.PARTNER_TENANT_ID;
  const admins = await deps.roles.holders('admin');
  let told = 0;
  let opened = 0;
  const noRoute: string[] = [];
  for (const id of admins) {
    const user = partner ? await deps.users.get(partner, id) : undefined;
    const lang = supportedLanguage(user?.language) ?? partnerLanguage(deps);
    const text = ticketsT(deps, lang)('note.noChannel', { number: t.number, customer: escapeText(t.customerName, 200) });
    try {
      if (user?.conversationReference) {
        await messenger.send(user.conversationReference as ConversationRef, textMessage(text));
        told++;
        continue;
      }
      const serviceUrl = user?.serviceUrl ?? (partner ? await deps.users.serviceUrlOf(partner) : undefined) ?? requesterServiceUrl(t);
      if (!partner || !serviceUrl) {
        noRoute.push(id);
        continue;
      }
      const reference = await messenger.openPersonal(serviceUrl, partner, user?.channelUserId ?? id, textMessage(text));
      await deps.users.remember({
        tenantId: partner,
        userKey: id,
        channelUserId: user?.channelUserId ?? id,
        aadObjectId: id,
        name: user?.name,
        language: lang,
        conversationReference: reference,
        lastSeen: user?.lastSeen ?? new Date().toISOString(),
      });
      told++;
      opened++;
    } catch (err) {
      deps.log.warn({ code: errorCode('TICKET_ADMIN_NOTICE_FAILED'), event: 'tickets.adminNoticeFailed', admin: id, err: causeOf(err) });
    }
  }
  if (noRoute.length > 0) {
    // Nothing tells us where this tenant's Teams service is: the admin must write to the bot once.
    deps.log.warn({ code: errorCode('TICKET_ADMIN_NO_ROUTE'), event: 'tickets.adminNoRoute', number: t.number, admins: noRoute });
  }
  deps.log.warn({
    code: errorCode('TICKET_NO_ESCALATION_CHANNEL'),
    event: 'tickets.noEscalationChannel',
    number: t.number,
    adminsTold: told,
    chatsOpened: opened,
  });
}

function requesterServiceUrl(t: Ticket): string | undefined {
  const url = (t.requester.conversationReference as { serviceUrl?: unknown } | undefined)?.serviceUrl;
  return typeof url === 'string' && url ? url : undefined;
}
