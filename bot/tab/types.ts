/**
 * What the tab's JSON API (/api/tab/…) sends and takes. Shared by the server (bot/tab/) and the
 * browser (tab/src/): plain types only, imports of types only (erased), so the bundler takes
 * nothing else along.
 */
import type { CampaignCounts } from '../reminders/model';

export type TabStatus = 'new' | 'assigned' | 'waitingOnCustomer' | 'waitingOnMicrosoft' | 'resolved' | 'closed';
export type TabPriority = 'high' | 'normal' | 'low';
/** Where the SLA clock stands: past due (or breached before), due within the hour, running, paused, stopped. */
export type SlaState = 'breached' | 'near' | 'ok' | 'paused' | 'stopped';
export type TabVerb = 'claim' | 'assign' | 'reply' | 'resolve' | 'reopen' | 'escalateMicrosoft';

/** GET /api/tab/config (no sign-in): how the tab signs in. */
export interface TabConfig {
  /** local: no app id, not production; the developer picks a configured staff identity. */
  mode: 'local' | 'teams';
}

/** GET /api/tab/local/identities (local mode only): the configured staff identities. */
export interface LocalIdentity {
  id: string;
  name: string | null;
  roles: string[];
}

/** GET /api/tab/me */
export interface TabMe {
  id: string;
  name: string | null;
  roles: string[];
  local: boolean;
  /** May work tickets (helpdesk agent or admin). */
  canWork: boolean;
  /** May see the dashboard (admin). */
  canSeeDashboard: boolean;
  /** May compose reminders and follow campaigns (billing admin or admin). */
  canSendReminders: boolean;
}

export interface TabPerson {
  id: string;
  name: string | null;
}

