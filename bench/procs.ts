/**
 * Server processes for the bench, run as a user runs them (`node dist/...`), with their CPU time
 * and memory read from /proc (Linux), so what is measured is the server alone, not the load
 * generator beside it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export interface BenchProcess {
  name: string;
  url: string;
  pid: number;
  /** Milliseconds from spawn to the first 200 on /healthz. */
  startupMs: number;
  /** CPU time (user + system) the process has used so far, in ms. */
  cpuMs(): number;
  /** Resident memory now, in bytes. */
  rssBytes(): number;
  stop(): Promise<void>;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ); 100 on every Linux we run on. */
const USER_HZ = 100;

function cpuOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at index 2 = state.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / USER_HZ;
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

async function waitFor200(url: string, child: ChildProcess, output: () => string, timeoutMs = 90_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}):\n${output()}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`no 200 from ${url} in ${timeoutMs} ms:\n${output()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Starts `node <script>` with `env` (PORT added) and waits until GET /healthz answers 200. */
export async function startProcess(name: string, script: string, env: Record<string, string>): Promise<BenchProcess> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor200(`${url}/healthz`, child, () => out);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const startupMs = performance.now() - started;
  const pid = child.pid!;
  return {
    name,
    url,
    pid,
    startupMs,
    cpuMs: () => cpuOf(pid),
    rssBytes: () => rssOf(pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** dist/<relative> from this compiled file (dist/bench/procs.js). */
export function distPath(relative: string): string {
  return path.join(__dirname, '..', relative);
}
