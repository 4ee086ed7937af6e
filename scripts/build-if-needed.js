// Builds dist/ with tsc when any TypeScript source is newer than the last build.
const { statSync, readdirSync, existsSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const dirs = ['bot', 'dialogs', 'cards', 'scripts', 'bench'];
const files = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function newest(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return p.endsWith('.ts') || files.includes(path.basename(p)) ? s.mtimeMs : 0;
  return readdirSync(p).reduce((m, f) => Math.max(m, newest(path.join(p, f))), 0);
}

const sources = Math.max(...dirs.map((d) => newest(path.join(root, d))), ...files.map((f) => newest(path.join(root, f))));
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (sources > built) {
  process.stderr.write('Building (tsc)…\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });
  writeFileSync(stamp, new Date().toISOString());
}