/** One row of the queue. */
export interface QueueItem {
  number: number;
  status: TabStatus;
  priority: TabPriority;
  customerName: string;
  customerStatus: string | null;
  requester: TabPerson;
  product: string | null;
  topic: string | null;
  /** The customer's words, cut short for the list. */
  summary: string;
  assignee: TabPerson | null;
  slaDueAt: string | null;
  sla: SlaState;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/tab/queue?status=&priority=&assignee=&mine=1&breached=1&q=&page=&size= */
export interface QueueResponse {
  items: QueueItem[];
  page: number;
  size: number;
  hasMore: boolean;
  /** A filter was applied to a bounded scan: older matches may exist. */
  capped: boolean;
}

export interface TabMessage {
  from: 'agent' | 'customer';
  by: TabPerson;
  text: string;
  at: string;
}

export interface TabAuditEntry {
  at: string;
  action: string;
  outcome: 'done' | 'refused' | 'lost';
  by: { kind: string; id: string; name: string | null };
  reason: string | null;
  detail: Record<string, string | number | boolean | null>;
}

/** GET /api/tab/tickets/:number — everything the escalation card shows and more. */
export interface TicketDetail extends QueueItem {
  question: string;
  section: string | null;
  /** The section's heading in the reader's language. */
  sectionTitle: string | null;
  locale: string;
  resolution: string | null;
  resolvedAt: string | null;
  reopenCount: number;
  revision: number;
  sla: SlaState;
  slaTargetHours: number;
  slaBreachedAt: string | null;
  firstResponseAt: string | null;
  microsoft: {
    route: string;
    plan: string | null;
    severity: string;
    caseNumber: string;
    expectedResponseBy: string | null;
    escalatedAt: string;
    by: TabPerson;
  } | null;
  rating: { score: number; comment: string | null; at: string; changedFrom: number | null } | null;
  messages: TabMessage[];
  audit: TabAuditEntry[];
  auditDropped: number;
  /** Names of the people the audit's details mention by object id (assignees), where known. */
  people: Record<string, string>;
  /** Whether the channel card is up to date with this revision. */
  channelCardSynced: boolean | null;
  /** What the caller may do now (the card's buttons). */
  actions: { claim: boolean; work: boolean; reopen: boolean };
}

/** POST /api/tab/tickets/:number/:verb — 200 done, 409 refused (reason + the current ticket), 400 bad input. */
export interface ActionResponse {
  ok: boolean;
  reason?: string;
  message: string;
  ticket?: TicketDetail;
}

/** GET /api/tab/agents: people who may hold tickets (for Assign). */
export type AgentsResponse = TabPerson[];

/** Attainment of one SLA promise: tickets that met it, missed it, and still may. `rate` = met / (met + missed). */
export interface SlaFigure {
  met: number;
  missed: number;
  pending: number;
  /** 0–1, or null when no ticket's outcome is known yet. */
  rate: number | null;
}

/** A support-terms section customers were answered with, and their verdicts on those answers. */
export interface DashboardSection {
  id: string;
  /** The section's heading in the caller's language. */
  title: string;
  answers: number;
  helpful: number;
  notHelpful: number;
  /** helpful / (helpful + notHelpful), 0–1; null without verdicts. */
  helpfulRate: number | null;
}

/** A reminder campaign's delivery and acknowledgement. */
export interface DashboardCampaign {
  id: string;
  template: string;
  createdAt: string;
  status: TabCampaignStatus;
  recipients: number;
  sent: number;
  /** Blocked, not found (conversation gone) and failed sends. */
  notDelivered: number;
  pending: number;
  acknowledged: number;
  /** sent / (sent + notDelivered), 0–1; null before any send settled. */
  deliveryRate: number | null;
  /** acknowledged / sent, 0–1; null before any was sent. */
  acknowledgementRate: number | null;
}

/** GET /api/tab/dashboard (admins): now, and the last `days` days in the partner's time zone. */
export interface DashboardData {
  /** The partner's time zone, in which days are counted. */
  timeZone: string;
  /** The window's days, oldest first (YYYY-MM-DD, local dates); the last one is today. */
  daily: { date: string; opened: number; resolved: number }[];
  openByPriority: Record<TabPriority, number>;
  breached: number;
  nearBreach: number;
  unassigned: number;
  /** Open counts reached the scan limit ("at least"). */
  capped: boolean;
  /** A window read reached its limit: figures of the window are lower bounds. */
  windowCapped: boolean;
  /**
   * First response within the target (business hours from opening), over tickets opened in the
   * window; resolution without the SLA clock ever breaching, over tickets resolved in the window
   * plus open ones opened in it (breached ones missed, the others pending).
   */
  sla: { firstResponse: SlaFigure; resolution: SlaFigure };
  /** Ratings of tickets resolved in the window; distribution[0] is 1 star. */
  csat: { average: number | null; count: number; distribution: [number, number, number, number, number] };
  /** Sections answered most in the window, most first, with the verdicts given in it. */
  sections: DashboardSection[];
  /** Reminder campaigns created in the window, newest first. */
  campaigns: DashboardCampaign[];
}

/** Reminder campaigns (billing admins and admins): the composer's, list's and campaign page's data. */
export type TabCampaignStatus = 'scheduled' | 'sending' | 'done' | 'cancelled';
export type TabRecipientState = 'pending' | 'sent' | 'blocked' | 'not_found' | 'failed' | 'cancelled';

/** GET /api/tab/reminders/options: what the composer offers. */
export interface ReminderOptions {
  /** Template ids (CONTRACT.md "Reminders"). */
  templates: string[];
  /** The languages notes may be given in. */
  languages: string[];
  /** The partner's time zone (the ladder's and the cards' dates). */
  timeZone: string;
  maxNoteChars: number;
  maxAudienceChars: number;
}

/** The body of POST /api/tab/reminders/preview and POST /api/tab/reminders (the latter with `requestId`). */
export interface ReminderRequestBody {
  template: string;
  audience: string;
  /** One text for all, or per language ({ en, tr }). */
  note?: string | Record<string, string>;
  /** ISO 8601; absent = now. */
  sendAt?: string;
  /** Create only: the same id again finds the same campaign (a retried or double click). */
  requestId?: string;
}

/** POST /api/tab/reminders/preview: who would get it, and the card the bot will send, per language. */
export interface ReminderPreview {
  customers: number;
  recipients: number;
  /** Customers in the audience nobody can be reached at. */
  unreachable: string[];
  languages: string[];
  /** The customer whose facts the sample cards show. */
  sampleCompany: string | null;
  /** The Adaptive Card JSON the bot sends to readers of each language. */
  samples: { lang: string; card: Record<string, unknown> }[];
}

/** A campaign's counts as the service gives them (reminders/model.ts), with no estimate as null. */
export type TabCampaignCounts = Omit<CampaignCounts, 'estimatedFinish'> & { estimatedFinish: string | null };

export interface TabCampaign {
  id: string;
  template: string;
  audience: string;
  note: string | Record<string, string> | null;
  sendAt: string | null;
  status: TabCampaignStatus;
  origin: 'staff' | 'cli' | 'ladder';
  /** The staff member who started it (name, else object id); null for the CLI and the ladder. */
  by: string | null;
  createdAt: string;
  finishedAt: string | null;
  customers: number;
  recipients: number;
  unreachable: string[];
  counts: TabCampaignCounts;
}

/** GET /api/tab/reminders?limit= : recent campaigns, newest first. */
export interface CampaignsResponse {
  items: TabCampaign[];
}

export interface TabAck {
  kind: 'ack' | 'paid' | 'question';
  at: string;
  paidOn: string | null;
  reference: string | null;
  ticketNumber: number | null;
}

export interface TabRecipient {
  /** `<tenantId>:<userKey>`: the paging cursor. */
  id: string;
  tenantId: string;
  customerName: string;
  name: string | null;
  locale: string;
  state: TabRecipientState;
  attempts: number;
  lastStatus: number | null;
  sentAt: string | null;
  acks: TabAck[];
}

/** GET /api/tab/reminders/:id/recipients?after=&limit= : one page in id order; `next` is the cursor of the next page. */
export interface RecipientsResponse {
  items: TabRecipient[];
  next: string | null;
}

/** POST /api/tab/reminders (200, created or found again), POST …/:id/cancel: 200, 400 bad input, 409 refused. */
export interface ReminderActionResponse {
  ok: boolean;
  message: string;
  campaign?: TabCampaign;
}

/** GET /api/tab/reminders/:id/export: the CLI's CSV (`npm run reminders -- export`). */
export interface CampaignExport {
  filename: string;
  csv: string;
}
