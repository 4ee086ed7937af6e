import http from 'node:http';
import { AddressInfo } from 'node:net';
import { TEAMS_CONVERSATION_LIMITS } from '../../bot/platform/teams/messenger';

/**
 * A Bot Framework connector that behaves like Teams under load: it keeps Teams' per-conversation
 * limits (7 / 1 s, 8 / 2 s, 60 / 30 s, 1,800 / h) and a per-tenant rate (requests per second),
 * answers 429 with Retry-After (seconds) when a call would exceed one and counts that as a
 * violation, 403 for people who blocked the bot, 404 for conversations that are gone, and 502
 * for a given share of calls (seeded, so a run is repeatable). Every accepted post is kept per
 * conversation, so a test sees duplicates.
 */
export interface LimitsOptions {
  /** Requests per second allowed per tenant (Teams: about 50). */
  tenantRps?: number;
  conversationLimits?: readonly [number, number][];
  /** Share of calls answered 502 (0..1). */
  failureRate?: number;
  seed?: number;
}

export interface Delivery {
  conversationId: string;
  tenantId: string;
  activityId: string;
  at: number;
  body: Record<string, unknown>;
}

export interface LimitsStats {
  requests: number;
  accepted: number;
  /** 429 answers: each is a call that would have exceeded a limit. */
  violations: number;
  conversationViolations: number;
  tenantViolations: number;
  blocked: number;
  notFound: number;
  injected502: number;
}

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class LimitsConnector {
  url = '';
  readonly stats: LimitsStats = {
    requests: 0,
    accepted: 0,
    violations: 0,
    conversationViolations: 0,
    tenantViolations: 0,
    blocked: 0,
    notFound: 0,
    injected502: 0,
  };
  /** Accepted posts per conversation. */
  readonly deliveries = new Map<string, Delivery[]>();
  /** Accepted calls per tenant: first and last time, count (for achieved rates). */
  readonly tenants = new Map<string, { first: number; last: number; count: number }>();
  private server?: http.Server;
  private readonly tenantOf = new Map<string, string>();
  private readonly blockedConversations = new Set<string>();
  private readonly goneConversations = new Set<string>();
  private readonly forced = new Map<string, { status: number; retryAfter?: number }[]>();
  private readonly convTimes = new Map<string, number[]>();
  private readonly tenantTimes = new Map<string, number[]>();
  private readonly random: () => number;
  private readonly tenantRps: number;
  private readonly conversationLimits: readonly [number, number][];
  private readonly failureRate: number;
  private nextId = 1;

  constructor(options: LimitsOptions = {}) {
    this.tenantRps = options.tenantRps ?? 50;
    this.conversationLimits = options.conversationLimits ?? TEAMS_CONVERSATION_LIMITS;
    this.failureRate = options.failureRate ?? 0;
    this.random = prng(options.seed ?? 1);
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** A person's 1:1 conversation: its tenant, and whether they blocked the bot or the conversation is gone. */
  addConversation(conversationId: string, tenantId: string, how: 'ok' | 'blocked' | 'gone' = 'ok'): void {
    this.tenantOf.set(conversationId, tenantId);
    if (how === 'blocked') this.blockedConversations.add(conversationId);
    if (how === 'gone') this.goneConversations.add(conversationId);
  }

  /** The next calls into a conversation answer with these statuses (and Retry-After seconds for 429). */
  force(conversationId: string, ...answers: { status: number; retryAfter?: number }[]): void {
    this.forced.set(conversationId, [...(this.forced.get(conversationId) ?? []), ...answers]);
  }

  /** Conversations that got more than one accepted post. */
  duplicates(): string[] {
    return [...this.deliveries].filter(([, list]) => list.length > 1).map(([id]) => id);
  }

  /** Achieved rate of a tenant (accepted calls per second between its first and last call). */
  rateOf(tenantId: string): number {
    const t = this.tenants.get(tenantId);
    if (!t || t.count < 2 || t.last === t.first) return 0;
    return ((t.count - 1) * 1000) / (t.last - t.first);
  }

  /** Milliseconds until one more call fits every window of `times`, 0 when it fits now. */
  private waitFor(times: number[], limits: readonly [number, number][], now: number): number {
    let wait = 0;
    for (const [ms, max] of limits) {
      const inWindow = times.filter((ts) => ts > now - ms);
      if (inWindow.length >= max) wait = Math.max(wait, inWindow[inWindow.length - max] + ms - now);
    }
    return wait;
  }

  private count(map: Map<string, number[]>, key: string, now: number, longest: number): void {
    const times = (map.get(key) ?? []).filter((ts) => ts > now - longest);
    times.push(now);
    map.set(key, times);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        res.statusCode = 400;
        res.end('{}');
        return;
      }
      res.setHeader('content-type', 'application/json');
      const url = new URL(req.url ?? '/', 'http://x');
      const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/.exec(url.pathname);
      if (!m) {
        res.statusCode = 404;
        res.end('{"error":{"code":"NotFound","message":"no such route"}}');
        return;
      }
      this.stats.requests++;
      const conversationId = decodeURIComponent(m[1]).split(';')[0];
      const conv = body.conversation as { tenantId?: string } | undefined;
      const tenantId = this.tenantOf.get(conversationId) ?? conv?.tenantId ?? 'unknown';
      const now = Date.now();
      const answer = (status: number, code: string, retryAfter?: number) => {
        res.statusCode = status;
        if (retryAfter !== undefined) res.setHeader('retry-after', String(retryAfter));
        res.end(JSON.stringify({ error: { code, message: code } }));
      };
      const forced = this.forced.get(conversationId)?.shift();
      if (forced) {
        answer(forced.status, 'Forced', forced.retryAfter);
        return;
      }
      const convWait = this.waitFor(this.convTimes.get(conversationId) ?? [], this.conversationLimits, now);
      const tenantWait = this.waitFor(this.tenantTimes.get(tenantId) ?? [], [[1000, this.tenantRps]], now);
      if (convWait > 0 || tenantWait > 0) {
        this.stats.violations++;
        if (convWait > 0) this.stats.conversationViolations++;
        if (tenantWait > 0) this.stats.tenantViolations++;
        answer(429, 'TooManyRequests', Math.max(1, Math.ceil(Math.max(convWait, tenantWait) / 1000)));
        return;
      }
      this.count(this.convTimes, conversationId, now, 3_600_000);
      this.count(this.tenantTimes, tenantId, now, 1000);
      if (this.blockedConversations.has(conversationId)) {
        this.stats.blocked++;
        answer(403, 'MessageWritesBlocked');
        return;
      }
      if (this.goneConversations.has(conversationId)) {
        this.stats.notFound++;
        answer(404, 'ConversationNotFound');
        return;
      }
      if (this.failureRate > 0 && this.random() < this.failureRate) {
        this.stats.injected502++;
        answer(502, 'BadGateway');
        return;
      }
      this.stats.accepted++;
      const t = this.tenants.get(tenantId);
      this.tenants.set(tenantId, t ? { first: t.first, last: now, count: t.count + 1 } : { first: now, last: now, count: 1 });
      const activityId = req.method === 'PUT' && m[2] ? decodeURIComponent(m[2]) : `act-${this.nextId++}`;
      if (req.method === 'POST') {
        const list = this.deliveries.get(conversationId) ?? [];
        list.push({ conversationId, tenantId, activityId, at: now, body });
        this.deliveries.set(conversationId, list);
      }
      res.end(JSON.stringify({ id: activityId }));
    });
  }
}
