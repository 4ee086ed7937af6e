import path from 'node:path';
import { Child } from '../e2e/processes';

export type KeyChoice = 'current' | 'retired' | 'unpublished';

/**
 * A local Entra ID token service (test/tab/entraIssuerProcess.mjs, its own process) that signs real RS256
 * tokens and can roll its signing key. Point the bot's TAB_OPENID_METADATA_URL at `metadataUrl`.
 */
export class EntraIssuer {
  private constructor(
    private readonly child: Child,
    readonly url: string,
    readonly issuer: string,
  ) {}

  static async start(tenantId: string): Promise<EntraIssuer> {
    const issuer = `https://login.microsoftonline.com/${tenantId}/v2.0`;
    const child = new Child('entra issuer', process.execPath, [path.join(__dirname, 'entraIssuerProcess.mjs')], {
      cwd: __dirname,
      env: { PATH: process.env.PATH, ISSUER: issuer },
    });
    const m = await child.waitForOutput(/entra issuer listening on (http:\/\/\S+)/, 15000);
    return new EntraIssuer(child, m[1], issuer);
  }

  get metadataUrl(): string {
    return `${this.url}/v2.0/.well-known/openid-configuration`;
  }

  async sign(claims: Record<string, unknown>, key: KeyChoice = 'current'): Promise<string> {
    const res = await fetch(`${this.url}/sign`, { method: 'POST', body: JSON.stringify({ claims, key }) });
    const body = (await res.json()) as { token?: string; error?: string };
    if (!body.token) throw new Error(`issuer could not sign: ${body.error}`);
    return body.token;
  }

  /** Replaces the signing key (new key id); the old one is no longer published. */
  async rotate(): Promise<void> {
    await fetch(`${this.url}/rotate`, { method: 'POST' });
  }

  async counts(): Promise<{ metadata: number; keys: number }> {
    return (await (await fetch(`${this.url}/counts`)).json()) as { metadata: number; keys: number };
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}
