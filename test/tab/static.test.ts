/** The tab's built files: only files of tab/build/ by exact name; app routes get index.html; nothing else leaks. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tabFile } from '../../bot/tab/static';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tab-build-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(dir, 'main-ABCDEFGH.js'), 'console.log(1)');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a built script is served with its type, a long cache and the framing policy', () => {
  const f = tabFile('main-ABCDEFGH.js', dir);
  expect(f.status).toBe(200);
  expect(f.headers['content-type']).toMatch(/javascript/);
  expect(f.headers['cache-control']).toContain('immutable');
  expect(f.headers['content-security-policy']).toContain('frame-ancestors');
  expect(f.headers['content-security-policy']).toContain('https://teams.microsoft.com');
});

test('app routes get index.html; missing files and paths out of the folder get 404 or the app, never another file', () => {
  expect(tabFile('', dir).body.toString()).toContain('id="root"');
  expect(tabFile('queue', dir).body.toString()).toContain('id="root"');
  expect(tabFile('missing.js', dir).status).toBe(404);
  for (const evil of ['../package.json', '..%2Fpackage.json', '/etc/passwd', 'sub/../../package.json']) {
    const f = tabFile(evil, dir);
    expect(f.body.toString()).not.toContain('"name"');
    expect(f.body.toString()).not.toContain('root:');
  }
});

test('before the tab is built, it says how to build it', () => {
  const empty = mkdtempSync(path.join(os.tmpdir(), 'tab-none-'));
  try {
    const f = tabFile('', empty);
    expect(f.status).toBe(404);
    expect(f.body.toString()).toContain('npm run build');
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
