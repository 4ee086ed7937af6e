import { Activity, CardFactory, MessageFactory } from 'botbuilder';
import { AdaptiveCard, renderCard } from '../../../cards/render';

/** A message activity carrying one Adaptive Card. */
export function cardMessage(card: AdaptiveCard): Partial<Activity> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

/** A simple titled card with paragraphs (refusals, confirmations, notices). */
export function noticeCard(title: string, lines: string[]): AdaptiveCard {
  return renderCard('common/notice', { title, lines });
}
