import { repoRoot } from '../../bot/platform/paths';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCustomersCsv } from '../../bot/customers/directory';

const root = repoRoot();
const g1 = 'a0000000-0000-4000-8000-000000000001';

describe('customer CSV parsing', () => {
  test('good rows load, each bad row is reported with its line number and reason', () => {
    const csv = [
      'tenantId,name,locale,status,balance,currency,dueDate,invoiceNumber',
      '22222222-2222-4222-8222-222222222222,Anadolu Lojistik,tr-TR,overdue,1250.50,TRY,2026-12-01,INV-1001',
      ',No Tenant,en-US,current,,,,',
      '44444444-4444-4444-8444-444444444444,,en-US,current,,,,',
      '55555555-5555-4555-8555-555555555555,Bad Status,en-US,late,,,,',
      '66666666-6666-4666-8666-666666666666,Bad Number,en-US,current,12.5.0,USD,,',
      '77777777-7777-4777-8777-777777777777,Bad Date,en-US,current,10,USD,2026-02-30,',
      '88888888-8888-4888-8888-888888888888,"Fabrikam, Inc.",en-US,suspended,0,USD,2026-11-30,INV-7',
      '22222222-2222-4222-8222-222222222222,Duplicate,tr-TR,current,,,,',
    ].join('\n');
    const { customers, problems } = parseCustomersCsv(csv);
    expect(customers.map((c) => c.name)).toEqual(['Anadolu Lojistik', 'Fabrikam, Inc.']);
    expect(customers[0]).toMatchObject({
      status: 'overdue',
      balance: 1250.5,
      currency: 'TRY',
      dueDate: '2026-12-01',
      invoiceNumber: 'INV-1001',
    });
    const byLine = Object.fromEntries(problems.map((p) => [p.line, p.issues.map((i) => i.code)]));
    expect(byLine).toEqual({
      3: ['missingTenantId'],
      4: ['missingName'],
      5: ['badStatus'],
      6: ['badNumber'],
      7: ['badDate'],
      9: ['duplicate'],
    });
  });

  test('a tenantId that is not a GUID is reported with its line and skipped; good rows still load', () => {
    const csv = ['tenantId,name', 'not-a-guid,Bad Tenant', '22222222-2222-4222-8222-222222222222,Anadolu Lojistik', 't-1,Short'].join('\n');
    const { customers, problems } = parseCustomersCsv(csv);
    expect(customers.map((c) => c.tenantId)).toEqual(['22222222-2222-4222-8222-222222222222']);
    expect(problems).toEqual([
      { line: 2, issues: [{ code: 'badTenantId', params: { value: 'not-a-guid' } }] },
      { line: 4, issues: [{ code: 'badTenantId', params: { value: 't-1' } }] },
    ]);
  });

  test('a header without the required columns loads nothing', () => {
    const { customers, problems } = parseCustomersCsv('id,company\n1,Contoso\n');
    expect(customers).toEqual([]);
    expect(problems[0]).toEqual({ line: 1, issues: [{ code: 'headerMissing', params: { columns: 'tenantId, name' } }] });
  });

  test('contacts: UPNs and object ids separated by ;, kept lower case; anything else is a bad row', () => {
    const csv = [
      'tenantId,name,contacts',
      `${g1},Contoso,Pay@Contoso.example; 0f0e0d0c-0b0a-4000-8000-000000000001 ;`,
      'a0000000-0000-4000-8000-000000000002,Fabrikam,not a contact',
      'a0000000-0000-4000-8000-000000000003,Tailspin,',
    ].join('\n');
    const { customers, problems } = parseCustomersCsv(csv);
    expect(customers).toEqual([
      { tenantId: g1, name: 'Contoso', contacts: ['pay@contoso.example', '0f0e0d0c-0b0a-4000-8000-000000000001'] },
      { tenantId: 'a0000000-0000-4000-8000-000000000003', name: 'Tailspin' },
    ]);
    expect(problems).toEqual([{ line: 3, issues: [{ code: 'badContact', params: { value: 'not a contact' } }] }]);
  });

  test('quoted multi-line fields keep the reported line numbers right', () => {
    const csv = 'tenantId,name\n"a1a1a1a1-0000-4000-8000-000000000001","Multi\nLine Co"\n,Missing\n';
    const { customers, problems } = parseCustomersCsv(csv);
    expect(customers).toHaveLength(1);
    expect(problems).toEqual([{ line: 4, issues: [{ code: 'missingTenantId' }] }]);
  });
});

