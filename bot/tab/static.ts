/**
 * The tab's built files (tab/build/, written by `npm run build`), served under /tab/. Only files
 * that exist in that folder at the time of the request are served, by their exact name (no path
 * walking); anything else below /tab/ is the app itself (index.html), which routes in the browser.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../platform/paths';

export interface StaticFile {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/** Teams (and Outlook, and the Microsoft 365 app) may frame the tab; nobody else. */
const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.teams.microsoft.us',
  'https://local.teams.office.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://*.cloud.microsoft',
].join(' ');

const SECURITY_HEADERS = {
  'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors ${FRAME_ANCESTORS}`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The folder of the built tab. */
export function tabBuildDir(): string {
  return path.join(repoRoot(), 'tab', 'build');
}

/** The answer for GET /tab/<rest>. */
export function tabFile(rest: string, dir = tabBuildDir()): StaticFile {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) {
    return {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'The tab is not built. Run `npm run build` (or `npm start`, which builds when needed).\n',
    };
  }
  const name = rest.replace(/^\/+/, '');
  const files = new Set(readdirSync(dir));
  if (name && files.has(name) && /^[A-Za-z0-9._-]+$/.test(name) && statSync(path.join(dir, name)).isFile()) {
    const ext = path.extname(name);
    const hashed = /-[A-Z0-9]{8,}\.(js|css)$/.test(name);
    return {
      status: 200,
      headers: {
        'content-type': TYPES[ext] ?? 'application/octet-stream',
        'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...SECURITY_HEADERS,
      },
      body: readFileSync(path.join(dir, name)),
    };
  }
  if (/\.[A-Za-z0-9]{1,5}$/.test(name))
    return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Not found\n' };
  return {
    status: 200,
    headers: { 'content-type': TYPES['.html'], 'cache-control': 'no-cache', ...SECURITY_HEADERS },
    body: readFileSync(index),
  };
}
