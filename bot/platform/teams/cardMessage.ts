import { Activity, CardFactory, ConversationReference, MessageFactory } from 'botbuilder';
import { AdaptiveCard, renderCard } from '../../../cards/render';

/** A message to post: the SDK's activity, named here so features need not import the SDK. */
export type OutgoingMessage = Partial<Activity>;

/** Where a message goes: a conversation reference as Teams gave it to us. */
export type ConversationRef = Partial<ConversationReference>;

/** A message activity carrying one Adaptive Card. */
export function cardMessage(card: AdaptiveCard): OutgoingMessage {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

/** A plain text message. */
export function textMessage(text: string): OutgoingMessage {
  return MessageFactory.text(text);
}

/** A simple titled card with paragraphs (refusals, confirmations, notices). */
export function noticeCard(title: string, lines: string[]): AdaptiveCard {
  return renderCard('common/notice', { title, lines });
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** A copy of a card whose every Action.Execute carries `lang` in its data (nested cards too). */
export function cardInLanguage<C>(card: C, lang: string): C {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x);
    if (out.type === 'Action.Execute') {
      const data = out.data && typeof out.data === 'object' && !Array.isArray(out.data) ? out.data : {};
      out.data = { ...data, lang };
    }
    return out;
  };
  return walk(card) as C;
}

/**
 * An outgoing activity whose Adaptive Cards (attachments, or the card of an invoke response)
 * carry `lang` in every Action.Execute: a click answers in the language the card was written in,
 * whatever locale the client sends with it.
 */
export function messageInLanguage(activity: OutgoingMessage, lang: string): OutgoingMessage {
  const attachments = activity.attachments?.map((a) =>
    a.contentType === ADAPTIVE_CARD && a.content ? { ...a, content: cardInLanguage(a.content as unknown, lang) } : a,
  );
  const invoke =
    activity.type === 'invokeResponse' ? (activity.value as { body?: { type?: unknown; value?: unknown } } | undefined) : undefined;
  const value =
    invoke?.body?.type === ADAPTIVE_CARD && invoke.body.value
      ? { ...invoke, body: { ...invoke.body, value: cardInLanguage(invoke.body.value, lang) } }
      : activity.value;
  return { ...activity, ...(attachments ? { attachments } : {}), ...(activity.type === 'invokeResponse' ? { value } : {}) };
}
