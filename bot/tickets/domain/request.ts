/** What a customer asks a person for, before it is a ticket: the conversation's request and the offer's draft. */
import type { ProductChoice, TopicChoice } from '../../../dialogs/choices';
import type { SectionId } from '../../knowledge/terms';

/** What the customer asked, for offering a person (and, from there, a ticket). */
export interface PersonRequest {
  product: ProductChoice;
  topic?: TopicChoice;
  question?: string;
  /** The section the bot answered with, or null when none fitted. */
  section: SectionId | null;
}

/** What the offer card's button carries to `ticket.create`. */
export interface TicketDraft {
  draftId: string;
  question: string;
  product: string;
  topic: string;
  section: string | null;
}
