/**
 * Reminder campaigns: the shared model of the reminders feature. The engine (service, sender,
 * ladder, CLI) writes these documents; the chat side (composer, progress card, recipients'
 * buttons) and the tab read them through `ReminderService` (service.ts).
 *
 * Storage (collection `reminders`): one campaign document (pk `campaign`, id = campaign id) and
 * one document per recipient (pk = campaign id, id = `<tenantId>:<userKey>`), so the sender pages
 * through one partition and a state change is one small ETag write.
 */

export const REMINDER_TEMPLATES = ['payment-due', 'overdue', 'final-notice', 'suspension-warning', 'suspended', 'reactivated'] as const;
export type ReminderTemplate = (typeof REMINDER_TEMPLATES)[number];

/** Final states of a recipient; `pending` before. */
export const RECIPIENT_STATES = ['pending', 'sent', 'blocked', 'not_found', 'failed', 'cancelled'] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

export type AckKind = 'ack' | 'paid' | 'question';

export interface Acknowledgement {
  kind: AckKind;
  at: string;
  /** aadObjectId or channel user id of who clicked (always the recipient; checked server-side). */
  by: string;
  /** `paid`: the date the customer says they paid (YYYY-MM-DD) and their reference. */
  paidOn?: string;
  reference?: string;
  /** `question`: the ticket it opened. */
  ticketNumber?: number;
}

/** One person a campaign goes to. */
export interface Recipient {
  campaignId: string;
  tenantId: string;
  userKey: string;
  /** Language of their card (their last Teams language, else directory locale, else DEFAULT_LOCALE). */
  locale: string;
  state: RecipientState;
  attempts: number;
  /** HTTP status of the last failed attempt. */
  lastStatus?: number;
  /** Earliest time of the next attempt (ISO), after a 429's Retry-After or a back-off. */
  notBefore?: string;
  sentAt?: string;
  /** The sent card's activity id and conversation, to update it in place after a click. */
  activityId?: string;
  conversationId?: string;
  acks: Acknowledgement[];
  updatedAt: string;
}

export type CampaignStatus = 'scheduled' | 'sending' | 'done' | 'cancelled';

/** Who asked for it: a staff member in Teams, the CLI, or the daily ladder. */
export type CampaignOrigin = { kind: 'staff'; userKey: string; name?: string } | { kind: 'cli' } | { kind: 'ladder' };

export interface Campaign {
  id: string;
  template: ReminderTemplate;
  /** The audience expression as given (CONTRACT.md "Reminders"). */
  audience: string;
  /** Plain text note, optionally per language ({ en: "...", tr: "..." } or one text for all). */
  note?: string | Record<string, string>;
  /** ISO 8601; absent = now. */
  sendAt?: string;
  status: CampaignStatus;
  origin: CampaignOrigin;
  createdAt: string;
  /** Customers in the audience (unreachable ones included), people, and customers with nobody reachable. */
  customers: number;
  recipients: number;
  unreachable: string[];
  /** Where the progress card lives (conversation reference + activity id), when started from Teams. */
  progress?: { conversationReference: Record<string, unknown>; activityId?: string };
  /** Ladder campaigns: the step and invoice they are for, so the ladder sends each once. */
  ladderKey?: string;
  finishedAt?: string;
}

/** Counts per state plus acknowledgements: what `reminders -- status` prints and the progress card shows. */
export interface CampaignCounts {
  pending: number;
  sent: number;
  blocked: number;
  not_found: number;
  failed: number;
  cancelled: number;
  unreachable: number;
  acknowledged: number;
  paid: number;
  questions: number;
  done: boolean;
  /** ISO estimate of when the last pending send goes out, from the allowed rates; absent when done. */
  estimatedFinish?: string;
}
