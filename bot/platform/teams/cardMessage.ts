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
