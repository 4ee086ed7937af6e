/**
 * Replies within a turn count against the conversation's Teams limit like proactive sends do. In a
 * channel or group chat (where ticket cards and notes are paced through the same budget) every
 * reply first takes a slot of the conversation's budget; a 1:1 chat's replies answer one person at
 * human pace and are not counted (each slot costs a store read and write).
 */
import { Middleware, TurnContext } from 'botbuilder';
import { Limiter } from './budget';
import { keyOf } from './messenger';

/** Proactive turns are the messenger's: it has counted them already. */
function isProactive(context: TurnContext): boolean {
  const a = context.activity;
  return a?.type === 'event' && (a.name === 'ContinueConversation' || a.name === 'CreateConversation');
}

export function paceSharedReplies(conversation: Limiter): Middleware {
  return {
    async onTurn(context, next) {
      const type = context.activity?.conversation?.conversationType;
      if (!isProactive(context) && type !== undefined && type !== 'personal') {
        context.onSendActivities(async (ctx, activities, send) => {
          // An invoke response goes back in the HTTP answer, not to the channel.
          for (const a of activities)
            if (a.type !== 'invokeResponse')
              await conversation.acquire(keyOf(ctx.activity.conversation ? { conversation: ctx.activity.conversation } : {}));
          return send();
        });
      }
      await next();
    },
  };
}
