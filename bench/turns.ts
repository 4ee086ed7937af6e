/**
 * `npm run bench`: the help desk against a bare botbuilder echo bot. Each runs as its own server
 * process; this process is the load generator and the Teams connector. Same conversations and
 * concurrency for both, several rounds alternating between them, each figure reported as the
 * median and [range] over rounds. Server CPU time comes from /proc of the server process.
 * A benchmark, not a test: it asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalConnector } from '../test/harness/connector';
import { BenchProcess, distPath, startProcess } from './procs';
import { drive, fmt, PARTNER, QUESTIONS, question, Round, spread } from './load';
import { seed } from './seed';

const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 3));
const CONCURRENCIES = [1, 16, 64];
/** The crowd run: this many conversations at once (the "100 concurrent conversations"). */
const CROWD = 100;
/** Turns per round at each concurrency: enough for a stable p99 without a long run. */
const TURNS_PER_ROUND = QUICK ? 96 : 384;
const LONG_RUN_TURNS = QUICK ? 1_000 : 10_000;
const TICKET_SIZES = QUICK ? [0, 2_000] : [0, 10_000, 50_000];

function botEnv(dataDir: string): Record<string, string> {
  return { NODE_ENV: 'test', DATA_DIR: dataDir, PARTNER_TENANT_ID: PARTNER, DEFAULT_LOCALE: 'en-US' };
}

async function startBot(dataDir: string): Promise<BenchProcess> {
  return startProcess('help desk', distPath('server.js'), botEnv(dataDir));
}

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'bhd-bench-'));
}

/** Waits until the bot answers a customer question (retriever built), returns ms since spawn. */
async function firstAnswer(p: BenchProcess, serviceUrl: string): Promise<void> {
  await drive({ url: p.url, serviceUrl, concurrency: 1, turnsPerConversation: 1, tag: 'ready', text: () => QUESTIONS[0], cpuMs: p.cpuMs });
}

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function row(label: string, rs: Round[]): string {
  const tps = spread(rs.map((r) => r.turns / r.seconds));
  return `  ${label.padEnd(10)} ${fmt(tps, 0).padEnd(20)} turns/s   p50 ${fmt(spread(rs.map((r) => r.p50))).padEnd(22)} ms   p99 ${fmt(
    spread(rs.map((r) => r.p99)),
  ).padEnd(24)} ms   CPU ${fmt(spread(rs.map((r) => r.cpuPerTurn)), 2)} ms/turn`;
}

