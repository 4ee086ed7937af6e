import http from 'node:http';
import { AddressInfo } from 'node:net';

/** An activity the bot sent to the channel (reply, proactive message or update). */
export interface Sent {
  method: string;
  path: string;
  conversationId: string;
  replyToId?: string;
  activityId?: string;
  body: Record<string, unknown>;
}

/** A team member as Teams' roster API answers (TeamsChannelAccount). */
export interface RosterEntry {
  id: string;
  name: string;
  aadObjectId: string;
  userPrincipalName?: string;
  email?: string;
  tenantId: string;
  userRole?: string;
}

type Waiter = { predicate: (s: Sent) => boolean; resolve: (s: Sent) => void };

/** Teams' limits per bot and conversation (a channel and its threads are one): [window in ms, operations]. */
export const TEAMS_CONVERSATION_WINDOWS: readonly [number, number][] = [
  [1_000, 7],
  [2_000, 8],
  [30_000, 60],
  [3_600_000, 1_800],
];
/** Teams' limit per app and tenant. */
export const TEAMS_TENANT_WINDOWS: readonly [number, number][] = [[1_000, 50]];

/** An operation that went over one of Teams' limits when it arrived. */
export interface LimitViolation {
  scope: 'conversation' | 'tenant';
  key: string;
  windowMs: number;
  max: number;
  /** Operations in the window, this one included. */
  count: number;
  /** When it arrived (epoch ms). */
  at: number;
}

/**
 * A local Bot Framework connector: the bot's outgoing calls (serviceUrl) land here and are
 * recorded, so a test sees exactly what Teams would receive.
 */
export class LocalConnector {
  readonly sent: Sent[] = [];
  private waiters: Waiter[] = [];
  /** Calls to fail on purpose: conversation id → statuses still to answer with. */
  private failures = new Map<string, number[]>();
  private server?: http.Server;
  private nextId = 1;
  /** Team id → its members, for GET /v3/conversations/{teamId}/pagedmembers. */
  private readonly rosters = new Map<string, RosterEntry[]>();
  /** Roster reads received: team id, page size and continuation token of each. */
  readonly rosterReads: { teamId: string; pageSize?: number; continuationToken?: string }[] = [];
  url = '';
  /** Every operation over a Teams limit, from whichever bot instance it came (they all call this connector). */
  readonly violations: LimitViolation[] = [];
  /** Answer operations over a limit with 429 and Retry-After, as Teams does (off: only count them). */
  enforceLimits = false;
  private readonly arrivals = new Map<string, number[]>();

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** The next calls into a conversation answer with these statuses (e.g. 503, 429) instead of succeeding. */
  failNext(conversationId: string, ...statuses: number[]): void {
    this.failures.set(conversationId, [...(this.failures.get(conversationId) ?? []), ...statuses]);
  }

  /** The members Teams lists for a team. */
  setRoster(teamId: string, members: RosterEntry[]): void {
    this.rosters.set(teamId, members);
  }

