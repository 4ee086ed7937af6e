/**
 * Who is calling the tab's API. In Teams: the Entra ID token of Teams SSO
 * (`authentication.getAuthToken()`), checked on every call — signature against the issuer's keys
 * (cached; fetched again for an unknown key id, at most once per cooldown), issuer, audience
 * `api://<BOT_DOMAIN>/<MicrosoftAppId>` (or the app id, as v2 tokens carry it), expiry, and the
 * partner tenant — then the person's roles from the store, as the bot reads them. In local mode
 * (no app id, not production) there is no token: the caller names one of the configured staff
 * identities instead, and nothing else is accepted.
 */
import type { JWTVerifyGetKey } from 'jose';
import { Config } from '../platform/config';
import { errorCode } from '../platform/errors';
import { isGuid } from '../platform/ids';
import { Logger } from '../platform/log';
import { Role, RoleService } from '../roles/service';
import { UserService } from '../platform/teams/users';
import type { LocalIdentity } from './types';

export interface TabIdentity {
  id: string;
  name: string | null;
  roles: Role[];
  local: boolean;
}

export type AuthResult = { ok: true; who: TabIdentity } | { ok: false };

/** The header a local-mode tab names its chosen identity in. */
export const LOCAL_IDENTITY_HEADER = 'x-local-identity';
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;
const MAX_TOKEN_CHARS = 16_000;
/** Clock skew allowed on exp/nbf, as Entra's own libraries do. */
const CLOCK_TOLERANCE_S = 120;

type Jose = typeof import('jose');
let jose: Promise<Jose> | undefined;
/** jose is ESM only: loaded on first use (never in local mode), by Node's require of ES modules. */
function loadJose(): Promise<Jose> {
  jose ??= import('jose');
  return jose;
}

interface Keys {
  issuers: string[];
  jwks: JWTVerifyGetKey;
}

/** Whether the tab runs without SSO: no app id and not production (the bot's own local mode). */
export function isLocalTab(config: Config): boolean {
  return !config.MicrosoftAppId && config.NODE_ENV !== 'production';
}

export class TabAuth {
  private keys: Promise<Keys> | undefined;
  readonly local: boolean;

  constructor(
    private readonly config: Config,
    private readonly roles: RoleService,
    private readonly users: UserService,
    private readonly log: Logger,
  ) {
    this.local = isLocalTab(config);
  }

  /** The OpenID configuration the tokens are checked against. */
  get metadataUrl(): string {
    return (
      this.config.TAB_OPENID_METADATA_URL ??
      `https://login.microsoftonline.com/${this.config.PARTNER_TENANT_ID ?? 'common'}/v2.0/.well-known/openid-configuration`
    );
  }

  /** The audiences a token for this tab carries: the Application ID URI, or (v2 tokens) the app id. */
  get audiences(): string[] {
    const appId = this.config.MicrosoftAppId ?? '';
    return this.config.BOT_DOMAIN ? [`api://${this.config.BOT_DOMAIN}/${appId}`, appId] : [appId];
  }

  /** The configured staff identities a local-mode tab may act as (ADMINS, HELPDESK_AGENTS, BILLING_ADMINS). */
  async localIdentities(): Promise<LocalIdentity[]> {
    if (!this.local) return [];
    const ids = [...new Set([...this.config.ADMINS, ...this.config.HELPDESK_AGENTS, ...this.config.BILLING_ADMINS])];
    const tenant = this.config.PARTNER_TENANT_ID;
    return Promise.all(
      ids.map(async (id) => ({
        id,
        name: (tenant ? (await this.users.get(tenant, id))?.name : undefined) ?? null,
        roles: await this.roles.rolesOf(id),
      })),
    );
  }

  /** Checks the caller of one API call; a failure is only logged (the caller gets a bare 401). */
  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<AuthResult> {
    if (this.local) {
      const id = String(headers[LOCAL_IDENTITY_HEADER] ?? '');
      const known = (await this.localIdentities()).find((x) => x.id === id);
      if (!known) return this.refuse('unknown local identity');
      return { ok: true, who: { id: known.id, name: known.name, roles: known.roles as Role[], local: true } };
    }
    const raw = String(headers.authorization ?? '');
    const m = raw.length <= MAX_TOKEN_CHARS ? BEARER.exec(raw) : null;
    if (!m) return this.refuse('no bearer token');
    if (!this.config.MicrosoftAppId || !this.config.PARTNER_TENANT_ID) return this.refuse('tab sign-in is not configured');
    let payload: Record<string, unknown>;
    try {
      const { jwtVerify } = await loadJose();
      const keys = await this.signingKeys();
      ({ payload } = await jwtVerify(m[1], keys.jwks, {
        issuer: keys.issuers,
        audience: this.audiences,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'tid', 'oid'],
        clockTolerance: CLOCK_TOLERANCE_S,
      }));
    } catch (err) {
      return this.refuse((err as { code?: string }).code ?? (err as Error).name ?? 'invalid token');
    }
    if (payload.tid !== this.config.PARTNER_TENANT_ID) return this.refuse('another tenant');
    const oid = typeof payload.oid === 'string' ? payload.oid : '';
    if (!isGuid(oid)) return this.refuse('no object id');
    const name = typeof payload.name === 'string' ? payload.name.slice(0, 200) : null;
    return { ok: true, who: { id: oid, name, roles: await this.roles.rolesOf(oid), local: false } };
  }

  /** The issuer's metadata and key set, fetched once (again after a failure); jose caches and refreshes the keys. */
  private signingKeys(): Promise<Keys> {
    this.keys ??= this.fetchKeys().catch((err: unknown) => {
      this.keys = undefined;
      this.log.warn({
        code: errorCode('AUTH_UNAVAILABLE'),
        event: 'tab.auth.metadata',
        url: this.metadataUrl,
        reason: (err as Error).message,
      });
      throw err;
    });
    return this.keys;
  }

  private async fetchKeys(): Promise<Keys> {
    const { createRemoteJWKSet } = await loadJose();
    const res = await fetch(this.metadataUrl, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`OpenID metadata answered ${res.status}`);
    const meta = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (typeof meta.issuer !== 'string' || typeof meta.jwks_uri !== 'string') throw new Error('OpenID metadata lacks issuer or jwks_uri');
    const tenant = this.config.PARTNER_TENANT_ID ?? '';
    const issuer = meta.issuer.replace('{tenantid}', tenant);
    // Tokens of an app registration without accessTokenAcceptedVersion=2 are v1, issued by sts.windows.net.
    const issuers = this.config.TAB_OPENID_METADATA_URL ? [issuer] : [issuer, `https://sts.windows.net/${tenant}/`];
    const jwks = createRemoteJWKSet(new URL(meta.jwks_uri), {
      cooldownDuration: this.config.TAB_JWKS_COOLDOWN_MS,
      timeoutDuration: 10_000,
    });
    return { issuers, jwks };
  }

  private refuse(reason: string): AuthResult {
    this.log.warn({ code: errorCode('AUTH_FAILED'), event: 'tab.auth.refused', reason });
    return { ok: false };
  }
}
