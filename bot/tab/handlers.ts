/** The tab API's calls: queue, ticket, ticket verbs, agents (the dashboard's are in dashboard.ts). The caller is authenticated and has the route's role. */
import { isGuid } from '../platform/ids';
import { foldText } from '../platform/text';
import { Versioned } from '../platform/store/types';
import { parseCommand } from '../tickets/chat/cardInput';
import { refusalText } from '../tickets/chat/common';
import { Actor, Ticket, TICKET_STATUSES, TicketStatus } from '../tickets/domain/model';
import { canWorkTickets, mayUse } from '../tickets/domain/policy';
import { QueueQuery } from '../tickets/service';
import { ticketsT } from '../tickets/views';
import type { TabCall, TabResponse } from './call';
import { queueItem, ticketDetail, unnamedAuditIds } from './views';
import type { ActionResponse, AgentsResponse, QueueResponse, TabPriority, TabVerb, TicketDetail } from './types';

const json = (status: number, body?: unknown): TabResponse => ({ status, body });
const bad = (message: string): TabResponse => json(400, { error: 'BadRequest', message });

const VERBS: readonly TabVerb[] = ['claim', 'assign', 'reply', 'resolve', 'reopen', 'escalateMicrosoft'];
const PRIORITIES: readonly TabPriority[] = ['high', 'normal', 'low'];
const MAX_PAGE_SIZE = 50;
const MAX_PAGE = 200;
const MAX_QUERY_CHARS = 200;

function actorOf(c: TabCall): Actor {
  return { kind: 'staff', id: c.who.id, roles: c.who.roles, ...(c.who.name ? { name: c.who.name } : {}) };
}

function flag(v: string | null): boolean {
  return v === '1' || v === 'true';
}

/** The query of GET /api/tab/queue, or what is wrong with it. */
export function parseQueueQuery(params: URLSearchParams, me: string, now: Date): QueueQuery | { error: string } {
  const size = params.has('size') ? Number(params.get('size')) : 25;
  const page = params.has('page') ? Number(params.get('page')) : 0;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) return { error: `size must be 1–${MAX_PAGE_SIZE}` };
  if (!Number.isInteger(page) || page < 0 || page > MAX_PAGE) return { error: `page must be 0–${MAX_PAGE}` };
  const q: QueueQuery = { offset: page * size, size };
  const status = params.get('status');
  if (status) {
    const list = status.split(',');
    if (!list.every((s) => (TICKET_STATUSES as readonly string[]).includes(s))) return { error: 'unknown status' };
    q.statuses = list as TicketStatus[];
  }
  const priority = params.get('priority');
  if (priority) {
    if (!(PRIORITIES as readonly string[]).includes(priority)) return { error: 'unknown priority' };
    q.priority = priority as TabPriority;
  }
  const assignee = params.get('assignee');
  if (assignee) {
    if (assignee !== 'none' && !isGuid(assignee)) return { error: 'assignee must be an object id or none' };
    q.assigneeId = assignee === 'none' ? null : assignee;
  }
  if (flag(params.get('mine'))) q.assigneeId = me;
  if (flag(params.get('breached'))) q.breachedBy = now;
  const text = params.get('q') ?? '';
  if (text.length > MAX_QUERY_CHARS) return { error: `q is longer than ${MAX_QUERY_CHARS} characters` };
  const words = foldText(text).split(' ').filter(Boolean);
  if (words.length > 0) q.words = words;
  return q;
}

const TICKET_NUMBER = /^#?(\d{1,9})$/;

export async function queue(c: TabCall): Promise<TabResponse> {
  const now = c.deps.tickets.now();
  const parsed = parseQueueQuery(c.req.query, c.who.id, now);
  if ('error' in parsed) return bad(parsed.error);
  const status = (d: Versioned<Ticket>) => c.deps.tickets.effectiveStatus(d.value, now);
  const number = TICKET_NUMBER.exec((c.req.query.get('q') ?? '').trim());
  if (number) {
    // A ticket number finds that ticket, whatever its status.
    const doc = await c.deps.tickets.byNumber(Number(number[1]));
    const items = doc ? [queueItem(doc, status(doc), now)] : [];
    return json(200, { items, page: 0, size: parsed.size, hasMore: false, capped: false } satisfies QueueResponse);
  }
  const page = await c.deps.tickets.queuePage(parsed);
  const body: QueueResponse = {
    items: page.items.map((d) => queueItem(d, status(d), now)),
    page: parsed.offset / parsed.size,
    size: parsed.size,
    hasMore: page.hasMore,
    capped: page.capped,
  };
  return json(200, body);
}

