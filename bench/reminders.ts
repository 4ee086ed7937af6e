import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../bot/platform/store/sqlite';
import { LimitsConnector } from '../test/harness/limitsConnector';
import { reminderServiceOn, seedWorld, tenantIdOf } from '../test/reminders/world';

/**
 * `npm run bench -- reminders`: a 10,000-person campaign over 50 tenants, sent by the real server
 * process (SQLite) to the Teams-limits connector running in this process. Prints each tenant's
 * achieved rate against the allowed rate (REMINDER_TENANT_RPS) as a ratio, the 429s, the bot
 * process's CPU time per send and its peak memory. A benchmark, not a test.
 *
 * A tenant's rate is measured over its own active window (its first to its last accepted send):
 * tenants are sent in waves (bot/reminders/waves.ts), so a tenant is active for part of the
 * campaign only. REMINDER_TENANTS_IN_FLIGHT and REMINDER_WAVES are passed on to the bot;
 * BENCH_PROF=<dir> writes the bot's CPU profile there.
 */

const TENANTS = Number(process.env.BENCH_TENANTS ?? 50);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10_000);
const RPS = Number(process.env.REMINDER_TENANT_RPS ?? 40);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** CPU seconds (user + system) and peak resident memory (MB) of a process, from /proc (Linux). */
function usageOf(pid: number): { cpuSeconds: number; peakMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuSeconds: ticks / 100, peakMb: hwm ? Number(hwm[1]) / 1024 : NaN };
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('the server exited');
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server did not start');
}

export async function benchReminders(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bhd-bench-rem-'));
  const connector = new LimitsConnector({ tenantRps: 50 });
  await connector.start();
  let child: ChildProcess | undefined;
  try {
    const store = new SqliteStore(dir);
    process.stdout.write(
      `Reminders bench: ${PEOPLE} people over ${TENANTS} tenants, allowed ${RPS}/s per tenant, Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}\n`,
    );
    await seedWorld(store, connector, { tenants: TENANTS, perTenant: Math.ceil(PEOPLE / TENANTS) });
    const port = await freePort();
    const prof = process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROF)}`] : [];
    child = spawn(process.execPath, [...prof, path.join(__dirname, '..', 'server.js')], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        DATA_DIR: dir,
        LOG_LEVEL: 'warn',
        REMINDER_LADDER: 'off',
        REMINDER_TENANT_RPS: String(RPS),
        ...(process.env.REMINDER_TENANTS_IN_FLIGHT ? { REMINDER_TENANTS_IN_FLIGHT: process.env.REMINDER_TENANTS_IN_FLIGHT } : {}),
        ...(process.env.REMINDER_WAVES ? { REMINDER_WAVES: process.env.REMINDER_WAVES } : {}),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitHealthy(`http://127.0.0.1:${port}/healthz`, child);
    const service = reminderServiceOn(store);
    const before = usageOf(child.pid!);
    const created = performance.now();
    const campaign = await service.create({ template: 'overdue', audience: 'all', origin: { kind: 'cli' } });
    process.stdout.write(
      `campaign ${campaign.id}: ${campaign.recipients} recipients written in ${((performance.now() - created) / 1000).toFixed(1)} s\n`,
    );
    const started = Date.now();
    // Counting reads every recipient, in this process, which is also the connector: a count a
    // second held the connector up (late, bunched arrivals) on a loaded machine. Count only once
    // the connector has been quiet for a second, or every 15 s.
    let seen = -1;
    for (let i = 1; ; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const quiet = connector.stats.requests === seen;
      seen = connector.stats.requests;
      if ((quiet || i % 15 === 0) && (await service.counts(campaign.id)).done) break;
    }
    // From the campaign's creation to its last accepted send, as Teams would see it.
    const seconds = (Math.max(...[...connector.tenants.values()].map((w) => w.last)) - started) / 1000;
    const after = usageOf(child.pid!);
    const load = os.loadavg()[0];
    const counts = await service.counts(campaign.id);
    const ratios = Array.from({ length: TENANTS }, (_, t) => connector.rateOf(tenantIdOf(t)) / RPS).sort((a, b) => a - b);
    const windows = Array.from({ length: TENANTS }, (_, t) => connector.tenants.get(tenantIdOf(t))).filter((w) => w !== undefined);
    // Most tenants active at once: the waves as Teams saw them.
    const edges = windows.flatMap((w) => [[w.first, 1] as const, [w.last, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let atOnce = 0;
    let mostAtOnce = 0;
    const firstSend = Math.min(...windows.map((w) => w.first));
    for (const [, d] of edges) mostAtOnce = Math.max(mostAtOnce, (atOnce += d));
    const final = counts.sent + counts.blocked + counts.not_found + counts.failed + counts.cancelled;
    const pct = (p: number) => ratios[Math.min(ratios.length - 1, Math.floor(p * ratios.length))];
    process.stdout.write(
      [
        `sent ${counts.sent}, failed ${counts.failed}, pending ${counts.pending}; last send ${seconds.toFixed(1)} s after the campaign was created (${(counts.sent / seconds).toFixed(0)} sends/s overall; allowed ${TENANTS * RPS}/s)`,
        `recipients lost (not in a final state): ${campaign.recipients - final}; sent twice: ${connector.duplicates().length}`,
        `tenants active at once (waves): at most ${mostAtOnce}`,
        `per-tenant rate over its active window / allowed: min ${pct(0).toFixed(2)}  p50 ${pct(0.5).toFixed(2)}  max ${ratios[ratios.length - 1].toFixed(2)}`,
        ...Array.from({ length: TENANTS }, (_, t) => tenantIdOf(t)).map((id) => {
          const w = connector.tenants.get(id);
          const span = w ? `${((w.first - firstSend) / 1000).toFixed(1)}–${((w.last - firstSend) / 1000).toFixed(1)} s` : '-';
          return `  ${id}  ${connector.rateOf(id).toFixed(1).padStart(5)}/s  ratio ${(connector.rateOf(id) / RPS).toFixed(2)}  active ${span}`;
        }),
        `429s: ${connector.stats.violations} (conversation ${connector.stats.conversationViolations}, tenant ${connector.stats.tenantViolations})`,
        `load average at the end: ${load.toFixed(1)} (rates are only meaningful on an otherwise idle machine)`,
        `bot CPU per send: ${(((after.cpuSeconds - before.cpuSeconds) * 1000) / Math.max(1, counts.sent)).toFixed(2)} ms; bot peak memory ${after.peakMb.toFixed(0)} MB`,
      ].join('\n') + '\n',
    );
    if (process.env.BENCH_DEBUG) {
      const times = [...connector.deliveries.values()]
        .flat()
        .filter((d) => d.tenantId === tenantIdOf(0))
        .map((d) => d.at)
        .sort((a, b) => a - b);
      process.stdout.write(
        `tenant 0 gaps (ms): ${times
          .slice(1)
          .map((x, i) => x - times[i])
          .join(',')}\n`,
      );
    }
    await store.close();
  } finally {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
