/**
 * What the tab's JSON API (/api/tab/…) sends and takes. Shared by the server (bot/tab/) and the
 * browser (tab/src/): plain types only, no imports, so the bundler takes nothing else along.
 */

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

/** GET /api/tab/dashboard (admins). */
export interface DashboardData {
  openByPriority: Record<TabPriority, number>;
  breached: number;
  nearBreach: number;
  unassigned: number;
  /** Counts reached the scan limit ("at least"). */
  capped: boolean;
  csat: { average: number | null; count: number; distribution: [number, number, number, number, number]; sample: number };
}
