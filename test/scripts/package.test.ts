import { repoRoot } from '../../bot/platform/paths';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { COMMANDS } from '../../bot/commands';
import { planCommandLists } from '../../scripts/package-app';

// The built CLI runs in a child process: that is what `npm run package` runs, and
// @microsoft/app-manifest loads ESM-only modules that jest's module system cannot.
const root = repoRoot();
const cli = path.join(root, 'dist/scripts/package-app.js');
const APP_ID = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
const DOMAIN = 'helpdesk.contoso.example';
const goodEnv = { MicrosoftAppId: APP_ID, BOT_DOMAIN: DOMAIN };

type Locale = { commands: Record<string, { title: string; description: string }> };
const en = JSON.parse(readFileSync(path.join(root, 'locales/en/bot.json'), 'utf8')) as Locale;
const tr = JSON.parse(readFileSync(path.join(root, 'locales/tr/bot.json'), 'utf8')) as Locale;

interface Manifest {
  id: string;
  validDomains: string[];
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[];
  localizationInfo: { additionalLanguages: { languageTag: string; file: string }[] };
  [key: string]: unknown;
}

let work: string;
beforeAll(() => {
  execFileSync(process.execPath, [path.join(root, 'scripts/build-if-needed.js')], { cwd: root, stdio: 'ignore' });
  work = mkdtempSync(path.join(os.tmpdir(), 'app-package-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The official schema, applied by @microsoft/app-manifest itself (its bundled copy, offline). */
function officialSchemaErrors(manifest: unknown): string[] {
  const script = `require('@microsoft/app-manifest').AppManifestUtils.validateAgainstSchema(JSON.parse(require('fs').readFileSync(0, 'utf8')))
    .then((errors) => process.stdout.write(JSON.stringify(errors)))`;
  const out = execFileSync(process.execPath, ['-e', script], { cwd: root, input: JSON.stringify(manifest), encoding: 'utf8' });
  return JSON.parse(out) as string[];
}

/** A copy of appPackage/ to break on purpose. */
function templateCopy(name: string): string {
  const dir = path.join(work, name);
  cpSync(path.join(root, 'appPackage'), dir, { recursive: true, filter: (src) => path.basename(src) !== 'build' });
  return dir;
}

function editJson(file: string, edit: (json: Record<string, unknown>) => void): void {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(json);
  writeFileSync(file, JSON.stringify(json, null, 2));
}

function zipEntries(file: string): Record<string, Buffer> {
  return Object.fromEntries(new AdmZip(file).getEntries().map((e) => [e.entryName, e.getData()]));
}

describe('npm run package with MicrosoftAppId and BOT_DOMAIN set', () => {
  let zipPath: string;
  let entries: Record<string, Buffer>;
  let manifest: Manifest;

  beforeAll(() => {
    zipPath = path.join(work, 'out', 'app.zip');
    const r = run(['--out', zipPath], goodEnv);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('Wrote');
    entries = zipEntries(zipPath);
    manifest = JSON.parse(entries['manifest.json'].toString('utf8')) as Manifest;
  });

  test('writes a zip with the manifest, both localization files and both icons at its root', () => {
    expect(Object.keys(entries).sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'outline.png', 'tr.json']);
  });

  test('fills the bot id and domain and leaves no placeholder in any file', () => {
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.validDomains).toEqual([DOMAIN]);
    const leftovers = Object.entries(entries).filter(([name, data]) => name.endsWith('.json') && data.toString('utf8').includes('${{'));
    expect(leftovers.map(([name]) => name)).toEqual([]);
  });

  test('writes a manifest that the official Teams schema accepts, with a schema version after 1.18', () => {
    expect(officialSchemaErrors(manifest)).toEqual([]);
    expect(Number((manifest.manifestVersion as string).split('.')[1])).toBeGreaterThanOrEqual(19);
    expect(manifest.bots[0].scopes).toEqual(expect.arrayContaining(['personal', 'team']));
    expect(manifest.bots[0]).toMatchObject({ supportsFiles: false });
  });

  test('its own --validate accepts the zip (localization files included)', () => {
    expect(run(['--validate', zipPath])).toMatchObject({ code: 0, err: '' });
    expect(manifest.localizationInfo.additionalLanguages).toEqual([{ languageTag: 'tr', file: 'tr.json' }]);
  });

  test('lists exactly the commands of the command table, per scope, with their English titles', () => {
    const lists = manifest.bots[0].commandLists;
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual(['personal', 'team']);
    for (const scope of ['personal', 'team'] as const) {
      const expected = COMMANDS.filter((c) => c.scopes.includes(scope)).map((c) => en.commands[c.id]);
      expect(lists.find((l) => l.scopes.includes(scope))?.commands).toEqual(expected);
    }
  });

  test("the 1:1 menu holds the customers' commands (en and tr) and the team menu the staff commands", () => {
    const lists = manifest.bots[0].commandLists;
    const personalAt = lists.findIndex((l) => l.scopes.includes('personal'));
    const personal = lists[personalAt].commands.map((c) => c.title);
    const team = lists.find((l) => l.scopes.includes('team'))?.commands.map((c) => c.title) ?? [];
    expect(personal).toEqual(['menu', 'my tickets', 'talk to a person']);
    const trFile = JSON.parse(entries['tr.json'].toString('utf8')) as Record<string, string>;
    const trTitles = personal.map((_, j) => trFile[`bots[0].commandLists[${personalAt}].commands[${j}].title`]);
    expect(trTitles).toEqual(['menü', 'taleplerim', 'temsilciyle görüşmek istiyorum']);
    expect(team).toEqual(expect.arrayContaining(['help', 'queue', 'ticket', 'roles', 'grant', 'revoke', 'setup escalations']));
    expect(team).not.toContain('menu');
  });

  test('privacyUrl and termsOfUseUrl point at the pages the bot serves', () => {
    const developer = manifest.developer as { privacyUrl: string; termsOfUseUrl: string };
    expect(developer.privacyUrl).toBe(`https://${DOMAIN}/privacy`);
    expect(developer.termsOfUseUrl).toBe(`https://${DOMAIN}/terms`);
  });

  test('translates the name and every command into Turkish in tr.json', () => {
    const trFile = JSON.parse(entries['tr.json'].toString('utf8')) as Record<string, string>;
    const trManifest = (JSON.parse(readFileSync(path.join(root, 'locales/tr/bot.json'), 'utf8')) as { manifest: Record<string, string> })
      .manifest;
    expect(trFile['name.short']).toBe(trManifest.name);
    manifest.bots[0].commandLists.forEach((list, i) => {
      const ids = COMMANDS.filter((c) => c.scopes.includes(list.scopes[0] as 'personal' | 'team')).map((c) => c.id);
      ids.forEach((id, j) => {
        expect(trFile[`bots[0].commandLists[${i}].commands[${j}].title`]).toBe(tr.commands[id].title);
        expect(trFile[`bots[0].commandLists[${i}].commands[${j}].description`]).toBe(tr.commands[id].description);
      });
    });
  });

  test('ships a 192×192 colour icon and a 32×32 outline icon that is white on transparent only', () => {
    const color = PNG.sync.read(entries['color.png']);
    const outline = PNG.sync.read(entries['outline.png']);
    expect([color.width, color.height, outline.width, outline.height]).toEqual([192, 192, 32, 32]);
    let drawn = 0;
    const offWhite: number[] = [];
    for (let i = 0; i < outline.data.length; i += 4) {
      if (outline.data[i + 3] === 0) continue;
      drawn++;
      if (outline.data[i] !== 255 || outline.data[i + 1] !== 255 || outline.data[i + 2] !== 255) offWhite.push(i / 4);
    }
    expect(offWhite).toEqual([]);
    expect(drawn).toBeGreaterThan(50);
    expect(drawn).toBeLessThan(32 * 32);
  });
});

describe('npm run package refuses, exits non-zero and writes no zip', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['a missing MicrosoftAppId', { BOT_DOMAIN: DOMAIN }, /MicrosoftAppId is not set/],
    ['a MicrosoftAppId that is not a GUID', { MicrosoftAppId: 'my-bot', BOT_DOMAIN: DOMAIN }, /MicrosoftAppId must be a GUID/],
    ['a missing BOT_DOMAIN', { MicrosoftAppId: APP_ID }, /BOT_DOMAIN is not set/],
    ['a BOT_DOMAIN with a scheme', { MicrosoftAppId: APP_ID, BOT_DOMAIN: `https://${DOMAIN}` }, /without scheme/],
    ['a BOT_DOMAIN with a path', { MicrosoftAppId: APP_ID, BOT_DOMAIN: `${DOMAIN}/api/messages` }, /host name like/],
  ];
  test.each(cases)('on %s', (name, env, message) => {
    const out = path.join(work, 'env', `${name.replace(/\W+/g, '-')}.zip`);
    const r = run(['--out', out], env);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  test('on a manifest that breaks the official schema, listing each error', () => {
    const dir = templateCopy('broken-schema');
    editJson(path.join(dir, 'manifest.json'), (m) => {
      m.accentColor = 'blue';
      m.unknownProperty = true;
    });
    const out = path.join(work, 'broken-schema.zip');
    const r = run(['--template', dir, '--out', out], goodEnv);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/accentColor must match pattern/);
    expect(r.err).toMatch(/additionalProperty":"unknownProperty"/);
    expect(existsSync(out)).toBe(false);
  });

  test('on a template with a placeholder it cannot fill', () => {
    const dir = templateCopy('unknown-placeholder');
    editJson(path.join(dir, 'manifest.json'), (m) => {
      m.version = '${{RELEASE}}';
    });
    const out = path.join(work, 'unknown-placeholder.zip');
    const r = run(['--template', dir, '--out', out], goodEnv);
    expect(r.code).toBe(1);
    expect(r.err).toContain('unknown placeholder ${{RELEASE}}');
    expect(r.err).toContain('manifest.json still contains a placeholder: ${{RELEASE}}');
    expect(existsSync(out)).toBe(false);
  });

  test('on a Turkish file that breaks the localization schema', () => {
    const dir = templateCopy('broken-tr');
    editJson(path.join(dir, 'tr.json'), (l) => {
      l['name.nickname'] = 'x';
    });
    const out = path.join(work, 'broken-tr.zip');
    const r = run(['--template', dir, '--out', out], goodEnv);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/tr\.json: .*additionalProperty":"name\.nickname"/);
    expect(existsSync(out)).toBe(false);
  });

  test('on an outline icon with colour in it', () => {
    const dir = templateCopy('colour-outline');
    const png = PNG.sync.read(readFileSync(path.join(dir, 'outline.png')));
    png.data.set([255, 0, 0, 255], (16 * 32 + 16) * 4);
    writeFileSync(path.join(dir, 'outline.png'), PNG.sync.write(png));
    const out = path.join(work, 'colour-outline.zip');
    const r = run(['--template', dir, '--out', out], goodEnv);
    expect(r.code).toBe(1);
    expect(r.err).toContain('white on transparent only; pixel (16, 16) is rgb(255,0,0)');
    expect(existsSync(out)).toBe(false);
  });
});

describe('npm run package -- --validate', () => {
  test('rejects a package whose command list is longer or wordier than Teams allows', () => {
    const good = path.join(work, 'for-validate.zip');
    expect(run(['--out', good], goodEnv).code).toBe(0);
    const zip = new AdmZip(good);
    const manifest = JSON.parse(zip.readAsText('manifest.json')) as Manifest;
    const list = manifest.bots[0].commandLists[0];
    list.commands = Array.from({ length: 11 }, (_, i) => ({ title: `command ${i}`, description: 'x' }));
    list.commands[0].title = 'a title that is longer than thirty-two characters';
    zip.updateFile('manifest.json', Buffer.from(JSON.stringify(manifest)));
    const bad = path.join(work, 'too-many.zip');
    zip.writeZip(bad);
    const r = run(['--validate', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('has 11 commands; Teams shows at most 10');
    expect(r.err).toContain('commands[0].title is 49 characters; Teams allows 32');
  });
});

describe('npm run package -- --check', () => {
  test('validates the templates without an environment and writes nothing', () => {
    const build = path.join(root, 'appPackage', 'build');
    const before = existsSync(build) ? readdirSync(build) : [];
    const r = run(['--check']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/valid .*nothing written/);
    expect(existsSync(build) ? readdirSync(build) : []).toEqual(before);
  });
});

describe('command lists', () => {
  test('a command for a scope the bot is not installed in is an error', () => {
    const errors: string[] = [];
    const lists = planCommandLists(['personal'], [{ id: 'x', pattern: 'x', audience: 'staff', scopes: ['personal', 'team'] }], errors);
    expect(lists).toEqual([{ scopes: ['personal'], ids: ['x'] }]);
    expect(errors).toEqual(['command "x" is listed for scope "team" but the bot is not installed there']);
  });
});
