/**
 * The tab's JSON API (/api/tab/…), as plain functions of a request: server.ts only hands requests
 * in and writes the answers. Every call but `config` is authenticated (bare 401), then checked
 * for the role it needs (403); bad input is a 400 and changes nothing. Ticket changes go through
 * the same policy, input parsing and `TicketService.act` as the card verbs, so the audit, the
 * race rules and the channel card's update are the card's own.
 */
import { createHash } from 'node:crypto';
import { Deps } from '../deps';
import { supportedLanguage, Language } from '../platform/config';
import { causeOf, errorCode } from '../platform/errors';
import { REMINDER_SENDER_ROLES } from '../reminders/chat/policy';
import { canWorkTickets } from '../tickets/domain/policy';
import { TabAuth, TabIdentity } from './auth';
import { dashboard } from './dashboard';
import { actOnTicket, agents, queue, ticket } from './handlers';
import {
  campaignRecipients,
  cancelCampaign,
  exportCampaign,
  getCampaign,
  listCampaigns,
  previewReminder,
  reminderOptions,
  sendReminder,
} from './reminders';
import type { TabConfig } from './types';
import type { TabCall, TabRequest, TabResponse } from './call';

export type { TabCall, TabRequest, TabResponse };

export const json = (status: number, body?: unknown): TabResponse => ({ status, body });

/** The language the caller reads: `Accept-Language`'s first supported tag, else the partner's default. */
function languageOf(req: TabRequest, fallback: Language): Language {
  const header = String(req.headers['accept-language'] ?? '');
  for (const part of header.split(',')) {
    const lang = supportedLanguage(part.split(';')[0].trim());
    if (lang) return lang;
  }
  return fallback;
}

/** Billing admins and admins: the reminder composer and campaigns (as the `remind` command). */
const sendsReminders = (w: TabIdentity) => w.roles.some((r) => REMINDER_SENDER_ROLES.includes(r));
const CAMPAIGN = '(r[0-9a-f]{15}|[^/]{1,40})';

const ROUTES: {
  method: string;
  path: RegExp;
  may: (who: TabIdentity) => boolean;
  run: (c: TabCall, m: RegExpMatchArray) => Promise<TabResponse>;
}[] = [
  {
    method: 'GET',
    path: /^me$/,
    may: (w) => w.roles.length > 0,
    run: async ({ who }) =>
      json(200, {
        id: who.id,
        name: who.name,
        roles: who.roles,
        local: who.local,
        canWork: canWorkTickets(who.roles),
        canSeeDashboard: who.roles.includes('admin'),
        canSendReminders: sendsReminders(who),
      }),
  },
  { method: 'GET', path: /^agents$/, may: (w) => canWorkTickets(w.roles), run: (c) => agents(c) },
  { method: 'GET', path: /^queue$/, may: (w) => canWorkTickets(w.roles), run: (c) => queue(c) },
  { method: 'GET', path: /^tickets\/([^/]{1,12})$/, may: (w) => canWorkTickets(w.roles), run: (c, m) => ticket(c, m[1]) },
  { method: 'POST', path: /^tickets\/([^/]{1,12})\/([A-Za-z]{1,20})$/, may: () => true, run: (c, m) => actOnTicket(c, m[1], m[2]) },
  { method: 'GET', path: /^dashboard$/, may: (w) => w.roles.includes('admin'), run: (c) => dashboard(c) },
  { method: 'GET', path: /^reminders\/options$/, may: sendsReminders, run: async (c) => reminderOptions(c) },
  { method: 'POST', path: /^reminders\/preview$/, may: sendsReminders, run: (c) => previewReminder(c) },
  { method: 'GET', path: /^reminders$/, may: sendsReminders, run: (c) => listCampaigns(c) },
  { method: 'POST', path: /^reminders$/, may: sendsReminders, run: (c) => sendReminder(c) },
  { method: 'GET', path: new RegExp(`^reminders/${CAMPAIGN}$`), may: sendsReminders, run: (c, m) => getCampaign(c, m[1]) },
  {
    method: 'GET',
    path: new RegExp(`^reminders/${CAMPAIGN}/recipients$`),
    may: sendsReminders,
    run: (c, m) => campaignRecipients(c, m[1]),
  },
  { method: 'GET', path: new RegExp(`^reminders/${CAMPAIGN}/export$`), may: sendsReminders, run: (c, m) => exportCampaign(c, m[1]) },
  { method: 'POST', path: new RegExp(`^reminders/${CAMPAIGN}/cancel$`), may: sendsReminders, run: (c, m) => cancelCampaign(c, m[1]) },
];

export class TabApi {
  constructor(
    private readonly deps: Deps,
    readonly auth: TabAuth,
  ) {}

  async handle(req: TabRequest): Promise<TabResponse> {
    try {
      const res = await this.route(req);
      return withEtag(req, res);
    } catch (err) {
      this.deps.log.error({ code: errorCode('TURN_FAILED'), event: 'tab.failed', path: req.path, err: causeOf(err) });
      return json(503, { error: 'Unavailable' });
    }
  }

  private async route(req: TabRequest): Promise<TabResponse> {
    if (req.method === 'GET' && req.path === 'config') return json(200, { mode: this.auth.local ? 'local' : 'teams' } satisfies TabConfig);
    if (req.method === 'GET' && req.path === 'local/identities') {
      return this.auth.local ? json(200, await this.auth.localIdentities()) : json(404, { error: 'NotFound' });
    }
    // A path may take several methods (GET and POST /reminders): the method picks, else 405.
    const route = ROUTES.find((r) => r.path.test(req.path) && r.method === req.method) ?? ROUTES.find((r) => r.path.test(req.path));
    // Unknown paths answer 404 only to a signed-in caller, so the API's shape is not probed anonymously.
    const auth = await this.auth.authenticate(req.headers);
    if (!auth.ok) return { status: 401 };
    if (!route) return json(404, { error: 'NotFound' });
    if (route.method !== req.method) return json(405, { error: 'MethodNotAllowed' });
    const who = auth.who;
    if (who.roles.length === 0 || !route.may(who)) {
      this.deps.log.info({ code: errorCode('FORBIDDEN'), event: 'tab.forbidden', path: req.path, by: who.id });
      return json(403, { error: 'Forbidden' });
    }
    const lang = languageOf(req, supportedLanguage(this.deps.config.DEFAULT_LOCALE) ?? 'en');
    return route.run({ deps: this.deps, who, lang, req }, req.path.match(route.path)!);
  }
}

/** A weak ETag over a GET's JSON answer; If-None-Match with it gets 304 (the tab polls with it). */
function withEtag(req: TabRequest, res: TabResponse): TabResponse {
  if (req.method !== 'GET' || res.status !== 200 || res.body === undefined) return res;
  const etag = `W/"${createHash('sha1').update(JSON.stringify(res.body)).digest('base64url')}"`;
  const headers = { ...res.headers, etag, 'cache-control': 'no-cache, private' };
  if (String(req.headers['if-none-match'] ?? '') === etag) return { status: 304, headers };
  return { ...res, headers };
}
