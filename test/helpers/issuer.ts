import path from 'node:path';
import { Child } from '../e2e/processes';

export type SignMode = 'good' | 'other' | 'none' | 'hs256-public';

/**
 * A local OpenID/JWKS issuer that signs real RS256 tokens (test/helpers/openidIssuer.mjs, its own
 * process). Point the bot's ToBotFromChannelOpenIdMetadataUrl / ToBotFromChannelTokenIssuer at it.
 */
export class LocalIssuer {
  readonly issuer = 'https://api.botframework.test';

  private constructor(
    private readonly child: Child,
    readonly url: string,
  ) {}

  static async start(): Promise<LocalIssuer> {
    const child = new Child('issuer', process.execPath, [path.join(__dirname, 'openidIssuer.mjs')], {
      cwd: __dirname,
      env: { PATH: process.env.PATH, ISSUER: 'https://api.botframework.test' },
    });
    const m = await child.waitForOutput(/issuer listening on (http:\/\/\S+)/, 15000);
    return new LocalIssuer(child, m[1]);
  }

  get metadataUrl(): string {
    return `${this.url}/.well-known/openid-configuration`;
  }

  /** Claims of a valid channel token for this bot and service URL, five minutes old, valid for an hour. */
  validClaims(appId: string, serviceUrl: string): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return { iss: this.issuer, aud: appId, serviceurl: serviceUrl, iat: now - 300, nbf: now - 300, exp: now + 3600 };
  }

  async sign(claims: Record<string, unknown>, mode: SignMode = 'good'): Promise<string> {
    const res = await fetch(`${this.url}/sign`, { method: 'POST', body: JSON.stringify({ claims, mode }) });
    const body = (await res.json()) as { token?: string; error?: string };
    if (!body.token) throw new Error(`issuer could not sign: ${body.error}`);
    return body.token;
  }

  /** How often the bot fetched metadata, keys and outbound tokens. */
  async counts(): Promise<{ metadata: number; keys: number; msi: number }> {
    return (await (await fetch(`${this.url}/counts`)).json()) as { metadata: number; keys: number; msi: number };
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}
