// Bundles the tab (tab/src/main.tsx) with esbuild into tab/build/: a hashed main script (plus
// hashed chunks for pages loaded on demand), and an index.html that loads it. Run by `npm run build` after tsc; type checking is `npm run lint`'s.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'build');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = await build({
  entryPoints: [path.join(here, 'src/main.tsx')],
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  format: 'esm',
  // Pages loaded on demand (the dashboard and its charts) become chunks of their own.
  splitting: true,
  target: ['es2022'],
  outdir: out,
  entryNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'linked',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});

const script = Object.keys(result.metafile.outputs)
  .map((f) => path.basename(f))
  .find((f) => /^main-.*\.js$/.test(f));
if (!script) throw new Error('esbuild wrote no main script');

writeFileSync(
  path.join(out, 'index.html'),
  `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Billing Help Desk</title>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="./${script}"></script>
  </body>
</html>
`,
);
process.stdout.write(`tab built: ${readdirSync(out).join(', ')}\n`);
