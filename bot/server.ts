import { existsSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import restify from 'restify';
import { App, buildApp } from './app';
import { ConfigError, loadConfig, redactedConfig } from './platform/config';
import { serveLegalPage } from './knowledge/legalPages';

/**
 * The HTTP host — the only file that knows restify. POST /api/messages and GET /healthz;
 * oversized bodies get 413, malformed JSON 400, and shutdown waits for turns in flight.
 */
export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting, finishes turns in flight, closes the store. */
  stop(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 15_000;

export function createServer(app: App): { server: restify.Server; inFlight: () => number } {
  const log = app.deps.log;
  const server = restify.createServer({ name: 'billing-help-desk', handleUncaughtExceptions: false });
  let inFlight = 0;
  const bodyParser = restify.plugins.bodyParser({ maxBodySize: app.config.MAX_BODY_BYTES, mapParams: false, mapFiles: false });

  // Before any parsing: Teams never compresses activities, and a compressed body would both get
  // past the size limit (it counts compressed bytes) and crash the gunzip stream on bad data.
  const preflight = (req: restify.Request, res: restify.Response, next: restify.Next) => {
    const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') {
      res.send(415, { error: 'UnsupportedMediaType', message: 'Compressed request bodies are not accepted.' });
      return next(false);
    }
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > app.config.MAX_BODY_BYTES) {
      res.send(413, { error: 'PayloadTooLarge', message: `The body is larger than ${app.config.MAX_BODY_BYTES} bytes.` });
      return next(false);
    }
    return next();
  };

  server.post('/api/messages', preflight, bodyParser, async (req: restify.Request, res: restify.Response) => {
    const body: unknown = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
      res.send(400, { error: 'BadRequest', message: 'The body must be a Bot Framework activity (a JSON object with a "type").' });
      return;
    }
    inFlight++;
    try {
      await app.adapter.process(req, res, (context) => app.bot.run(context));
    } catch (err) {
      log.error({ err: { name: (err as Error).name, message: (err as Error).message } }, 'request failed');
      if (!res.headersSent) res.send(500, { error: 'InternalError' });
    } finally {
      inFlight--;
    }
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const h = await app.health();
    res.send(h.ok ? 200 : 503, { status: h.ok ? 'ok' : 'unavailable', store: h.store });
  });

  // The manifest's privacyUrl and termsOfUseUrl: partner pages from terms/ (bot/knowledge/legalPages.ts).
  server.get('/privacy', async (req: restify.Request, res: restify.Response) => serveLegalPage(app, 'privacy', req, res));
  server.get('/terms', async (req: restify.Request, res: restify.Response) => serveLegalPage(app, 'terms-of-use', req, res));

  server.on('restifyError', (req: restify.Request, _res: restify.Response, err: Error & { statusCode?: number }, callback: () => void) => {
    log.info({ event: 'http.rejected', path: req.path(), status: err.statusCode, reason: err.name });
    callback();
  });

  return { server, inFlight: () => inFlight };
}

/** Builds nothing: listens with an app the composition root built. */
export async function startServer(app: App, port = app.config.PORT, host = '0.0.0.0'): Promise<RunningServer> {
  const { server, inFlight } = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    stop() {
      stopping ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // keep-alive sockets would hold close() open; idle ones can go now
          (server.server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        });
        const deadline = Date.now() + SHUTDOWN_GRACE_MS;
        while (inFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        await app.close();
      })();
      return stopping;
    },
  };
}

async function main(): Promise<void> {
  // A local .env (see .env.example) fills variables not already set in the environment.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw err;
  }
  const app = await buildApp(config);
  const log = app.deps.log;
  log.info({ config: redactedConfig(config) }, 'configuration');
  const running = await startServer(app);
  log.info({ port: running.port, store: app.deps.store.kind }, 'listening');
  process.stdout.write(
    `\nBilling Help Desk is listening on http://localhost:${running.port}/api/messages (store: ${app.deps.store.kind}` +
      `${app.deps.store.kind === 'sqlite' ? `, ${config.DATA_DIR}` : ''}).\n` +
      `Health: http://localhost:${running.port}/healthz\n` +
      `Chat with it locally: in another terminal run  npm run playground\n\n`,
  );
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err: { message: (err as Error).message } }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`Billing Help Desk could not start: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