  /** Teams' paged roster: `pageSize` members per page, `continuationToken` = where the next page starts. */
  private pagedMembers(teamId: string, url: URL, res: http.ServerResponse): void {
    const members = this.rosters.get(teamId);
    const pageSize = Number(url.searchParams.get('pageSize') ?? '') || undefined;
    const token = url.searchParams.get('continuationToken') ?? undefined;
    this.rosterReads.push({ teamId, pageSize, continuationToken: token });
    if (!members) {
      res.statusCode = 404;
      res.end('{"error":{"code":"NotFound","message":"no such team"}}');
      return;
    }
    const start = Number(token ?? 0);
    const size = Math.min(pageSize ?? 200, 500);
    const page = members.slice(start, start + size);
    const next = start + size < members.length ? String(start + size) : undefined;
    res.end(JSON.stringify({ members: page, ...(next ? { continuationToken: next } : {}) }));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const arrived = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      const url = new URL(req.url ?? '/', 'http://x');
      const m = /^\/v3\/conversations(?:\/([^/]+)(?:\/activities(?:\/([^/]+))?)?)?\/?$/.exec(url.pathname);
      const id = `act-${this.nextId++}`;
      res.setHeader('content-type', 'application/json');
      const roster = /^\/v3\/conversations\/([^/]+)\/pagedmembers\/?$/.exec(url.pathname);
      if (roster && req.method === 'GET') {
        this.pagedMembers(decodeURIComponent(roster[1]), url, res);
        return;
      }
      if (m && req.method === 'POST' && !m[1]) {
        // create conversation (proactive 1:1 or new channel thread)
        const conversationId = `conv-${this.nextId++}`;
        const channel = (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
        if (this.overLimit(res, arrived, channel ?? conversationId, tenantOf(body))) return;
        this.record({ method: 'POST', path: url.pathname, conversationId, activityId: id, body });
        res.end(JSON.stringify({ id: conversationId, activityId: id }));
        return;
      }
      if (m && m[1]) {
        const conversationId = decodeURIComponent(m[1]);
        if (this.overLimit(res, arrived, conversationId.split(';')[0], tenantOf(body))) return;
        const failing = this.failures.get(conversationId);
        if (failing && failing.length > 0) {
          res.statusCode = failing.shift()!;
          res.end('{"error":{"code":"ServiceUnavailable","message":"injected failure"}}');
          return;
        }
        const activityId = m[2] ? decodeURIComponent(m[2]) : undefined;
        this.record({
          method: req.method ?? 'POST',
          path: url.pathname,
          conversationId,
          replyToId: req.method === 'POST' ? activityId : undefined,
          activityId: req.method === 'PUT' ? activityId : id,
          body,
        });
        res.end(JSON.stringify({ id: req.method === 'PUT' ? activityId : id }));
        return;
      }
      res.statusCode = 404;
      res.end('{}');
    });
  }

  /** Counts an operation against the conversation's and the tenant's limits; true when it was refused (429). */
  private overLimit(res: http.ServerResponse, now: number, conversation: string, tenant: string | undefined): boolean {
    let over = this.count('conversation', conversation, TEAMS_CONVERSATION_WINDOWS, now);
    if (tenant) over = this.count('tenant', tenant, TEAMS_TENANT_WINDOWS, now) || over;
    if (!over || !this.enforceLimits) return false;
    res.statusCode = 429;
    res.setHeader('retry-after', '1');
    res.end('{"error":{"code":"TooManyRequests","message":"rate limit exceeded"}}');
    return true;
  }

  private count(scope: LimitViolation['scope'], key: string, windows: readonly [number, number][], now: number): boolean {
    const longest = Math.max(...windows.map(([ms]) => ms));
    const times = (this.arrivals.get(`${scope}\n${key}`) ?? []).filter((t) => t > now - longest);
    times.push(now);
    this.arrivals.set(`${scope}\n${key}`, times);
    let over = false;
    for (const [windowMs, max] of windows) {
      const count = times.filter((t) => t > now - windowMs).length;
      if (count > max) {
        this.violations.push({ scope, key, windowMs, max, count, at: now });
        over = true;
      }
    }
    return over;
  }

  private record(s: Sent): void {
    this.sent.push(s);
    const ready = this.waiters.filter((w) => w.predicate(s));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    ready.forEach((w) => w.resolve(s));
  }

  /** Resolves with the first recorded (or future) call that matches. */
  waitFor(predicate: (s: Sent) => boolean, timeoutMs = 60_000): Promise<Sent> {
    const found = this.sent.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`connector: nothing matching arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (s: Sent) => {
        clearTimeout(timer);
        resolve(s);
      };
      this.waiters.push({ predicate, resolve: done });
    });
  }

  clear(): void {
    this.sent.length = 0;
  }
}

/** The tenant an outgoing activity or new conversation belongs to, as Teams reads it. */
function tenantOf(body: Record<string, unknown>): string | undefined {
  const conversation = body.conversation as { tenantId?: string } | undefined;
  const channelData = body.channelData as { tenant?: { id?: string } } | undefined;
  return conversation?.tenantId ?? (body.tenantId as string | undefined) ?? channelData?.tenant?.id;
}
