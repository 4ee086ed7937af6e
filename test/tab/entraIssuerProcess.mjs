// A local stand-in for Entra ID's token service, run as its own process (jose is ESM only, jest
// loads CommonJS): OpenID configuration and JWKS as login.microsoftonline.com serves them, real
// RS256 tokens signed on POST /sign, and POST /rotate, which replaces the signing key with a new
// one under a new key id (as Entra rolls its keys), so the API must fetch the keys again.
import http from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

const ISSUER = process.env.ISSUER ?? 'https://login.microsoftonline.test/tenant/v2.0';
let generation = 0;
let current = await newKey();
let retired = undefined;
let base = '';
const counts = { metadata: 0, keys: 0 };

async function newKey() {
  generation++;
  const pair = await generateKeyPair('RS256', { extractable: true });
  const kid = `entra-key-${generation}`;
  return { kid, privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid, use: 'sig', alg: 'RS256' } };
}

/** @param {{claims: Record<string, unknown>, key?: 'current' | 'retired' | 'unpublished'}} req */
async function sign({ claims, key = 'current' }) {
  const k = key === 'retired' ? retired : key === 'unpublished' ? await newKey() : current;
  if (!k) throw new Error('no retired key yet');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: k.kid }).sign(k.privateKey);
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
      if (req.method === 'GET' && url.pathname === '/v2.0/.well-known/openid-configuration') {
        counts.metadata++;
        return json(200, { issuer: ISSUER, jwks_uri: `${base}/discovery/v2.0/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      }
      if (req.method === 'GET' && url.pathname === '/discovery/v2.0/keys') {
        counts.keys++;
        return json(200, { keys: [current.jwk] });
      }
      if (req.method === 'GET' && url.pathname === '/counts') return json(200, counts);
      if (req.method === 'POST' && url.pathname === '/rotate') {
        retired = current;
        current = await newKey();
        return json(200, { kid: current.kid });
      }
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
  process.stdout.write(`entra issuer listening on ${base}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
