/**
 * The ticket as stored: one document per ticket in the `tickets` collection, partitioned by the
 * customer's tenant id. Everything about a ticket lives in that document and changes with one
 * conditional write: state, SLA clock, conversation, audit trail (refused attempts too) and the
 * outbox of messages the change owes to people. So an audit entry or a notification can never be
 * lost apart from the change that caused it. Field names are the stored format: keep them.
 */
import { MAX_MESSAGE_CHARS } from '../../platform/limits';
import type { Language } from '../../platform/config';
import type { CustomerStatus } from '../../customers/directory';
import type { Priority } from '../../knowledge/terms';
import type { Role } from '../../roles/service';
import { CASE_NUMBER_MAX, MicrosoftCase, MicrosoftPlan, MicrosoftRoute, MicrosoftSeverity } from '../microsoft';

export const TICKET_STATUSES = ['new', 'assigned', 'waitingOnCustomer', 'waitingOnMicrosoft', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses in which the partner still owes work; the queue shows these. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'assigned', 'waitingOnCustomer', 'waitingOnMicrosoft'];
/** Statuses in which the SLA clock is paused: the ball is with someone else. */
export const PAUSED_STATUSES: readonly TicketStatus[] = ['waitingOnCustomer', 'waitingOnMicrosoft'];

export function isOpenStatus(s: TicketStatus): boolean {
  return OPEN_STATUSES.includes(s);
}

/** Sort order of priorities, stored beside the priority so the store can sort the queue. */
export const PRIORITY_RANK: Record<Priority, number> = { high: 0, normal: 1, low: 2 };

/** Limits on what a ticket keeps; bounded so a document stays far below the store's size limit. */
export const LIMITS = {
  question: MAX_MESSAGE_CHARS,
  message: 2000,
  resolution: 2000,
  comment: 1000,
  caseNumber: CASE_NUMBER_MAX,
  messagesKept: 100,
  auditKept: 400,
  name: 200,
} as const;

export interface PersonRef {
  id: string;
  name?: string;
}

export interface Requester extends PersonRef {
  /** Teams channel user id (29:…), for mentions and refresh lists. */
  channelUserId?: string;
  /** Where the customer asked: the Bot Framework conversation reference (opaque JSON). */
  conversationReference?: Record<string, unknown>;
}

export interface SlaClock {
  /** Business hours the partner promised for this priority. */
  targetHours: number;
  startedAt: string;
  /** When the partner must have answered; null while paused or stopped. */
  dueAt: string | null;
  pausedAt: string | null;
  /** Business time left when the clock was paused. */
  remainingMs: number | null;
  stoppedAt: string | null;
  /** When the due time passed unanswered (first time); null when it never did. */
  breachedAt: string | null;
  /** First time a person answered the customer (reply, Microsoft escalation or resolve). */
  firstResponseAt: string | null;
}

export interface MicrosoftEscalation {
  route: MicrosoftRoute;
  plan: MicrosoftPlan | null;
  severity: MicrosoftSeverity;
  caseNumber: string;
  /** Expected first response of Microsoft (technical cases), wall-clock. */
  expectedResponseBy: string | null;
  escalatedAt: string;
  by: PersonRef;
}

export interface TicketMessage {
  id: string;
  from: 'agent' | 'customer';
  by: PersonRef;
  text: string;
  at: string;
}

export interface Rating {
  score: number;
  comment: string | null;
  at: string;
  by: PersonRef;
  /** The score before the one correction the customer may make (RATING_CHANGE_MS after rating); absent until then. */
  changedFrom?: number;
  /** When the rating was corrected; a corrected rating is final. */
  changedAt?: string;
}

export type AuditOutcome = 'done' | 'refused' | 'lost';

export interface AuditEntry {
  at: string;
  /** What was attempted: a verb (claim, reply, …) or an internal event (delivery, sync). */
  action: string;
  outcome: AuditOutcome;
  by: { kind: Actor['kind']; id: string; name?: string; tenantId?: string };
  reason?: RefusalReason;
  /** Small facts of the change: from/to status, assignee, message id, case number … */
  detail?: Record<string, string | number | boolean | null>;
}

export type CustomerEvent = 'claimed' | 'reply' | 'microsoft' | 'resolved' | 'reopened';
export type ThreadNote = 'customerMessage' | 'agentReply' | 'rated' | 'ratingChanged' | 'reopenedByCustomer';

