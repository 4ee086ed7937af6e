/**
 * The tab hosted the way Teams hosts it: a same-origin host page frames /tab/ and answers the
 * teams-js messages as Teams does (initialize, getContext, authentication.getAuthToken, theme
 * changes), against the real server in SSO mode and a local Entra ID issuer. The tab signs in
 * with the SSO token, speaks the context's language, follows theme changes live, and turns a
 * refused token into the "staff only" notice.
 */
import os from 'node:os';
import path from 'node:path';
import { FrameLocator, Page } from 'playwright-core';
import { Chromium, launchChromium } from '../helpers/chromium';
import { buildIfNeeded, ServerProcess, startServerProcess } from '../helpers/serverProcess';
import { EntraIssuer } from '../tab/entraIssuer';

jest.setTimeout(150_000);

const APP_ID = '5a1b2c3d-0000-4000-8000-00000000ab12';
const DOMAIN = 'helpdesk.example.test';
const PARTNER = '11111111-1111-4111-8111-111111111111';
const AGENT = 'aaaaaaaa-0000-4000-8000-000000000002';

let issuer: EntraIssuer;
let server: ServerProcess;
let browser: Chromium;

/** A page standing in for Teams: it frames the tab and answers its teams-js calls. */
function hostPage(token: string, locale: string): string {
  return `<!doctype html><html lang="en"><head><title>Teams (test host)</title></head><body style="margin:0">
<iframe id="tab" title="Help desk" src="/tab/" style="width:1380px;height:880px;border:0"></iframe>
<script>
const frame = document.getElementById('tab');
window.calls = [];
window.addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow) return;
  const m = e.data;
  if (!m || typeof m.func !== 'string') return;
  window.calls.push(m.func);
  const reply = (args) => frame.contentWindow.postMessage({ id: m.id, uuidAsString: m.uuidAsString, args }, '*');
  if (m.func === 'initialize')
    return reply(['content', 'web', JSON.stringify({ apiVersion: 4, supports: { app: {}, pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} }, teamsCore: {} } }), '2.58.0']);
  if (m.func === 'getContext')
    return reply([{ locale: ${JSON.stringify(locale)}, theme: 'default', entityId: 'helpdesk', tid: '${PARTNER}', userObjectId: '${AGENT}', frameContext: 'content', hostClientType: 'web', appSessionId: 'session-1' }]);
  if (m.func === 'authentication.getAuthToken') return reply([true, ${JSON.stringify(token)}]);
  return reply([]);
});
window.changeTheme = (theme) => frame.contentWindow.postMessage({ func: 'themeChange', args: [theme] }, '*');
</script></body></html>`;
}

async function openInHost(token: string, locale: string): Promise<{ page: Page; tab: FrameLocator }> {
  const page = await browser.context.newPage();
  await page.route(`${server.url}/teams-host.html`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: hostPage(token, locale) }),
  );
  await page.goto(`${server.url}/teams-host.html`);
  return { page, tab: page.frameLocator('#tab') };
}

function claims(over: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: issuer.issuer,
    aud: `api://${DOMAIN}/${APP_ID}`,
    tid: PARTNER,
    oid: AGENT,
    name: 'Arda Agent',
    iat: now - 60,
    nbf: now - 60,
    exp: now + 3600,
    ...over,
  };
}

beforeAll(async () => {
  buildIfNeeded();
  issuer = await EntraIssuer.start(PARTNER);
  server = await startServerProcess({
    MicrosoftAppId: APP_ID,
    MicrosoftAppType: 'UserAssignedMSI',
    MicrosoftAppTenantId: PARTNER,
    BOT_DOMAIN: DOMAIN,
    PARTNER_TENANT_ID: PARTNER,
    HELPDESK_AGENTS: AGENT,
    HOST: '127.0.0.1',
    TAB_OPENID_METADATA_URL: issuer.metadataUrl,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await issuer?.stop();
});

test('in Teams: signed in with the SSO token, in the context\u2019s language, following theme changes live', async () => {
  const { page, tab } = await openInHost(await issuer.sign(claims()), 'tr-TR');
  await tab.getByRole('heading', { name: 'Talep kuyruğu' }).waitFor();
  await tab.getByText('Arda Agent').first().waitFor();
  // No local-mode banner inside Teams.
  expect(await tab.getByText('Yerel mod').count()).toBe(0);
  await tab.locator('[data-theme="default"]').waitFor();
  await page.evaluate("window.changeTheme('dark')");
  await tab.locator('[data-theme="dark"]').waitFor();
  await page.screenshot({ path: path.join(os.tmpdir(), 'tab-e2e-teams-dark.png') });
  await page.evaluate("window.changeTheme('contrast')");
  await tab.locator('[data-theme="contrast"]').waitFor();
  const calls = (await page.evaluate('window.calls')) as string[];
  expect(calls).toEqual(expect.arrayContaining(['initialize', 'getContext', 'authentication.getAuthToken']));
  await page.close();
});

test('in Teams with a token the API refuses (expired), the tab says it is for the help desk\u2019s staff', async () => {
  const now = Math.floor(Date.now() / 1000);
  const { page, tab } = await openInHost(await issuer.sign(claims({ exp: now - 600, iat: now - 4000, nbf: now - 4000 })), 'en-US');
  await tab.getByText('This tab is for the help desk').waitFor();
  await page.close();
});
