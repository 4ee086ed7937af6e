/** The Teams app package carries the tab: a personal tab on /tab/ and the SSO registration (webApplicationInfo), valid offline. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../bot/platform/paths';
import { readPackage } from '../../scripts/package-app';
import { buildIfNeeded } from '../helpers/serverProcess';

const APP_ID = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
const DOMAIN = 'helpdesk.contoso.example';
const root = repoRoot();
let work: string;

beforeAll(() => {
  buildIfNeeded();
  work = mkdtempSync(path.join(os.tmpdir(), 'tab-package-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('the package has the personal tab and webApplicationInfo for Teams SSO, named in each language, and passes validation', () => {
  const zip = path.join(work, 'app.zip');
  // The built CLI in a child process: @microsoft/app-manifest loads ESM-only modules jest cannot.
  const r = spawnSync(process.execPath, [path.join(root, 'dist/scripts/package-app.js'), '--out', zip], {
    cwd: root,
    env: { PATH: process.env.PATH, MicrosoftAppId: APP_ID, BOT_DOMAIN: DOMAIN },
    encoding: 'utf8',
  });
  expect([r.status, r.stderr]).toEqual([0, '']);
  const files = readPackage(zip);
  const manifest = JSON.parse(files['manifest.json'].toString('utf8')) as Record<string, unknown>;
  expect(manifest.staticTabs).toEqual([
    {
      entityId: 'helpdesk',
      name: 'Help desk',
      contentUrl: `https://${DOMAIN}/tab/`,
      websiteUrl: `https://${DOMAIN}/tab/`,
      scopes: ['personal'],
    },
  ]);
  expect(manifest.webApplicationInfo).toEqual({ id: APP_ID, resource: `api://${DOMAIN}/${APP_ID}` });
  expect((JSON.parse(files['tr.json'].toString('utf8')) as Record<string, string>)['staticTabs[0].name']).toBe('Yardım masası');
});
