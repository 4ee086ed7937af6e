import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { CustomerDirectory } from '../../bot/customers/directory';
import { repoRoot } from '../../bot/platform/paths';
import { SqliteStore } from '../../bot/platform/store/sqlite';
import { buildIfNeeded } from '../helpers/serverProcess';
import { tempDataDir } from '../helpers/stores';

/** The built `reminders` CLI on a real SQLite file: bad arguments → a message on stderr and exit 2, nothing written. */

const root = repoRoot();
const dir = tempDataDir();

beforeAll(async () => {
  buildIfNeeded();
  const store = new SqliteStore(dir);
  const today = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);
  const inDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const directory = new CustomerDirectory(store);
  await directory.upsert({ tenantId: 'a0000000-0000-4000-8000-000000000001', name: 'Due Soon', status: 'current', dueDate: inDays(7) });
  await directory.upsert({ tenantId: 'a0000000-0000-4000-8000-000000000002', name: 'Late', status: 'overdue', dueDate: inDays(-3) });
  await directory.upsert({ tenantId: 'a0000000-0000-4000-8000-000000000003', name: 'Fine', status: 'current', dueDate: inDays(30) });
  await store.close();
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'dist/scripts/reminders.js'), ...args],
      { env: { PATH: process.env.PATH, DATA_DIR: dir, LOG_LEVEL: 'silent', ...env }, cwd: root },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('bad arguments: a clear message on stderr, exit code 2, nothing created', async () => {
  const cases: [string[], RegExp][] = [
    [[], /Usage:/],
    [['send', '--template', 'overdue'], /Usage:/],
    [['send', '--bogus', 'x', '--template', 'overdue', '--audience', 'all'], /Usage:/],
    [['send', '--template', 'nope', '--audience', 'all'], /Unknown template "nope".*BHD-402/],
    [['send', '--template', 'overdue', '--audience', 'everyone'], /Bad audience "everyone".*BHD-401/],
    [['send', '--template', 'overdue', '--audience', 'all', '--at', 'tomorrow'], /Bad time "tomorrow".*BHD-403/],
    [['status'], /Usage:/],
    [['status', 'r000000000000000'], /No campaign r000000000000000.*BHD-406/],
    [['export', 'a', 'b'], /Usage:/],
    [['auto', 'maybe'], /Usage:/],
    [['auto'], /Usage:/],
  ];
  // A few at a time: each is a Node process on a 2-core machine.
  const results: Awaited<ReturnType<typeof cli>>[] = [];
  for (let i = 0; i < cases.length; i += 4) results.push(...(await Promise.all(cases.slice(i, i + 4).map(([args]) => cli(args)))));
  results.forEach((r, i) => {
    expect({ args: cases[i][0], code: r.code, stdout: r.stdout }).toEqual({ args: cases[i][0], code: 2, stdout: '' });
    expect(r.stderr).toMatch(cases[i][1]);
  });
  const tr = await cli(['send', '--template', 'overdue', '--audience', 'everyone'], { DEFAULT_LOCALE: 'tr-TR' });
  expect(tr.code).toBe(2);
  expect(tr.stderr).toContain('Geçersiz kitle');
  expect((await cli(['list'])).stdout).toContain('No reminder campaigns yet.');
});

test('auto --dry-run prints what the ladder would send today; auto off and on', async () => {
  const dry = await cli(['auto', '--dry-run']);
  expect(dry.code).toBe(0);
  expect(dry.stdout).toMatch(/Due Soon \| reminder \| payment-due \| .* \| would send to 0 person\(s\)/);
  expect(dry.stdout).toMatch(/Late \| overdue-notice \| overdue \|/);
  expect(dry.stdout).not.toContain('Fine');
  expect(dry.stdout).toContain('2 campaign(s) would go out today.');
  expect((await cli(['auto', 'off'])).stdout).toContain('The daily collections ladder is off.');
  expect((await cli(['auto', '--dry-run'])).stdout).toContain('(automatic runs: off)');
  expect((await cli(['auto', 'on'])).stdout).toContain('is on');
  expect((await cli(['list'])).stdout).toContain('No reminder campaigns yet.');
});
