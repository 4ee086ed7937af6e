import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivityHandler } from 'botbuilder';
import { createAdapter } from '../bot/adapter';
import { App, buildApp } from '../bot/app';
import { loadConfig } from '../bot/platform/config';
import { createI18n } from '../bot/platform/i18n';
import { createLogger } from '../bot/platform/log';
import { startServer } from '../bot/server';
import { LocalConnector } from '../test/harness/connector';
import { loadLegalPages } from '../bot/knowledge/legalPages';

/**
 * `npm run bench`: N concurrent 1:1 conversations through POST /api/messages of the real
 * server (SQLite store), beside a bare botbuilder echo bot on the same restify host, measured
 * in the same run. Prints turns/s, p50/p99 and the ratio. A benchmark, not a test.
 * `npm run bench -- reminders`: the reminders bench (bench/reminders.ts).
 */

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 50);
const TURNS = Number(process.env.BENCH_TURNS ?? 20);
const PARTNER = '11111111-1111-4111-8111-111111111111';
const CUSTOMER = '22222222-2222-4222-8222-222222222222';

interface Result {
  turns: number;
  seconds: number;
  p50: number;
  p99: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function drive(url: string, serviceUrl: string, text: (conv: number, turn: number) => string): Promise<Result> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_, c) => {
      for (let i = 0; i < TURNS; i++) {
        const body = JSON.stringify({
          type: 'message',
          id: `b-${c}-${i}`,
          channelId: 'msteams',
          serviceUrl,
          locale: c % 2 ? 'tr-TR' : 'en-US',
          text: text(c, i),
          from: { id: `29:user-${c}`, aadObjectId: `00000000-0000-4000-8000-${String(c).padStart(12, '0')}`, name: `User ${c}` },
          recipient: { id: '28:bot', name: 'Billing Help Desk' },
          conversation: { id: `a:bench-${c}`, conversationType: 'personal', tenantId: CUSTOMER },
          channelData: { tenant: { id: CUSTOMER } },
        });
        const t0 = performance.now();
        const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await res.arrayBuffer();
        if (res.status >= 300) throw new Error(`HTTP ${res.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { turns: latencies.length, seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function echoApp(dataDir: string): Promise<App> {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const log = createLogger('silent');
  const i18n = await createI18n('en');
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text}`);
    await next();
  });
  return {
    config,
    deps: { log } as App['deps'],
    adapter: createAdapter(config, log, i18n),
    bot: bot as unknown as App['bot'],
    legalPages: loadLegalPages(),
    health: async () => ({ ok: true, store: 'none' }),
    close: async () => undefined,
  };
}

function line(name: string, r: Result): string {
  return `${name.padEnd(22)} ${(r.turns / r.seconds).toFixed(0).padStart(7)} turns/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99
    .toFixed(1)
    .padStart(6)} ms   (${r.turns} turns in ${r.seconds.toFixed(2)} s)`;
}

async function main(): Promise<void> {
  const connector = new LocalConnector();
  await connector.start();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bhd-bench-'));
  try {
    const echo = await startServer(await echoApp(dir), 0, '127.0.0.1');
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'silent', PARTNER_TENANT_ID: PARTNER });
    const app = await buildApp(config, { logger: createLogger('silent') });
    await app.deps.customers.upsert({ tenantId: CUSTOMER, name: 'Bench Customer', status: 'overdue', balance: 100, currency: 'USD' });
    const ours = await startServer(app, 0, '127.0.0.1');
    const questions = [
      'When is my invoice due?',
      'faturami nasil odeyebilirim',
      'Why was I charged twice for Azure?',
      'hesabım askıya alındı',
    ];
    process.stdout.write(
      `Bench: ${CONVERSATIONS} concurrent conversations × ${TURNS} turns, Node ${process.version}, ${os.cpus().length} cores\n`,
    );
    // warm-up, then measure each twice, alternating, and keep the better run of each
    await drive(echo.url, connector.url, () => 'hi');
    await drive(ours.url, connector.url, () => 'hi');
    const runs = { echo: [] as Result[], ours: [] as Result[] };
    for (let round = 0; round < 2; round++) {
      runs.echo.push(await drive(echo.url, connector.url, (c, i) => `hello ${c} ${i}`));
      runs.ours.push(await drive(ours.url, connector.url, (c, i) => questions[(c + i) % questions.length]));
    }
    const best = (rs: Result[]) => rs.reduce((a, b) => (b.turns / b.seconds > a.turns / a.seconds ? b : a));
    const e = best(runs.echo);
    const o = best(runs.ours);
    process.stdout.write(`${line('baseline echo bot', e)}\n${line('billing help desk', o)}\n`);
    process.stdout.write(
      `ratio (help desk / echo): throughput ${(o.turns / o.seconds / (e.turns / e.seconds)).toFixed(2)}×, p50 ${(o.p50 / e.p50).toFixed(2)}×, p99 ${(o.p99 / e.p99).toFixed(2)}×\n`,
    );
    const retrievalModule = path.join(__dirname, 'retrieval.js');
    if (existsSync(retrievalModule)) {
      const { benchRetrieval } = (await import(retrievalModule)) as {
        benchRetrieval: () => Promise<{ questionsPerSecond: number; p50Ms: number; p99Ms: number }>;
      };
      const r = await benchRetrieval();
      process.stdout.write(
        `retrieval              ${r.questionsPerSecond.toFixed(0).padStart(7)} questions/s   p50 ${r.p50Ms.toFixed(3)} ms   p99 ${r.p99Ms.toFixed(3)} ms\n`,
      );
    }
    await ours.stop();
    await echo.stop();
  } finally {
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npm run bench -- reminders` runs the reminders bench (bench/reminders.ts) instead.
(process.argv[2] === 'reminders' ? import('./reminders').then((m) => m.benchReminders()) : main()).catch((err) => {
  process.stderr.write(`bench failed: ${(err as Error).stack}\n`);
  process.exit(1);
});
