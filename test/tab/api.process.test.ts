import { buildIfNeeded, ServerProcess, startServerProcess } from '../helpers/serverProcess';
import { EntraIssuer, KeyChoice } from './entraIssuer';

/**
 * The tab's API in the real server process, signed in the Teams SSO way: Entra ID tokens from a
 * local issuer that signs real RS256 tokens. Only a valid token of partner staff with the role
 * gets an answer; every other call is a bare 401 or a 403, and bad input a 400 — never a 5xx.
 */
const APP_ID = '5a1b2c3d-0000-4000-8000-00000000ab12';
const DOMAIN = 'helpdesk.example.test';
const PARTNER = '11111111-1111-4111-8111-111111111111';
const OTHER_TENANT = '22222222-2222-4222-8222-222222222222';
const AGENT = 'aaaaaaaa-0000-4000-8000-000000000002';
const BILLING = 'aaaaaaaa-0000-4000-8000-000000000005';
const NOBODY = 'aaaaaaaa-0000-4000-8000-000000000009';

let issuer: EntraIssuer;
let server: ServerProcess;

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
    BILLING_ADMINS: BILLING,
    TAB_OPENID_METADATA_URL: issuer.metadataUrl,
    // Rotation is tested right after the first fetch; Entra's cooldown would make it wait 30 s.
    TAB_JWKS_COOLDOWN_MS: '0',
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await issuer?.stop();
});

const now = () => Math.floor(Date.now() / 1000);

function claims(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: issuer.issuer,
    aud: `api://${DOMAIN}/${APP_ID}`,
    tid: PARTNER,
    oid: AGENT,
    name: 'Arda Agent',
    iat: now() - 60,
    nbf: now() - 60,
    exp: now() + 3600,
    ...over,
  };
}

async function token(over: Record<string, unknown> = {}, key: KeyChoice = 'current'): Promise<string> {
  return issuer.sign(claims(over), key);
}

async function call(
  path: string,
  auth: string | undefined,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { ...init.headers };
  if (auth !== undefined) headers.authorization = auth;
  const res = await fetch(`${server.url}/api/tab/${path}`, { method: init.method ?? 'GET', headers, body: init.body });
  return { status: res.status, text: await res.text() };
}

test('the tab signs in the Teams way in this configuration, and offers no local identities', async () => {
  expect(JSON.parse((await call('config', undefined)).text)).toEqual({ mode: 'teams' });
  expect((await call('local/identities', undefined)).status).toBe(404);
});

test('a valid token of a helpdesk agent reads who they are and the queue; the keys are fetched once and cached', async () => {
  const bearer = `Bearer ${await token()}`;
  const me = await call('me', bearer);
  expect(me.status).toBe(200);
  expect(JSON.parse(me.text)).toMatchObject({ id: AGENT, name: 'Arda Agent', roles: ['helpdesk-agent'], local: false, canWork: true });
  const before = await issuer.counts();
  for (let i = 0; i < 3; i++) expect((await call('queue', bearer)).status).toBe(200);
  expect(await issuer.counts()).toEqual(before);
});

test('a v2 token (audience = the app id) is accepted too', async () => {
  expect((await call('me', `Bearer ${await token({ aud: APP_ID })}`)).status).toBe(200);
});

