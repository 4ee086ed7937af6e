// A local stand-in for the Bot Framework's token services, run as its own process (jose is ESM
// only, jest loads CommonJS). It serves what the SDK fetches to validate channel tokens
// (OpenID configuration and JWKS, the key endorsed for msteams like Microsoft's), signs test
// tokens on POST /sign, and answers the bot's own outbound token requests as App Service's
// managed-identity endpoint would (IDENTITY_ENDPOINT), so replies reach a local connector.
import { createPublicKey } from 'node:crypto';
import http from 'node:http';
import { base64url, exportJWK, generateKeyPair, SignJWT } from 'jose';

const ISSUER = process.env.ISSUER ?? 'https://api.botframework.test';
const KID = 'local-test-key';
const good = await generateKeyPair('RS256', { extractable: true });
const other = await generateKeyPair('RS256', { extractable: true });
const publicJwk = { ...(await exportJWK(good.publicKey)), kid: KID, use: 'sig', alg: 'RS256', endorsements: ['msteams'] };
// The PEM the SDK builds from the JWKS modulus and exponent: the classic HS256 confusion secret.
const publicPem = createPublicKey({ key: publicJwk, format: 'jwk' }).export({ type: 'pkcs1', format: 'pem' });
let base = '';
const counts = { metadata: 0, keys: 0, msi: 0 };

/** @param {{claims: Record<string, unknown>, mode?: string, kid?: string}} req */
async function sign({ claims, mode = 'good', kid = KID }) {
  if (mode === 'none') {
    const enc = (o) => base64url.encode(JSON.stringify(o));
    return `${enc({ alg: 'none', typ: 'JWT', kid })}.${enc(claims)}.`;
  }
  if (mode === 'hs256-public') {
    return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid }).sign(new TextEncoder().encode(publicPem));
  }
  const key = mode === 'other' ? other.privateKey : good.privateKey;
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(key);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const url = new URL(req.url ?? '/', base);
    const json = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
        counts.metadata++;
        return json(200, { issuer: ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      }
      if (req.method === 'GET' && url.pathname === '/keys') {
        counts.keys++;
        return json(200, { keys: [publicJwk] });
      }
      if (req.method === 'GET' && url.pathname === '/msi/token') {
        counts.msi++;
        const expiresOn = Math.floor(Date.now() / 1000) + 3600;
        return json(200, {
          access_token: 'local-outbound-token',
          expires_on: String(expiresOn),
          resource: url.searchParams.get('resource'),
          token_type: 'Bearer',
          client_id: url.searchParams.get('client_id'),
        });
      }
      if (req.method === 'GET' && url.pathname === '/counts') return json(200, counts);
      if (req.method === 'POST' && url.pathname === '/sign') {
        return json(200, { token: await sign(JSON.parse(Buffer.concat(chunks).toString('utf8'))) });
      }
      return json(404, {});
    } catch (err) {
      return json(500, { error: String(err) });
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  base = `http://127.0.0.1:${server.address().port}`;
  process.stdout.write(`issuer listening on ${base}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
