import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../bot/platform/paths';
import { Child, freePort, waitForHttp200 } from '../e2e/processes';

const root = repoRoot();

/** Builds dist/ when the sources are newer (scripts/build-if-needed.js). */
export function buildIfNeeded(): void {
  execFileSync(process.execPath, [path.join(root, 'scripts/build-if-needed.js')], { cwd: root, stdio: 'ignore' });
}

export interface ServerProcess {
  child: Child;
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs the real server (node dist/server.js) with a temp DATA_DIR and waits until /healthz
 * answers: up to 150 s, since a start beside a full test run on a loaded 2-core machine can be slow.
 */
export async function startServerProcess(env: Record<string, string>, healthHost = '127.0.0.1'): Promise<ServerProcess> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bhd-proc-'));
  const port = await freePort();
  const child = new Child('server', process.execPath, [path.join(root, 'dist/server.js')], {
    cwd: dir,
    env: { PATH: process.env.PATH, PORT: String(port), DATA_DIR: dir, LOG_LEVEL: 'info', ...env },
  });
  try {
    await waitForHttp200(`http://${healthHost}:${port}/healthz`, child, 150_000);
  } catch (err) {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    child,
    port,
    url: `http://${healthHost}:${port}`,
    output: () => child.tail(1_000_000).split('\n').slice(1).join('\n'),
    async stop() {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
