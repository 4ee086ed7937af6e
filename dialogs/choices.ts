import type { SectionId } from '../bot/knowledge/terms';

/** Products a customer can pick; `unsure` means we answer without the product-specific part. */
export const PRODUCT_CHOICES = ['azure', 'm365', 'dynamics', 'unsure'] as const;
export type ProductChoice = (typeof PRODUCT_CHOICES)[number];

export const TOPIC_CHOICES = [
  'invoice',
  'unexpectedCharge',
  'payment',
  'accessSuspended',
  'subscriptionChange',
  'refundCredit',
  'tax',
  'hoursContacts',
  'technical',
  'other',
] as const;
export type TopicChoice = (typeof TOPIC_CHOICES)[number];

/** Which support-terms section answers a topic, per product where it differs. */
export function sectionForTopic(topic: TopicChoice, product: ProductChoice): SectionId | null {
  switch (topic) {
    case 'invoice':
      return 'invoices';
    case 'unexpectedCharge':
      return product === 'azure' ? 'azure-billing' : 'charge-disputes';
    case 'payment':
      return 'payment-terms';
    case 'accessSuspended':
      return 'suspension';
    case 'subscriptionChange':
      return 'subscription-changes';
    case 'refundCredit':
      return 'refunds-credits';
    case 'tax':
      return 'tax';
    case 'hoursContacts':
      return 'support-hours';
    case 'technical':
      return 'technical-support';
    case 'other':
      return null;
  }
}

/** Topics whose answer is more useful with a description first. */
export function needsDetails(topic: TopicChoice): boolean {
  return topic === 'other';
}
