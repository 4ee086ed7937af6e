import { existsSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import restify from 'restify';
import { routeSdkConsole } from './adapter';
import { App, buildApp } from './app';
import { ConfigError, loadConfig, redactedConfig } from './platform/config';
import { checkActivity } from './platform/inbound';
import { serveLegalPage } from './knowledge/legalPages';
import { tabFile } from './tab/static';
import { prepareCards } from '../cards/render';

/**
 * The HTTP host — the only file that knows restify. POST /api/messages and GET /healthz;
 * oversized bodies get 413, malformed JSON 400, and shutdown waits for turns in flight.
 */
export interface RunningServer {
  url: string;
  port: number;
  /** The address it listens on (0.0.0.0 or :: = all interfaces). */
  host: string;
  /** Stops accepting, finishes turns in flight, closes the store. */
  stop(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 15_000;
/** The tab's API takes small JSON bodies only (a reply is at most a few KB). */
const TAB_MAX_BODY = 64 * 1024;

/** `application/json`, optionally with parameters such as `charset=utf-8`. */
const JSON_MEDIA_TYPE = /^application\/json\s*(;.*)?$/i;

/**
 * Reads the body as UTF-8, counting bytes as they arrive (chunked bodies carry no length): past
 * `max` it stops keeping them and answers 'tooLarge' at once; the rest is drained unread.
 */
function readBody(req: restify.Request, max: number): Promise<string | 'tooLarge' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: string | 'tooLarge' | 'aborted') => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > max) {
        chunks.length = 0;
        finish('tooLarge');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => finish('aborted'));
    req.on('close', () => finish('aborted'));
  });
}

export function createServer(app: App): { server: restify.Server; inFlight: () => number } {
  const log = app.deps.log;
  const server = restify.createServer({ name: 'billing-help-desk', handleUncaughtExceptions: false });
  let inFlight = 0;
  const max = app.config.MAX_BODY_BYTES;
  const refuse = (res: restify.Response, status: number, error: string, message: string) => {
    res.send(status, { error, message });
  };

  // Everything here runs before any byte of the body is parsed: restify's bodyParser would hand
  // multipart bodies to formidable (temp files never deleted) and take chunked bodies unbounded.
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') {
      // Teams never compresses activities; gzip would dodge the size limit and crash on bad data.
      return refuse(res, 415, 'UnsupportedMediaType', 'Compressed request bodies are not accepted.');
    }
    if (Number(req.headers['content-length'] ?? 0) > max) {
      res.setHeader('connection', 'close');
      return refuse(res, 413, 'PayloadTooLarge', `The body is larger than ${max} bytes.`);
    }
    if (!JSON_MEDIA_TYPE.test(String(req.headers['content-type'] ?? ''))) {
      res.setHeader('connection', 'close');
      return refuse(res, 415, 'UnsupportedMediaType', 'Only application/json is accepted.');
    }
    const raw = await readBody(req, max);
    if (raw === 'tooLarge') {
      res.setHeader('connection', 'close');
      return refuse(res, 413, 'PayloadTooLarge', `The body is larger than ${max} bytes.`);
    }
    if (raw === 'aborted') return undefined;
    const checked = checkActivity(raw);
    if (!checked.ok) return refuse(res, 400, 'BadRequest', checked.message);
    inFlight++;
    try {
      const result = await app.adapter.handle(checked.activity, String(req.headers.authorization ?? ''), (context) => app.bot.run(context));
      if (result.body === undefined) res.send(result.status);
      else res.send(result.status, result.body);
    } catch (err) {
      log.error({ err: { name: (err as Error).name, message: (err as Error).message } }, 'request failed');
      if (!res.headersSent) res.send(500, { error: 'InternalError' });
    } finally {
      inFlight--;
    }
    return undefined;
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const h = await app.health();
    res.send(h.ok ? 200 : 503, { status: h.ok ? 'ok' : 'unavailable', store: h.store });
  });

  // The manifest's privacyUrl and termsOfUseUrl: partner pages from terms/ (bot/knowledge/legalPages.ts).
  server.get('/privacy', async (req: restify.Request, res: restify.Response) => serveLegalPage(app, 'privacy', req, res));
  server.get('/terms', async (req: restify.Request, res: restify.Response) => serveLegalPage(app, 'terms-of-use', req, res));

  // The Teams tab: its built files under /tab/, its JSON API under /api/tab/ (bot/tab/api.ts).
  server.get('/tab', async (_req: restify.Request, res: restify.Response) => {
    res.setHeader('location', '/tab/');
    res.send(302);
  });
  server.get('/tab/*', async (req: restify.Request, res: restify.Response) => {
    const file = tabFile(new URL(req.url ?? '/', 'http://tab').pathname.slice('/tab/'.length));
    res.writeHead(file.status, file.headers);
    res.end(file.body);
  });
  const tabApi = async (req: restify.Request, res: restify.Response) => {
    const url = new URL(req.url ?? '/', 'http://tab');
    let body: unknown;
    if (req.method === 'POST') {
      if (Number(req.headers['content-length'] ?? 0) > TAB_MAX_BODY) return refuse(res, 413, 'PayloadTooLarge', 'The body is too large.');
      if (!JSON_MEDIA_TYPE.test(String(req.headers['content-type'] ?? '')))
        return refuse(res, 415, 'UnsupportedMediaType', 'Only application/json is accepted.');
      const raw = await readBody(req, TAB_MAX_BODY);
      if (raw === 'tooLarge') return refuse(res, 413, 'PayloadTooLarge', 'The body is too large.');
      if (raw === 'aborted') return undefined;
      try {
        body = raw.trim() ? (JSON.parse(raw) as unknown) : undefined;
      } catch {
        return refuse(res, 400, 'BadRequest', 'The body is not valid JSON.');
      }
    }
    if (!app.tab) return refuse(res, 404, 'NotFound', 'No tab here.');
    inFlight++;
    try {
      const out = await app.tab.handle({
        method: req.method ?? 'GET',
        path: url.pathname.slice('/api/tab/'.length),
        query: url.searchParams,
        headers: req.headers,
        body,
      });
      for (const [k, v] of Object.entries(out.headers ?? {})) res.setHeader(k, v);
      if (out.body === undefined) res.send(out.status);
      else res.send(out.status, out.body);
    } finally {
      inFlight--;
    }
    return undefined;
  };
  server.get('/api/tab/*', tabApi);
  server.post('/api/tab/*', tabApi);

  server.on('restifyError', (req: restify.Request, _res: restify.Response, err: Error & { statusCode?: number }, callback: () => void) => {
    log.info({ event: 'http.rejected', path: req.path(), status: err.statusCode, reason: err.name });
    callback();
  });

  return { server, inFlight: () => inFlight };
}