async function byNumberParam(c: TabCall, raw: string): Promise<Versioned<Ticket> | 'bad' | undefined> {
  const m = /^\d{1,9}$/.exec(raw);
  if (!m) return 'bad';
  return c.deps.tickets.byNumber(Number(raw));
}

export async function ticket(c: TabCall, raw: string): Promise<TabResponse> {
  const doc = await byNumberParam(c, raw);
  if (doc === 'bad') return bad('ticket number expected');
  if (!doc) return json(404, { error: 'NotFound' });
  const now = c.deps.tickets.now();
  return json(
    200,
    await withStaffNames(
      c,
      ticketDetail(doc, c.deps.tickets.effectiveStatus(doc.value, now), now, c.who.roles, sectionTitle(c, doc.value.section)),
    ),
  );
}

/** Most ids in the audit are partner staff: their names from the user directory where the ticket holds none. */
async function withStaffNames(c: TabCall, detail: TicketDetail): Promise<TicketDetail> {
  const tenant = c.deps.config.PARTNER_TENANT_ID;
  const ids = unnamedAuditIds(detail);
  if (!tenant || ids.length === 0) return detail;
  const people = { ...detail.people };
  for (const id of ids.slice(0, 20)) {
    const name = (await c.deps.users.get(tenant, id))?.name;
    if (name) people[id] = name;
  }
  return { ...detail, people };
}

/** A support-terms section's heading in the caller's language, or null for none or an unknown id. */
function sectionTitle(c: TabCall, section: string | null): string | null {
  if (!section) return null;
  const sections = c.deps.terms.documents[c.lang].sections as Record<string, { title: string } | undefined>;
  return sections[section]?.title ?? null;
}

/** A ticket verb from the tab: the card verb's own path (policy, input, `act`), answered as JSON. */
export async function actOnTicket(c: TabCall, raw: string, verbRaw: string): Promise<TabResponse> {
  const { deps } = c;
  if (!(VERBS as readonly string[]).includes(verbRaw)) return json(404, { error: 'NotFound' });
  const verb = verbRaw as TabVerb;
  const body = c.req.body;
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) return bad('a JSON object expected');
  const found = await byNumberParam(c, raw);
  if (found === 'bad') return bad('ticket number expected');
  const actor = actorOf(c);
  if (!canWorkTickets(c.who.roles) || (found && !mayUse(actor, verb, found.value))) {
    // Refused like the card's verb: in the ticket's audit (or the security log for non-parties).
    if (found) await deps.tickets.refused(found, actor, verb, 'forbidden');
    deps.log.info({ event: 'tab.ticket.forbidden', verb, by: c.who.id });
    return json(403, { error: 'Forbidden' });
  }
  if (!found) return json(404, { error: 'NotFound' });
  const t = ticketsT(deps, c.lang);
  const parsed = await parseCommand(verb, (body ?? {}) as Record<string, unknown>, t, deps);
  if (!parsed.ok) return json(400, { ok: false, reason: 'invalid', message: parsed.message } satisfies ActionResponse);
  const result = await deps.tickets.act({ tenantId: found.pk, id: found.id }, actor, parsed.value);
  const now = deps.tickets.now();
  const detail = (d: Versioned<Ticket>) =>
    ticketDetail(d, deps.tickets.effectiveStatus(d.value, now), now, c.who.roles, sectionTitle(c, d.value.section));
  if (!result.ok) {
    const current = result.ticket ?? found;
    deps.log.info({ event: 'tab.ticket.refused', verb, reason: result.reason, number: current.value.number, by: c.who.id });
    const message = refusalText(t, result.reason, current, deps.tickets.options.reopenWindowDays);
    return json(409, {
      ok: false,
      reason: result.reason,
      message,
      ticket: await withStaffNames(c, detail(current)),
    } satisfies ActionResponse);
  }
  const done = result.ticket.value;
  deps.log.info({ event: `ticket.${verb}`, via: 'tab', number: done.number, changed: result.changed, by: c.who.id });
  const message = result.changed
    ? t(`done.${verb}`, { number: done.number, assignee: done.assignee?.name ?? done.assignee?.id ?? '' })
    : t('done.unchanged', { number: done.number });
  return json(200, { ok: true, message, ticket: await withStaffNames(c, detail(result.ticket)) } satisfies ActionResponse);
}

export async function agents(c: TabCall): Promise<TabResponse> {
  const tenant = c.deps.config.PARTNER_TENANT_ID;
  const holders = (await c.deps.roles.all()).filter((h) => canWorkTickets(h.roles));
  const list: AgentsResponse = await Promise.all(
    holders.map(async (h) => ({
      id: h.aadObjectId,
      name: (tenant ? (await c.deps.users.get(tenant, h.aadObjectId))?.name : undefined) ?? null,
    })),
  );
  return json(200, list);
}
