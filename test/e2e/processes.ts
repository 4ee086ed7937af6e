import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const live = new Set<ChildProcess>();
// Last resort when the test process ends without afterAll (a crash, a forced exit).
process.once('exit', () => {
  for (const child of live) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** A child process in its own process group, with its output kept for diagnostics. */
export class Child {
  private output = '';
  private readonly exited: Promise<number | null>;
  readonly process: ChildProcess;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    options: { cwd: string; env: NodeJS.ProcessEnv },
  ) {
    // detached: its own process group, so stop() also ends anything it started
    this.process = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
    };
    this.process.stdout?.on('data', keep);
    this.process.stderr?.on('data', keep);
    live.add(this.process);
    this.exited = new Promise((resolve) =>
      this.process.once('exit', (code) => {
        live.delete(this.process);
        resolve(code);
      }),
    );
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** The last output, for failure messages. */
  tail(chars = 3000): string {
    return `--- ${this.name} output (last ${chars} chars) ---\n${this.output.slice(-chars)}`;
  }

  /** Resolves with the first match of pattern in the output; rejects on exit or timeout. */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const m = pattern.exec(this.output);
      if (m) return m;
      if (!this.running) throw new Error(`${this.name} exited (code ${this.process.exitCode}) before printing ${pattern}\n${this.tail()}`);
      await sleep(100);
    }
    throw new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms\n${this.tail()}`);
  }

  /** SIGTERM to the process group, SIGKILL after a grace period. */
  async stop(graceMs = 5000): Promise<void> {
    if (!this.running || this.process.pid === undefined) return;
    const group = -this.process.pid;
    const signal = (s: NodeJS.Signals) => {
      try {
        process.kill(group, s);
      } catch {
        // already gone
      }
    };
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls url until it answers 200; fails early when the child dies. */
export async function waitForHttp200(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!child.running) throw new Error(`${child.name} exited (code ${child.process.exitCode}) before ${url} answered\n${child.tail()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})\n${child.tail()}`);
}
