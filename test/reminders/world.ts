import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { CustomerDirectory } from '../../bot/customers/directory';
import { loadTerms } from '../../bot/knowledge/terms';
import { systemClock } from '../../bot/platform/clock';
import { repoRoot } from '../../bot/platform/paths';
import { Store } from '../../bot/platform/store/types';
import { UserService } from '../../bot/platform/teams/users';
import { eachLimited } from '../../bot/reminders/documents';
import { ReminderService } from '../../bot/reminders/service';
import type { LimitsConnector } from '../harness/limitsConnector';

/** A tenant id per index: a GUID the directory accepts. */
export function tenantIdOf(t: number): string {
  return `${String(t + 1).padStart(8, '0')}-aaaa-4aaa-8aaa-${String(t + 1).padStart(12, '0')}`;
}

export interface WorldPerson {
  tenantId: string;
  userKey: string;
  conversationId: string;
  locale: 'en' | 'tr';
  expected: 'sent' | 'blocked' | 'not_found';
}

export interface WorldOptions {
  tenants: number;
  perTenant: number;
  /** Every n-th person blocked the bot (403) / has a gone conversation (404); 0 = nobody. */
  blockedEvery?: number;
  goneEvery?: number;
  /** Due date of every customer (YYYY-MM-DD). */
  dueDate?: string;
}

/**
 * Customers (half English, half Turkish) with people the bot can reach, written through the real
 * directory and user services, each person's 1:1 conversation registered with the connector.
 */
export async function seedWorld(store: Store, connector: LimitsConnector, o: WorldOptions): Promise<WorldPerson[]> {
  const customers = new CustomerDirectory(store);
  const users = new UserService(store);
  const people: WorldPerson[] = [];
  for (let t = 0; t < o.tenants; t++) {
    const tenantId = tenantIdOf(t);
    const locale = t % 2 === 0 ? 'en' : 'tr';
    await customers.upsert({
      tenantId,
      name: `Customer ${t + 1}`,
      locale: locale === 'en' ? 'en-US' : 'tr-TR',
      status: 'overdue',
      balance: 1000 + t,
      currency: locale === 'en' ? 'USD' : 'TRY',
      dueDate: o.dueDate ?? '2026-11-20',
      invoiceNumber: `INV-${t + 1}`,
    });
    for (let i = 0; i < o.perTenant; i++) {
      const n = people.length + 1;
      const expected = o.blockedEvery && n % o.blockedEvery === 0 ? 'blocked' : o.goneEvery && n % o.goneEvery === 0 ? 'not_found' : 'sent';
      people.push({
        tenantId,
        userKey: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        conversationId: `a:conv-${n}`,
        locale,
        expected,
      });
    }
  }
  await eachLimited(people, 16, async (p) => {
    connector.addConversation(
      p.conversationId,
      p.tenantId,
      p.expected === 'blocked' ? 'blocked' : p.expected === 'not_found' ? 'gone' : 'ok',
    );
    await users.remember({
      tenantId: p.tenantId,
      userKey: p.userKey,
      channelUserId: `29:${p.userKey}`,
      aadObjectId: p.userKey,
      name: `Person ${p.userKey.slice(-4)}`,
      language: p.locale,
      lastSeen: new Date().toISOString(),
      conversationReference: {
        channelId: 'msteams',
        serviceUrl: connector.url,
        conversation: { id: p.conversationId, conversationType: 'personal', tenantId: p.tenantId },
        user: { id: `29:${p.userKey}`, aadObjectId: p.userKey },
        bot: { id: '28:bot', name: 'Billing Help Desk' },
        locale: p.locale === 'en' ? 'en-US' : 'tr-TR',
      },
    });
  });
  return people;
}

/** The reminders CLI as a billing admin runs it (node dist/scripts/reminders.js), with `env` for the store; its stdout. */
export async function remindersCli(env: Record<string, string>, ...args: string[]): Promise<string> {
  const root = repoRoot();
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, 'dist/scripts/reminders.js'), ...args], {
    env: { PATH: process.env.PATH, ...env },
    cwd: root,
    maxBuffer: 10_000_000,
  });
  return stdout;
}

/** A ReminderService on `store` for the tests' own reads of a campaign (counts), as the CLI builds it. */
export function reminderServiceOn(store: Store): ReminderService {
  return new ReminderService({
    store,
    customers: new CustomerDirectory(store),
    users: new UserService(store),
    terms: loadTerms(),
    clock: systemClock,
    defaultLocale: 'en-US',
    timeZone: 'Europe/Istanbul',
  });
}

/** Polls `probe` until it gives a value (the state a test waits for, never a time); fails after `timeoutMs` with the server's last output. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  server?: { output(): string },
  timeoutMs = 240_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server?.output().slice(-3000) ?? ''}`);
    // Not too often: on Cosmos each look reads the campaign's 1,000 documents from the same server the bot writes to.
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The counts a finished campaign to `people` must show: each person in the final state the connector gives them. */
export function finalCountsOf(people: WorldPerson[]): Record<string, number | boolean> {
  const of = (state: WorldPerson['expected']) => people.filter((p) => p.expected === state).length;
  return { pending: 0, sent: of('sent'), blocked: of('blocked'), not_found: of('not_found'), failed: 0, cancelled: 0, done: true };
}
