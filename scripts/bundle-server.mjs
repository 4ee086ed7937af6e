// Bundles the server (dist/bot/server.js, as tsc wrote it) with esbuild into one file,
// dist/server.js: what `npm start` runs. Node then reads one script instead of resolving,
// reading and compiling some 1,500 modules one by one (about a fifth of the start-up).
// Native and optional modules stay outside (required from node_modules at run time).
// Run by `npm run build` after tsc.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [path.join(root, 'dist/bot/server.js')],
  outfile: path.join(root, 'dist/server.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: ['node20'],
  sourcemap: 'linked',
  legalComments: 'linked',
  // better-sqlite3 is a native addon; dtrace-provider is restify's optional native one.
  external: ['better-sqlite3', 'dtrace-provider'],
  logLevel: 'warning',
});
