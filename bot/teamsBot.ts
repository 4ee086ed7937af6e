import { ActivityTypes, InvokeResponse, TeamsActivityHandler, TurnContext } from 'botbuilder';
import { Deps } from './deps';
import { supportedLanguage } from './platform/config';
import { causeOf, errorCode, userMessage } from './platform/errors';
import { cardResponse, handleCardAction } from './cardActions';
import { noticeCard } from './platform/teams/cardMessage';
import { CARD_ACTIONS, routeMessage } from './router';
import { greet } from './conversation/welcome';
import { teamMembershipChanged } from './roles/roster';
import { correlationIdOf, keptUserOf, resolveTurn, Turn } from './turn';

/**
 * Registers the handlers; it holds no logic of its own. Every turn first records who is
 * talking (latest conversation reference and language) for proactive messages later.
 */
export class HelpDeskBot extends TeamsActivityHandler {
  constructor(private readonly deps: Deps) {
    super();
    this.onMessage(async (context, next) => {
      const conversationId = context.activity.conversation?.id;
      const activityId = context.activity.id;
      const tracked = typeof conversationId === 'string' && typeof activityId === 'string' && activityId.length > 0;
      if (tracked && !(await deps.redelivery.firstDelivery(conversationId, activityId))) {
        deps.log.info({ code: errorCode('REDELIVERED'), event: 'message.redelivered', by: 'id', activityId });
        return;
      }
      try {
        await routeMessage(context, await this.turn(context), deps);
      } catch (err) {
        // Teams retries a turn that failed: that copy must be processed, not dropped as a duplicate.
        if (tracked) await deps.redelivery.forget(conversationId, activityId).catch(() => undefined);
        throw err;
      }
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const added: unknown = context.activity.membersAdded;
      if (Array.isArray(added) && added.some((m: unknown) => (m as { id?: unknown } | null)?.id === botId)) await this.botAdded(context);
      await next();
    });
    // Team membership changes: learn the staff roster (names, UPNs, channel ids) from Teams.
    this.onConversationUpdate(async (context, next) => {
      await teamMembershipChanged(context, await this.turn(context), deps);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.botAdded(context);
      await next();
    });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action') {
      try {
        const body = await handleCardAction(context, await this.turn(context), this.deps, CARD_ACTIONS);
        return { status: 200, body };
      } catch (err) {
        // Even when the store is down, the clicker gets a card with a reference rather than a 5xx.
        const correlationId = correlationIdOf(context);
        const lang = supportedLanguage(typeof context.activity.locale === 'string' ? context.activity.locale : undefined) ?? 'en';
        this.deps.log.error({
          code: errorCode('TURN_FAILED'),
          event: 'action.failed',
          correlationId,
          err: { message: causeOf(err).message },
        });
        const t = this.deps.i18n.getFixedT(lang, 'bot');
        return { status: 200, body: cardResponse(noticeCard(userMessage(t, 'TURN_FAILED', correlationId), [])) };
      }
    }
    return super.onInvokeActivity(context);
  }

  private async botAdded(context: TurnContext): Promise<void> {
    const turn = await this.turn(context);
    if (turn.conversationType === 'personal') await greet(context, turn, this.deps);
    else if (turn.who.kind === 'staff' && context.activity.type === ActivityTypes.ConversationUpdate)
      await context.sendActivity(turn.t('staff.installed', { bot: context.activity.recipient?.name ?? 'Billing Help Desk' }));
  }

  private async turn(context: TurnContext): Promise<Turn> {
    const turn = await resolveTurn(context, this.deps);
    // Nothing is kept about people from tenants we don't serve.
    if (turn.who.kind !== 'unknown' && turn.tenantId && turn.userKey) {
      const a = context.activity;
      await this.deps.users.remember(
        {
          tenantId: turn.tenantId,
          userKey: turn.userKey,
          channelUserId: a.from.id,
          aadObjectId: turn.aadObjectId,
          name: turn.name,
          language: turn.lang,
          languageLocale: turn.languageLocale,
          conversationReference:
            turn.conversationType === 'personal' ? (TurnContext.getConversationReference(a) as Record<string, unknown>) : undefined,
          lastSeen: new Date().toISOString(),
        },
        keptUserOf(context),
      );
    }
    return turn;
  }
}
