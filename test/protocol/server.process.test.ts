import { repoRoot } from '../../bot/platform/paths';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../bot/platform/store/sqlite';
import { LocalConnector } from '../harness/connector';

const root = repoRoot();

beforeAll(() => execFileSync(process.execPath, [path.join(root, 'scripts/build-if-needed.js')], { cwd: root, stdio: 'ignore' }));

async function waitForHealth(url: string, deadline = Date.now() + 90_000): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become healthy');
}

test('npm start answers a Teams message, then stops cleanly on SIGTERM with its data intact', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bhd-proc-'));
  const connector = new LocalConnector();
  await connector.start();
  const port = 30000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [path.join(root, 'dist/server.js')], {
    env: { PATH: process.env.PATH, PORT: String(port), DATA_DIR: dir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url);
    expect(output).toContain(`http://localhost:${port}/api/messages`);
    expect(output).toContain('npm run playground');
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: 'p-1',
        channelId: 'msteams',
        serviceUrl: connector.url,
        locale: 'tr-TR',
        text: 'merhaba, faturam nerede?',
        from: { id: '29:x', aadObjectId: 'dddddddd-0000-4000-8000-00000000000a', name: 'Ziyaretçi' },
        recipient: { id: '28:bot', name: 'Billing Help Desk' },
        conversation: { id: 'a:p', conversationType: 'personal', tenantId: 'not-a-customer' },
        channelData: { tenant: { id: 'not-a-customer' } },
      }),
    });
    expect(res.status).toBe(200);
    const reply = await connector.waitFor((s) => s.replyToId === 'p-1');
    expect(JSON.stringify(reply.body)).toContain('Yalnızca kendi müşterilerimize');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('shutting down');
    const store = new SqliteStore(dir);
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
  } finally {
    child.kill('SIGKILL');
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
