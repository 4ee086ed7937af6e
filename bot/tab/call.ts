/** One call of the tab's API, as the server hands it in and the handlers answer it (no restify here). */
import type { Deps } from '../deps';
import type { Language } from '../platform/config';
import type { TabIdentity } from './auth';

export interface TabRequest {
  method: string;
  /** The path below /api/tab/, without a leading slash. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body of a POST. */
  body?: unknown;
}

export interface TabResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TabCall {
  deps: Deps;
  who: TabIdentity;
  lang: Language;
  req: TabRequest;
}