/** Where a client on this machine reaches a server listening on `host`. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Builds nothing: listens with an app the composition root built. */
export async function startServer(app: App, port = app.config.PORT, host = app.config.HOST): Promise<RunningServer> {
  const { server, inFlight } = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  // Longer than a client's or load balancer's idle timeout: a socket the server has just closed
  // must not be the one the next request is sent on (undici and Azure reuse idle sockets).
  server.server.keepAliveTimeout = 65_000;
  server.server.headersTimeout = 66_000;
  const actual = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;
  return {
    port: actual,
    host,
    url: `http://${urlHost(host)}:${actual}`,
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

/** The cards of a customer's first turns: welcome, answers, "not sure", "did you mean", notices. */
const FIRST_CARDS = ['conversation/welcome', 'conversation/answer', 'conversation/notSure', 'conversation/didYouMean', 'common/notice'];

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
  routeSdkConsole(log);
  log.info({ config: redactedConfig(config) }, 'configuration');
  // The retriever's indexes (read from dist/retriever-cache/, or built and kept there) before the
  // port opens: /healthz answers 200 only once a question can be read at full speed.
  app.deps.retriever.warm();
  const running = await startServer(app);
  // The card templates a customer's first turns use, just after: a message that comes first
  // prepares the one it needs itself (a few hundred ms once).
  setImmediate(() => prepareCards(FIRST_CARDS));
  log.info({ host: running.host, port: running.port, store: app.deps.store.kind }, 'listening');
  const reach =
    running.host === '0.0.0.0' || running.host === '::' ? 'all interfaces' : `${running.host} only; set HOST to listen elsewhere`;
  process.stdout.write(
    `\nBilling Help Desk is listening on ${running.host}:${running.port} (${reach}).\n` +
      `Messages: http://localhost:${running.port}/api/messages (store: ${app.deps.store.kind}` +
      `${app.deps.store.kind === 'sqlite' ? `, ${config.DATA_DIR}` : ''}).\n` +
      `Health: http://localhost:${running.port}/healthz\n` +
      `Tab: http://localhost:${running.port}/tab/${app.tab?.auth.local ? ' (local mode: pick a staff identity)' : ''}\n` +
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
