import { buildIfNeeded, ServerProcess, startServerProcess } from '../helpers/serverProcess';

/**
 * Local mode (no app id) has no channel authentication, so by default only this machine may
 * reach it: it binds 127.0.0.1. Another loopback address (127.0.0.2, same machine, different
 * interface address) tells "127.0.0.1 only" from "all interfaces" without touching the network.
 */
beforeAll(() => buildIfNeeded(), 90_000);

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(3000) })).status === 200;
  } catch {
    return false;
  }
}

test('local mode listens on 127.0.0.1 only, and says so', async () => {
  const server: ServerProcess = await startServerProcess({});
  try {
    expect(server.output()).toContain(`listening on 127.0.0.1:${server.port}`);
    expect(await answers(`http://127.0.0.1:${server.port}/healthz`)).toBe(true);
    expect(await answers(`http://127.0.0.2:${server.port}/healthz`)).toBe(false);
  } finally {
    await server.stop();
  }
});

test('HOST=0.0.0.0 listens on all interfaces', async () => {
  const server = await startServerProcess({ HOST: '0.0.0.0' });
  try {
    expect(server.output()).toContain(`listening on 0.0.0.0:${server.port}`);
    expect(await answers(`http://127.0.0.2:${server.port}/healthz`)).toBe(true);
  } finally {
    await server.stop();
  }
});