export async function benchTurns(): Promise<void> {
  const connector = new LocalConnector();
  await connector.start();
  const dirs: string[] = [];
  const procs: BenchProcess[] = [];
  try {
    out(
      `Bench: ${ROUNDS} rounds × ${TURNS_PER_ROUND} turns per concurrency, Node ${process.version}, ${os.cpus().length} cores${QUICK ? ' (quick)' : ''}`,
    );

    // Start-up: spawn to first 200 on /healthz, and to the first answered question.
    const startups: number[] = [];
    const ready: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const dir = tempDir();
      dirs.push(dir);
      await seed(dir, 0);
      const t0 = performance.now();
      const p = await startBot(dir);
      startups.push(p.startupMs);
      await firstAnswer(p, connector.url);
      ready.push(performance.now() - t0);
      await p.stop();
    }
    out(`start-up: first 200 on /healthz ${fmt(spread(startups), 0)} ms; first answered question ${fmt(spread(ready), 0)} ms`);

    const dir = tempDir();
    dirs.push(dir);
    await seed(dir, 0);
    const echo = await startProcess('echo', distPath('bench/echoServer.js'), {});
    const bot = await startBot(dir);
    procs.push(echo, bot);
    // Warm both (JIT, retriever, store) with one round each that is not counted.
    await drive({
      url: echo.url,
      serviceUrl: connector.url,
      concurrency: 16,
      turnsPerConversation: 8,
      tag: 'warm-e',
      text: () => 'hi',
      cpuMs: echo.cpuMs,
    });
    await drive({
      url: bot.url,
      serviceUrl: connector.url,
      concurrency: 16,
      turnsPerConversation: 8,
      tag: 'warm-b',
      text: question,
      cpuMs: bot.cpuMs,
    });
    const rssIdle = bot.rssBytes();

    out('\nturns (median [range] over rounds; server CPU from /proc)');
    for (const concurrency of CONCURRENCIES) {
      const echoRounds: Round[] = [];
      const botRounds: Round[] = [];
      const turnsPerConversation = Math.max(1, Math.round(TURNS_PER_ROUND / concurrency));
      for (let r = 0; r < ROUNDS; r++) {
        echoRounds.push(
          await drive({
            url: echo.url,
            serviceUrl: connector.url,
            concurrency,
            turnsPerConversation,
            tag: `e${concurrency}-${r}`,
            text: (c, i) => `hello ${c} ${i}`,
            cpuMs: echo.cpuMs,
          }),
        );
        botRounds.push(
          await drive({
            url: bot.url,
            serviceUrl: connector.url,
            concurrency,
            turnsPerConversation,
            tag: `b${concurrency}-${r}`,
            text: question,
            cpuMs: bot.cpuMs,
          }),
        );
      }
      const e = spread(echoRounds.map((x) => x.turns / x.seconds)).median;
      const b = spread(botRounds.map((x) => x.turns / x.seconds)).median;
      const ep50 = spread(echoRounds.map((x) => x.p50)).median;
      const bp50 = spread(botRounds.map((x) => x.p50)).median;
      const ecpu = spread(echoRounds.map((x) => x.cpuPerTurn)).median;
      const bcpu = spread(botRounds.map((x) => x.cpuPerTurn)).median;
      out(`concurrency ${concurrency}`);
      out(row('echo', echoRounds));
      out(row('help desk', botRounds));
      out(
        `  ratio      throughput ${(b / e).toFixed(2)}×   p50 ${(bp50 / ep50).toFixed(2)}×   CPU per turn ${(bcpu / Math.max(ecpu, 0.001)).toFixed(2)}×   slowest help-desk turn ${Math.max(...botRounds.map((x) => x.max)).toFixed(0)} ms`,
      );
    }

    // Many customers at once: 100 conversations side by side; Teams gives a turn 15 s, we aim for 5.
    const crowdRounds: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      crowdRounds.push(
        await drive({
          url: bot.url,
          serviceUrl: connector.url,
          concurrency: CROWD,
          turnsPerConversation: QUICK ? 2 : 4,
          tag: `crowd-${r}`,
          text: question,
          cpuMs: bot.cpuMs,
        }),
      );
    }
    const over = crowdRounds.reduce((n, x) => n + x.over5s, 0);
    out(
      `\n${CROWD} conversations at once: p50 ${fmt(spread(crowdRounds.map((x) => x.p50)))} ms, p99 ${fmt(spread(crowdRounds.map((x) => x.p99)))} ms, slowest ${Math.max(...crowdRounds.map((x) => x.max)).toFixed(0)} ms; ${over} of ${crowdRounds.reduce((n, x) => n + x.turns, 0)} requests over 5 s`,
    );

    // Memory after a long run.
    const long = await drive({
      url: bot.url,
      serviceUrl: connector.url,
      concurrency: 16,
      turnsPerConversation: Math.round(LONG_RUN_TURNS / 16),
      tag: 'long',
      text: question,
      cpuMs: bot.cpuMs,
    });
    out(
      `\nmemory: RSS idle ${(rssIdle / 2 ** 20).toFixed(0)} MB; after ${long.turns} more turns ${(bot.rssBytes() / 2 ** 20).toFixed(0)} MB (echo idle ${(echo.rssBytes() / 2 ** 20).toFixed(0)} MB)`,
    );
    await bot.stop();
    await echo.stop();
    procs.length = 0;

    // Retrieval alone, in this process.
    const { benchRetrieval, formatRetrievalBench } = await import('./retrieval');
    out(formatRetrievalBench(await benchRetrieval()));

    // Cost of one customer message against the size of the tenant's ticket history.
    out('\nmessage cost by tickets in the customer tenant (concurrency 1)');
    let base: { p50: number; cpu: number } | undefined;
    for (const size of TICKET_SIZES) {
      const d = tempDir();
      dirs.push(d);
      await seed(d, size);
      const p = await startBot(d);
      procs.push(p);
      await firstAnswer(p, connector.url);
      // A round that is not counted (JIT, the store's pages), as for the turns above.
      await drive({
        url: p.url,
        serviceUrl: connector.url,
        concurrency: 1,
        turnsPerConversation: QUICK ? 40 : 120,
        tag: `t${size}-warm`,
        text: (c, j) => question(c, j),
        cpuMs: p.cpuMs,
      });
      const rounds: Round[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        rounds.push(
          await drive({
            url: p.url,
            serviceUrl: connector.url,
            concurrency: 1,
            turnsPerConversation: QUICK ? 40 : 120,
            tag: `t${size}-${i}`,
            text: (c, j) => question(c, j),
            cpuMs: p.cpuMs,
          }),
        );
      }
      const p50 = spread(rounds.map((x) => x.p50));
      const cpu = spread(rounds.map((x) => x.cpuPerTurn));
      base ??= { p50: p50.median, cpu: cpu.median };
      out(
        `  ${String(size).padStart(6)} tickets   p50 ${fmt(p50, 2).padEnd(22)} ms   CPU ${fmt(cpu, 2).padEnd(22)} ms/turn   ratio to 0: p50 ${(p50.median / base.p50).toFixed(2)}×, CPU ${(cpu.median / base.cpu).toFixed(2)}×`,
      );
      await p.stop();
      procs.pop();
    }
  } finally {
    for (const p of procs) await p.stop();
    await connector.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
