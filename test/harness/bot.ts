import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { App, buildApp } from '../../bot/app';
import { loadConfig } from '../../bot/platform/config';
import { createLogger } from '../../bot/platform/log';
import type { Clock } from '../../bot/platform/clock';
import { RunningServer, startServer } from '../../bot/server';
import { LocalConnector, Sent } from './connector';

export const PARTNER_TENANT = '11111111-1111-4111-8111-111111111111';
export const CUSTOMER_TENANT = '22222222-2222-4222-8222-222222222222';
export const UNKNOWN_TENANT = '33333333-3333-4333-8333-333333333333';
export const ADMIN_ID = 'aaaaaaaa-0000-4000-8000-000000000001';
export const AGENT_ID = 'aaaaaaaa-0000-4000-8000-000000000002';
export const STAFF_NO_ROLE_ID = 'aaaaaaaa-0000-4000-8000-000000000003';

export interface Person {
  aadObjectId: string;
  name: string;
  tenantId: string;
}

export const people = {
  admin: { aadObjectId: ADMIN_ID, name: 'Ada Admin', tenantId: PARTNER_TENANT },
  agent: { aadObjectId: AGENT_ID, name: 'Arda Agent', tenantId: PARTNER_TENANT },
  staff: { aadObjectId: STAFF_NO_ROLE_ID, name: 'Sam Staff', tenantId: PARTNER_TENANT },
  customer: { aadObjectId: 'cccccccc-0000-4000-8000-000000000001', name: 'Ayşe Yılmaz', tenantId: CUSTOMER_TENANT },
  stranger: { aadObjectId: 'dddddddd-0000-4000-8000-000000000001', name: 'Stan Stranger', tenantId: UNKNOWN_TENANT },
} satisfies Record<string, Person>;

let seq = 0;

export interface ActivityOptions {
  locale?: string;
  conversationType?: 'personal' | 'channel' | 'groupChat';
  conversationId?: string;
  mention?: boolean;
}

/** A Teams-shaped activity from a person. */
export function activity(from: Person, fields: Record<string, unknown>, o: ActivityOptions = {}): Record<string, unknown> {
  const conversationType = o.conversationType ?? 'personal';
  const conversationId =
    o.conversationId ?? (conversationType === 'channel' ? '19:escalations@thread.tacv2' : `a:1on1-${from.aadObjectId.slice(0, 8)}`);
  const channelData: Record<string, unknown> = { tenant: { id: from.tenantId } };
  if (conversationType === 'channel') {
    channelData.team = { id: '19:team@thread.tacv2' };
    channelData.channel = { id: conversationId };
  }
  return {
    id: `in-${++seq}`,
    channelId: 'msteams',
    timestamp: new Date().toISOString(),
    locale: o.locale ?? 'en-US',
    from: { id: `29:${from.aadObjectId}`, aadObjectId: from.aadObjectId, name: from.name },
    recipient: { id: '28:bot', name: 'Billing Help Desk' },
    conversation: {
      id: conversationId,
      conversationType,
      tenantId: from.tenantId,
      ...(conversationType === 'channel' ? { isGroup: true } : {}),
    },
    channelData,
    ...fields,
  };
}

export function message(from: Person, text: string, o: ActivityOptions = {}): Record<string, unknown> {
  const mention = o.mention ?? o.conversationType === 'channel';
  const full = mention ? `<at>Billing Help Desk</at> ${text}` : text;
  return activity(
    from,
    {
      type: 'message',
      text: full,
      textFormat: 'plain',
      entities: mention
        ? [{ type: 'mention', text: '<at>Billing Help Desk</at>', mentioned: { id: '28:bot', name: 'Billing Help Desk' } }]
        : [],
    },
    o,
  );
}

export function installed(from: Person, o: ActivityOptions = {}): Record<string, unknown> {
  return activity(from, { type: 'conversationUpdate', membersAdded: [{ id: '28:bot' }, { id: `29:${from.aadObjectId}` }] }, o);
}

export function installationUpdate(from: Person, o: ActivityOptions = {}): Record<string, unknown> {
  return activity(from, { type: 'installationUpdate', action: 'add' }, o);
}

export function cardAction(from: Person, verb: string, data: Record<string, unknown>, o: ActivityOptions = {}): Record<string, unknown> {
  return activity(
    from,
    { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } },
    o,
  );
}

export interface BotUnderTest {
  app: App;
  server: RunningServer;
  connector: LocalConnector;
  dataDir: string;
  logs: string[];
  /** Posts an activity; returns the HTTP status, body, and what the bot sent in reply to it. */
  send(a: Record<string, unknown>): Promise<{ status: number; body: unknown; replies: Sent[] }>;
  /** Raw POST to /api/messages. */
  post(body: string, contentType?: string): Promise<{ status: number; text: string }>;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** Starts the real app and HTTP server on a free port with a temp DATA_DIR (or the given one). */
export async function startBot(env: Record<string, string> = {}, dataDir?: string, clock?: Clock): Promise<BotUnderTest> {
  const connector = new LocalConnector();
  await connector.start();
  const dir = dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'bhd-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dir,
    PARTNER_TENANT_ID: PARTNER_TENANT,
    ADMINS: ADMIN_ID,
    HELPDESK_AGENTS: AGENT_ID,
    LOG_LEVEL: 'info',
    ...env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString('utf8'));
      cb();
    },
  });
  const app = await buildApp(config, { logger: createLogger(config.LOG_LEVEL, sink), clock });
  const server = await startServer(app, 0, '127.0.0.1');
  const post = async (body: string, contentType = 'application/json') => {
    const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: res.status, text: await res.text() };
  };
  return {
    app,
    server,
    connector,
    dataDir: dir,
    logs,
    post,
    async send(a) {
      const act: Record<string, unknown> = { serviceUrl: connector.url, ...a };
      const { status, text } = await post(JSON.stringify(act));
      const replies = connector.sent.filter((s) => s.method === 'POST' && (s.replyToId === act.id || s.body.replyToId === act.id));
      return { status, body: text ? (JSON.parse(text) as unknown) : undefined, replies };
    },
    async stop(options = {}) {
      await server.stop();
      await connector.stop();
      if (!dataDir && !options.keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** All text a reply shows: message text plus every TextBlock / fact in its cards. */
export function textOf(s: Sent | Record<string, unknown>): string {
  const body = 'body' in s && (s as Sent).method ? (s as Sent).body : (s as Record<string, unknown>);
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const k of ['text', 'title', 'value', 'body', 'facts', 'attachments', 'content', 'actions', 'items', 'columns'])
        if (k in o) walk(o[k]);
    }
  };
  walk(body);
  return parts.join('\n');
}

/** The sample customer tenant the protocol tests talk as: a Turkish company with a billing status. */
export async function seedSampleCustomer(bot: BotUnderTest, status: 'current' | 'overdue' = 'current'): Promise<void> {
  await bot.app.deps.customers.upsert({ tenantId: CUSTOMER_TENANT, name: 'Anadolu Lojistik A.Ş.', locale: 'tr-TR', status });
}

/** The sample customer behind on payment, with the billing facts the answers quote. */
export async function seedCustomerInArrears(bot: BotUnderTest, status: 'overdue' | 'suspended'): Promise<void> {
  await bot.app.deps.customers.upsert({
    tenantId: CUSTOMER_TENANT,
    name: 'Anadolu Lojistik A.Ş.',
    locale: 'tr-TR',
    status,
    balance: 18250.75,
    currency: 'TRY',
    dueDate: '2026-10-15',
    invoiceNumber: 'CCP-2026-0912',
  });
}
