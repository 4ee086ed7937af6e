import { LocalConnector } from '../harness/connector';
import { LocalIssuer, SignMode } from '../helpers/issuer';
import { buildIfNeeded, ServerProcess, startServerProcess } from '../helpers/serverProcess';

/**
 * Channel authentication in the real server process, against a local OpenID/JWKS issuer that
 * signs real tokens: only a valid token for this bot and this serviceUrl gets a turn; every
 * other one gets a bare 401, changes nothing, sends nothing, and leaves one coded log line.
 */
const APP_ID = '5a1b2c3d-0000-4000-8000-00000000b07a';
const TENANT = '44444444-4444-4444-8444-444444444444';

let issuer: LocalIssuer;
let connector: LocalConnector;
let server: ServerProcess;

beforeAll(async () => {
  buildIfNeeded();
  issuer = await LocalIssuer.start();
  connector = new LocalConnector();
  await connector.start();
  server = await startServerProcess({
    MicrosoftAppId: APP_ID,
    // Managed identity: the outbound token comes from the issuer's App Service-style endpoint.
    MicrosoftAppType: 'UserAssignedMSI',
    MicrosoftAppTenantId: TENANT,
    IDENTITY_ENDPOINT: `${issuer.url}/msi/token`,
    IDENTITY_HEADER: 'local-test',
    ToBotFromChannelOpenIdMetadataUrl: issuer.metadataUrl,
    ToBotFromChannelTokenIssuer: issuer.issuer,
  });
}, 90_000);

afterAll(async () => {
  await server?.stop();
  await connector?.stop();
  await issuer?.stop();
});

let seq = 0;
function activity(): Record<string, unknown> {
  const id = `auth-${++seq}`;
  return {
    type: 'message',
    id,
    channelId: 'msteams',
    serviceUrl: connector.url,
    locale: 'en-US',
    text: 'where is my invoice?',
    from: { id: '29:visitor', aadObjectId: 'dddddddd-0000-4000-8000-0000000000a1', name: 'Visitor' },
    recipient: { id: `28:${APP_ID}`, name: 'Billing Help Desk' },
    conversation: { id: `a:auth-${id}`, conversationType: 'personal', tenantId: 'not-a-customer' },
    channelData: { tenant: { id: 'not-a-customer' } },
  };
}

async function post(body: Record<string, unknown>, token?: string): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
}

test('the server warns at start that channel tokens are checked against a non-default issuer', () => {
  expect(server.output()).toMatch(/"level":40[^\n]*ToBotFromChannel/);
});

test('a valid channel token is accepted and the reply reaches the connector', async () => {
  const a = activity();
  const token = await issuer.sign(issuer.validClaims(APP_ID, connector.url));
  const res = await post(a, token);
  expect(res.status).toBe(200);
  const reply = await connector.waitFor((s) => s.replyToId === a.id, 15000);
  expect(JSON.stringify(reply.body)).toMatch(/only|customers/i);
});

describe('refused tokens: 401 with no detail, nothing sent, a coded warning, nothing on the console', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const cases: Array<[string, () => Promise<string | undefined>]> = [
    ['no token', async () => undefined],
    ['forged signature (another key, same kid)', () => issuer.sign(issuer.validClaims(APP_ID, connector.url), 'other')],
    ['expired', () => issuer.sign({ ...issuer.validClaims(APP_ID, connector.url), iat: now() - 7200, exp: now() - 3600 })],
    ['not yet valid', () => issuer.sign({ ...issuer.validClaims(APP_ID, connector.url), nbf: now() + 3600 })],
    ['wrong audience', () => issuer.sign({ ...issuer.validClaims(APP_ID, connector.url), aud: 'someone-else' })],
    ['wrong issuer', () => issuer.sign({ ...issuer.validClaims(APP_ID, connector.url), iss: 'https://evil.example' })],
    ['alg none', () => issuer.sign(issuer.validClaims(APP_ID, connector.url), 'none' satisfies SignMode)],
    ['HS256 signed with the public key', () => issuer.sign(issuer.validClaims(APP_ID, connector.url), 'hs256-public')],
    ['serviceurl claim of another service', () => issuer.sign(issuer.validClaims(APP_ID, 'https://smba.trafficmanager.net/evil/'))],
  ];

  const refusals = () => server.output().match(/"level":40[^\n]*"code":"BHD-007"/g)?.length ?? 0;

  test.each(cases)('%s', async (_name, makeToken) => {
    const before = server.output().length;
    const logged = refusals();
    const a = activity();
    const res = await post(a, await makeToken());
    expect(res.status).toBe(401);
    expect(res.text).not.toMatch(/Unauthorized|jwt|token|signature|audience|issuer|Error/i);
    // The bot has nothing in flight for this activity: a reply would have been sent during the turn.
    expect(connector.sent.filter((s) => s.conversationId === (a.conversation as { id: string }).id)).toEqual([]);
    // The log line may follow the response by a moment.
    for (let waited = 0; refusals() === logged && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(refusals()).toBe(logged + 1);
    const printed = server.output().slice(before);
    // Only structured log lines: no stack trace or key dump from the SDK's console.error.
    expect(printed).not.toMatch(/^\s+at |Error finding key|BEGIN RSA/m);
    for (const line of printed.split('\n').filter((l) => l.trim().length > 0)) expect(() => JSON.parse(line)).not.toThrow();
  });
});
