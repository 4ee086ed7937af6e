// Builds dist/ with tsc, the tab (tab/build.mjs, esbuild), the server bundle (scripts/bundle-server.mjs) and the retriever's indexes (scripts/retriever-cache.ts) when any source is newer than the last build.
const { statSync, readdirSync, existsSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const dirs = ['bot', 'dialogs', 'cards', 'scripts', 'bench', 'tab/src', 'locales'];
const files = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
const tabIndex = path.join(root, 'tab', 'build', 'index.html');
const bundle = path.join(root, 'dist', 'server.js');

function newest(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return /\.(ts|tsx|json)$/.test(p) || files.includes(path.basename(p)) ? s.mtimeMs : 0;
  return readdirSync(p).reduce((m, f) => Math.max(m, newest(path.join(p, f))), 0);
}

const sources = Math.max(
  ...dirs.map((d) => newest(path.join(root, d))),
  ...files.map((f) => newest(path.join(root, f))),
  newest(path.join(root, 'tab', 'build.mjs')),
);
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (sources > built || !existsSync(tabIndex) || !existsSync(bundle)) {
  process.stderr.write('Building (tsc)…\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });
  process.stderr.write('Building the tab (esbuild)…\n');
  execFileSync(process.execPath, [path.join(root, 'tab', 'build.mjs')], { stdio: 'inherit', cwd: root });
  process.stderr.write('Bundling the server (esbuild)…\n');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle-server.mjs')], { stdio: 'inherit', cwd: root });
  // The retriever's indexes for the terms as they are (dist/retriever-cache/; the server builds them itself when the terms change).
  execFileSync(process.execPath, [path.join(root, 'dist', 'scripts', 'retriever-cache.js')], { stdio: 'inherit', cwd: root });
  writeFileSync(stamp, new Date().toISOString());
}
