/** What every page shares: the API, the signed-in person, the translator, navigation, and polling. */
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import type { TabMe } from '../../bot/tab/types';
import type { Api } from './api';
import type { Lang } from './i18n';

export type Route =
  | { page: 'queue' }
  | { page: 'ticket'; number: number }
  | { page: 'dashboard' }
  | { page: 'remind' }
  | { page: 'campaigns' }
  | { page: 'campaign'; id: string };

/** `home`: no page named (the tab opened at its start), so the first page this person may use is shown. */
export function parseHash(hash: string): Route & { home?: boolean } {
  const ticket = /^#\/tickets\/(\d{1,9})$/.exec(hash);
  if (ticket) return { page: 'ticket', number: Number(ticket[1]) };
  const campaign = /^#\/campaigns\/(r[0-9a-f]{15})$/.exec(hash);
  if (campaign) return { page: 'campaign', id: campaign[1] };
  if (hash === '#/dashboard') return { page: 'dashboard' };
  if (hash === '#/remind') return { page: 'remind' };
  if (hash === '#/campaigns') return { page: 'campaigns' };
  return hash === '#/queue' ? { page: 'queue' } : { page: 'queue', home: true };
}

export function hrefOf(route: Route): string {
  if (route.page === 'ticket') return `#/tickets/${route.number}`;
  if (route.page === 'campaign') return `#/campaigns/${route.id}`;
  return `#/${route.page}`;
}

export interface Shell {
  api: Api;
  me: TabMe;
  t: TFunction;
  lang: Lang;
  navigate(route: Route): void;
}

export const ShellContext = createContext<Shell | undefined>(undefined);

export function useShell(): Shell {
  const s = useContext(ShellContext);
  if (!s) throw new Error('useShell outside the shell');
  return s;
}

/** The current hash route, following back/forward. */
export function useRoute(): Route & { home?: boolean } {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export interface Polled<T> {
  data: T | undefined;
  error: unknown;
  reload(): void;
}

/** Loads now, then again every `intervalMs` while the page is visible (GETs carry their ETag, so unchanged data costs little). */
export function usePoll<T>(load: () => Promise<T>, key: string, intervalMs = 10_000): Polled<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: unknown }>({ key });
  const loadRef = useRef(load);
  loadRef.current = load;
  const run = useCallback(() => {
    loadRef.current().then(
      (data) => setState({ key, data }),
      (error: unknown) => setState((s) => ({ key, data: s.key === key ? s.data : undefined, error })),
    );
  }, [key]);
  useEffect(() => {
    run();
    const timer = setInterval(() => {
      if (!document.hidden) run();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [run, intervalMs]);
  const current = state.key === key ? state : { data: undefined, error: undefined };
  return { data: current.data, error: current.error, reload: run };
}
