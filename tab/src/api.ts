/** Calls to the tab's API (/api/tab/…) with the caller's credentials; GETs remember their ETag for polling. */
import type { Lang } from './i18n';

export type Credentials = { kind: 'teams'; token: () => Promise<string> } | { kind: 'local'; id: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

const BASE = '/api/tab/';

export class Api {
  private readonly etags = new Map<string, { etag: string; body: unknown }>();

  constructor(
    private readonly credentials: Credentials,
    private readonly lang: Lang,
  ) {}

  private async headers(): Promise<Record<string, string>> {
    const h: Record<string, string> = { 'accept-language': this.lang };
    if (this.credentials.kind === 'local') h['x-local-identity'] = this.credentials.id;
    else h.authorization = `Bearer ${await this.credentials.token()}`;
    return h;
  }

  /** GET; when the answer has not changed since the last call, the same object again (so React skips the render). */
  async get<T>(path: string): Promise<T> {
    const headers = await this.headers();
    const known = this.etags.get(path);
    if (known) headers['if-none-match'] = known.etag;
    const res = await fetch(BASE + path, { headers });
    if (res.status === 304 && known) return known.body as T;
    const body = await readJson(res);
    if (!res.ok) throw new ApiError(res.status, body);
    const etag = res.headers.get('etag');
    if (etag) this.etags.set(path, { etag, body });
    return body as T;
  }

  /** POST; 200 and 409 (refused, with the current ticket) both answer with a body the caller reads. */
  async post<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
    const headers = { ...(await this.headers()), 'content-type': 'application/json' };
    const res = await fetch(BASE + path, { method: 'POST', headers, body: JSON.stringify(body) });
    const parsed = await readJson(res);
    if (res.status !== 200 && res.status !== 409 && res.status !== 400) throw new ApiError(res.status, parsed);
    return { status: res.status, body: parsed as T };
  }
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** Unauthenticated: how this tab signs in. */
export async function fetchConfig(): Promise<{ mode: 'local' | 'teams' }> {
  const res = await fetch(`${BASE}config`);
  if (!res.ok) throw new ApiError(res.status, undefined);
  return (await res.json()) as { mode: 'local' | 'teams' };
}

export async function fetchLocalIdentities(): Promise<{ id: string; name: string | null; roles: string[] }[]> {
  const res = await fetch(`${BASE}local/identities`);
  if (!res.ok) throw new ApiError(res.status, undefined);
  return (await res.json()) as { id: string; name: string | null; roles: string[] }[];
}