describe('npm run customers (the built CLI on a real SQLite file)', () => {
  let dir: string;
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(root, 'scripts/build-if-needed.js')], { cwd: root, stdio: 'ignore' });
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bhd-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [path.join(root, 'dist/scripts/customers.js'), ...args], {
      env: { PATH: process.env.PATH, DATA_DIR: path.join(dir, 'data'), ...env },
      encoding: 'utf8',
    });

  test('import reports bad rows, loads good ones, and list prints them', () => {
    const file = path.join(dir, 'c.csv');
    writeFileSync(
      file,
      'tenantId,name,status\na0000000-0000-4000-8000-000000000001,Contoso,current\na0000000-0000-4000-8000-000000000002,,current\na0000000-0000-4000-8000-000000000003,Fabrikam,gone\n',
    );
    const imp = run(['import', file]);
    expect(imp.status).toBe(0);
    expect(imp.stderr).toContain('c.csv:3: skipped: missing name');
    expect(imp.stderr).toContain('c.csv:4: skipped: bad status');
    expect(imp.stdout).toContain('Loaded 1 customer(s)');
    const list = run(['list', '--json']);
    expect(list.status).toBe(0);
    expect(
      list.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).name),
    ).toEqual(['Contoso']);
  });

  test.each([
    ['en-US', 'bad tenantId "not-a-guid"', 'Loaded 1 customer(s)'],
    ['tr-TR', 'geçersiz tenantId "not-a-guid"', '1 müşteri'],
  ])('import (%s) skips a row whose tenantId is not a GUID, naming its line, and loads the good rows', (locale, reason, loaded) => {
    const file = path.join(dir, 'guid.csv');
    writeFileSync(file, `tenantId,name\nnot-a-guid,Bad Tenant\n${g1},Contoso\n`);
    const imp = run(['import', file], { DEFAULT_LOCALE: locale });
    expect(imp.status).toBe(0);
    expect(imp.stderr).toContain(`guid.csv:2: `);
    expect(imp.stderr).toContain(reason);
    expect(imp.stdout).toContain(loaded);
    const rows = run(['list', '--json']).stdout.trim().split('\n');
    expect(rows.map((l) => (JSON.parse(l) as { tenantId: string }).tenantId)).toEqual([g1]);
  });

  test('re-import upserts by tenantId', () => {
    const file = path.join(dir, 'c.csv');
    writeFileSync(file, 'tenantId,name\na0000000-0000-4000-8000-000000000001,Contoso\n');
    expect(run(['import', file]).status).toBe(0);
    writeFileSync(file, 'tenantId,name,status\na0000000-0000-4000-8000-000000000001,Contoso Ltd,overdue\n');
    expect(run(['import', file]).status).toBe(0);
    const rows = run(['list', '--json']).stdout.trim().split('\n');
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0])).toMatchObject({ name: 'Contoso Ltd', status: 'overdue' });
  });

  test('nothing loaded → non-zero exit; messages in Turkish with DEFAULT_LOCALE=tr-TR', () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, 'tenantId,name\n,Nobody\n');
    const r = run(['import', file], { DEFAULT_LOCALE: 'tr-TR' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('bad.csv:2: atlandı: tenantId eksik');
    expect(r.stderr).toContain('hiçbir şey yüklenmedi');
  });

  test('a missing file and a bad configuration are reported, not crashed on', () => {
    const missing = run(['import', path.join(dir, 'nope.csv')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('ENOENT');
    const bad = run(['list'], { PORT: 'eighty' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('PORT');
  });
});