/** What a change owes to someone, before it gets its id and bookkeeping in the outbox. */
export type OutboxDraft =
  | { kind: 'thread' }
  | { kind: 'customer'; event: CustomerEvent; messageId?: string }
  | { kind: 'threadNote'; note: ThreadNote; messageId?: string };

/** What a change still owes to people: sent after the write, removed once delivered. */
export type OutboxItem = { id: string; at: string; attempts: number; notBefore?: string } & OutboxDraft;

/** The escalation card's thread in the agents' channel. */
export interface ChannelThread {
  conversationId: string;
  activityId: string;
  serviceUrl: string;
  /** The channel (conversation) the thread lives in; rate limits apply per channel. */
  channelConversationId: string;
  /** Conversation reference of the thread (opaque JSON for the adapter). */
  reference: Record<string, unknown>;
  /** Ticket revision the card in the channel shows. */
  syncedRevision: number;
}

export interface Ticket {
  number: number;
  tenantId: string;
  customerName: string;
  customerStatus: CustomerStatus | null;
  requester: Requester;
  /** Top-level copy of requester.id, for queries. */
  requesterKey: string;
  product: string | null;
  topic: string | null;
  /** The customer's own words. */
  question: string;
  /** The support-terms section the bot had answered with; null when it had none. */
  section: string | null;
  source: 'offer' | 'typed';
  /** The draft id or typed-request key that makes creation idempotent. */
  draftKey: string;
  /** Activity ids that asked for this ticket (redeliveries and double clicks). */
  requestIds: string[];
  locale: Language;
  priority: Priority;
  /** Top-level copy of the priority order, for sorting. */
  priorityRank: number;
  status: TicketStatus;
  assignee: PersonRef | null;
  sla: SlaClock;
  /** Top-level copy of sla.dueAt, for sorting the queue. */
  slaDueAt: string | null;
  microsoft: MicrosoftEscalation | null;
  resolution: string | null;
  resolvedAt: string | null;
  rating: Rating | null;
  reopenCount: number;
  messages: TicketMessage[];
  audit: AuditEntry[];
  /** Audit entries dropped (oldest refused ones first) to keep the document bounded. */
  auditDropped: number;
  outbox: OutboxItem[];
  thread: ChannelThread | null;
  /** When admins were told in 1:1 that the ticket waits for an escalation channel. */
  adminsToldAt: string | null;
  /** Bumped by every real change (not by audit-only writes): the card shows a revision. */
  revision: number;
  /** True while the outbox has items or the channel card is behind: for the delivery sweep. */
  needsSync: boolean;
  /** One dispatcher at a time per ticket (several instances share the store). */
  lease: { by: string; until: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** Where a ticket is: its partition and id. */
export interface TicketRef {
  tenantId: string;
  id: string;
}

export type Actor =
  | { kind: 'staff'; id: string; name?: string; roles: readonly Role[] }
  | { kind: 'customer'; tenantId: string; id: string; name?: string }
  | { kind: 'unknown'; tenantId: string; id: string; name?: string }
  | { kind: 'system'; id: string };

export type Command =
  | { verb: 'claim' }
  | { verb: 'assign'; assignee: PersonRef }
  | { verb: 'reply'; message: string }
  | { verb: 'resolve'; resolution: string }
  | { verb: 'reopen' }
  | ({ verb: 'escalateMicrosoft' } & MicrosoftCase)
  | { verb: 'rate'; rating: number; comment: string | null }
  | { verb: 'customerMessage'; text: string };

export type Verb = Command['verb'];

export type RefusalReason =
  | 'notFound'
  | 'forbidden'
  | 'notOpen'
  | 'heldByOther'
  | 'notResolved'
  | 'reopenWindowOver'
  | 'notWaitingOnCustomer'
  | 'invalid'
  | 'conflict'
  | 'alreadyRated';

/** What opening a ticket needs: who asked, about what, and the key that makes it idempotent. */
export interface OpenInput {
  tenantId: string;
  customerName: string;
  customerStatus?: CustomerStatus | null;
  requester: Requester;
  /** The draft id of the offer card, or a key of the typed request. */
  draftKey: string;
  /** The activity that asked (invoke or message id); kept to show redeliveries. */
  requestId?: string;
  source: 'offer' | 'typed';
  question: string;
  product?: string | null;
  topic?: string | null;
  section?: string | null;
  locale: Language;
}

/** Cuts text to what a ticket keeps. */
export function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}

/** The last `n` items of a bounded list. */
export function keepLast<T>(list: T[], n: number): T[] {
  return list.length > n ? list.slice(list.length - n) : list;
}