describe('refused tokens: a bare 401', () => {
  const cases: [string, () => Promise<string | undefined>][] = [
    ['no Authorization header', async () => undefined],
    ['not a bearer token', async () => 'Basic YWxhZGRpbjpvcGVuc2VzYW1l'],
    ['garbage', async () => 'Bearer not.a.jwt'],
    ['expired', async () => `Bearer ${await token({ exp: now() - 600, iat: now() - 4000, nbf: now() - 4000 })}`],
    ['not yet valid', async () => `Bearer ${await token({ nbf: now() + 600 })}`],
    ['wrong audience', async () => `Bearer ${await token({ aud: 'api://elsewhere.example/00000000-0000-4000-8000-000000000000' })}`],
    ['wrong issuer', async () => `Bearer ${await token({ iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` })}`],
    ['another tenant (tid)', async () => `Bearer ${await token({ tid: OTHER_TENANT })}`],
    ['signed by a key the issuer never published', async () => `Bearer ${await token({}, 'unpublished')}`],
    ['no object id', async () => `Bearer ${await token({ oid: undefined })}`],
    ['a local identity header instead of a token', async () => undefined],
  ];
  test.each(cases)('%s', async (name, make) => {
    const auth = await make();
    const headers = name.startsWith('a local identity') ? { 'x-local-identity': AGENT } : undefined;
    for (const path of ['me', 'queue', 'tickets/1']) {
      const res = await call(path, auth, { headers });
      expect(res.status).toBe(401);
      expect(res.text).toBe('');
    }
    const post = await call('tickets/1/claim', auth, {
      method: 'POST',
      body: '{}',
      headers: { ...headers, 'content-type': 'application/json' },
    });
    expect(post.status).toBe(401);
  });
});

test('partner staff without a role, and staff without the role a call needs, get 403', async () => {
  const nobody = `Bearer ${await token({ oid: NOBODY, name: 'Sam Staff' })}`;
  expect((await call('me', nobody)).status).toBe(403);
  expect((await call('queue', nobody)).status).toBe(403);
  const billing = `Bearer ${await token({ oid: BILLING, name: 'Bilge Billing' })}`;
  expect((await call('me', billing)).status).toBe(200);
  expect((await call('queue', billing)).status).toBe(403);
  expect((await call('tickets/1', billing)).status).toBe(403);
  expect((await call('dashboard', billing)).status).toBe(403);
  expect((await call('dashboard', `Bearer ${await token()}`)).status).toBe(403);
  const claim = await call('tickets/1/claim', billing, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  expect(claim.status).toBe(403);
});

test('reminder calls: a billing admin\u2019s token gets them; an agent\u2019s is refused (403) and creates nothing; another tenant\u2019s is a 401', async () => {
  const billing = `Bearer ${await token({ oid: BILLING, name: 'Bilge Billing' })}`;
  const agent = `Bearer ${await token()}`;
  const json = { 'content-type': 'application/json' };
  const send = {
    method: 'POST',
    body: JSON.stringify({ template: 'overdue', audience: 'all', requestId: 'token-test-001' }),
    headers: json,
  };
  expect((await call('reminders/options', billing)).status).toBe(200);
  expect((await call('reminders', agent, send)).status).toBe(403);
  expect((await call('reminders/preview', agent, { ...send })).status).toBe(403);
  expect((await call('reminders', `Bearer ${await token({ oid: BILLING, tid: OTHER_TENANT })}`, send)).status).toBe(401);
  const bad = await call('reminders/preview', billing, { ...send, body: JSON.stringify({ template: 'overdue', audience: 'status:late' }) });
  expect(bad.status).toBe(400);
  expect(JSON.parse(bad.text).message).toMatch(/status:late is not an audience/);
  expect(JSON.parse((await call('reminders', billing)).text)).toEqual({ items: [] });
});

test('after the issuer rolls its key, tokens of the new key are accepted (keys fetched again) and the old key is refused', async () => {
  const old = `Bearer ${await token()}`;
  expect((await call('me', old)).status).toBe(200);
  const before = await issuer.counts();
  await issuer.rotate();
  expect((await call('me', `Bearer ${await token()}`)).status).toBe(200);
  expect((await issuer.counts()).keys).toBeGreaterThan(before.keys);
  expect((await call('me', `Bearer ${await token({}, 'retired')}`)).status).toBe(401);
});

test('bad input is a 400 (or 404/405/413/415), never a 5xx', async () => {
  const bearer = `Bearer ${await token()}`;
  const json = { 'content-type': 'application/json' };
  const cases: [string, { method?: string; body?: string; headers?: Record<string, string> }, number][] = [
    ['queue?priority=urgent', {}, 400],
    ['queue?status=open,bogus', {}, 400],
    ['queue?size=1000', {}, 400],
    ['queue?page=-1', {}, 400],
    ['queue?assignee=someone', {}, 400],
    [`queue?q=${'x'.repeat(300)}`, {}, 400],
    ['tickets/abc', {}, 400],
    ['tickets/99999', {}, 404],
    ['tickets/1/claim', { method: 'POST', body: '{not json', headers: json }, 400],
    ['tickets/1/claim', { method: 'POST', body: '[1,2]', headers: json }, 400],
    ['tickets/1/claim', { method: 'POST', body: '{}', headers: { 'content-type': 'text/plain' } }, 415],
    ['tickets/1/claim', { method: 'POST', body: JSON.stringify({ x: 'y'.repeat(70_000) }), headers: json }, 413],
    ['tickets/1/fly', { method: 'POST', body: '{}', headers: json }, 404],
    ['tickets/1/claim', { method: 'POST', body: '{}', headers: json }, 404],
    ['tickets/1/claim', {}, 405],
    ['nothing/here', {}, 404],
  ];
  for (const [path, init, status] of cases) {
    const res = await call(path, bearer, init);
    expect([path, res.status]).toEqual([path, status]);
  }
});

test('the server logged refused tokens as coded warnings and never the token itself', () => {
  const out = server.output();
  expect(out).toMatch(/"level":40[^\n]*"code":"BHD-007"[^\n]*tab\.auth\.refused/);
  expect(out).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\./);
});
