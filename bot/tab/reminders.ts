/**
 * The tab's reminder calls (billing admins and admins; the route checks the role on every call):
 * the composer's preview and send, the campaigns list, a campaign with a page of its recipients,
 * its CSV export and cancel. Input is read by the composer card's own parser and every change is
 * a `ReminderService` call, as the `remind` command and the CLI make it.
 */
import type { CampaignRequest } from '../../cards/reminders/preview';
import { MAX_AUDIENCE_CHARS, MAX_NOTE_CHARS, remindersT } from '../../cards/reminders/common';
import { SUPPORTED_LANGUAGES } from '../platform/config';
import { cardInLanguage } from '../platform/teams/cardMessage';
import { badAudience, parseRequest } from '../reminders/chat/input';
import { previewSamples } from '../reminders/chat/samples';
import { isReminderError, ReminderError } from '../reminders/domain/errors';
import type { RecipientDoc } from '../reminders/documents';
import { exportCsv } from '../reminders/export';
import { Campaign, CampaignCounts, CampaignOrigin, REMINDER_TEMPLATES } from '../reminders/model';
import type { TabCall, TabResponse } from './call';
import type {
  CampaignExport,
  CampaignsResponse,
  RecipientsResponse,
  ReminderActionResponse,
  ReminderOptions,
  ReminderPreview,
  TabCampaign,
  TabRecipient,
} from './types';

const json = (status: number, body?: unknown): TabResponse => ({ status, body });
const bad = (message: string): TabResponse => json(400, { error: 'BadRequest', message });

const MAX_LIST = 50;
const MAX_RECIPIENT_PAGE = 100;
const CAMPAIGN_ID = /^r[0-9a-f]{15}$/;
const REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;
const MAX_CURSOR_CHARS = 300;

/** Card and service messages are markdown for Teams; the tab shows plain text. */
const plain = (s: string) => s.replace(/\*\*/g, '');

function originOf(c: TabCall): CampaignOrigin {
  return { kind: 'staff', userKey: c.who.id, ...(c.who.name ? { name: c.who.name.slice(0, 100) } : {}) };
}

export function campaignView(campaign: Campaign, counts: CampaignCounts): TabCampaign {
  const o = campaign.origin;
  return {
    id: campaign.id,
    template: campaign.template,
    audience: campaign.audience,
    note: campaign.note ?? null,
    sendAt: campaign.sendAt ?? null,
    status: campaign.status,
    origin: o.kind,
    by: o.kind === 'staff' ? (o.name ?? o.userKey) : null,
    createdAt: campaign.createdAt,
    finishedAt: campaign.finishedAt ?? null,
    customers: campaign.customers,
    recipients: campaign.recipients,
    unreachable: campaign.unreachable,
    counts: { ...counts, estimatedFinish: counts.estimatedFinish ?? null },
  };
}

function recipientView(r: RecipientDoc): TabRecipient {
  return {
    id: r.rid,
    tenantId: r.tenantId,
    customerName: r.customerName,
    name: r.name ?? null,
    locale: r.locale,
    state: r.state,
    attempts: r.attempts,
    lastStatus: r.lastStatus ?? null,
    sentAt: r.sentAt ?? null,
    acks: r.acks.map((a) => ({
      kind: a.kind,
      at: a.at,
      paidOn: a.paidOn ?? null,
      reference: a.reference ?? null,
      ticketNumber: a.ticketNumber ?? null,
    })),
  };
}

/** A refusal of the service, worded in the caller's language (400 bad input, 404, 409 refused). */
function refusal(c: TabCall, err: ReminderError, audience = ''): TabResponse {
  const t = remindersT(c.deps.i18n, c.lang);
  const message = (status: number, text: string) => json(status, { ok: false, message: plain(text) } satisfies ReminderActionResponse);
  switch (err.key) {
    case 'REMINDER_BAD_AUDIENCE':
    case 'REMINDER_UNKNOWN_TENANT':
      return message(400, badAudience(t, audience));
    case 'REMINDER_BAD_TEMPLATE':
      return message(400, t('staff.badTemplate'));
    case 'REMINDER_BAD_SEND_AT':
      return message(400, t('staff.badSendAt'));
    case 'REMINDER_BAD_NOTE':
      return message(400, t('staff.noteTooLong', { max: MAX_NOTE_CHARS }));
    case 'REMINDER_NOT_FOUND':
      return message(404, t('staff.notFound'));
    case 'REMINDER_NOT_CANCELLABLE':
      return message(409, t('staff.alreadyFinished'));
    default:
      throw err;
  }
}

/** The body as the composer card's data, read by the card's parser (same checks, same words). */
function readBody(c: TabCall): { error: TabResponse } | { data: Record<string, unknown>; request: CampaignRequest } {
  const body = c.req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { error: bad('a JSON object expected') };
  const data = body as Record<string, unknown>;
  const t = remindersT(c.deps.i18n, c.lang);
  const parsed = parseRequest(data, t, { timeZone: c.deps.hours.timeZone, now: c.deps.reminderChat.now(), lang: c.lang });
  if (!parsed.ok) return { error: json(400, { ok: false, message: plain(parsed.problem) } satisfies ReminderActionResponse) };
  return { data, request: parsed.value };
}

export function reminderOptions(c: TabCall): TabResponse {
  const body: ReminderOptions = {
    templates: [...REMINDER_TEMPLATES],
    languages: [...SUPPORTED_LANGUAGES],
    timeZone: c.deps.hours.timeZone,
    maxNoteChars: MAX_NOTE_CHARS,
    maxAudienceChars: MAX_AUDIENCE_CHARS,
  };
  return json(200, body);
}

export async function previewReminder(c: TabCall): Promise<TabResponse> {
  const read = readBody(c);
  if ('error' in read) return read.error;
  try {
    const { counts, sample, samples } = await previewSamples(c.deps, read.request);
    const body: ReminderPreview = {
      customers: counts.customers,
      recipients: counts.recipients,
      unreachable: counts.unreachable.map((u) => u.name),
      languages: counts.languages,
      sampleCompany: sample?.name ?? null,
      // What the sender sends: the card in the reader's language, its buttons carrying it.
      samples: samples.map((s) => ({ lang: s.lang, card: cardInLanguage(s.card, s.lang) as unknown as Record<string, unknown> })),
    };
    return json(200, body);
  } catch (err) {
    if (!isReminderError(err)) throw err;
    return refusal(c, err, read.request.audience);
  }
}

export async function sendReminder(c: TabCall): Promise<TabResponse> {
  const read = readBody(c);
  if ('error' in read) return read.error;
  const requestId = read.data.requestId;
  if (typeof requestId !== 'string' || !REQUEST_ID.test(requestId)) return bad('requestId (8–64 letters, digits, - or _) expected');
  const { deps } = c;
  const t = remindersT(deps.i18n, c.lang);
  try {
    // Counted here, not taken from the client: nobody reachable means nothing to send.
    const counts = await deps.reminders.preview(read.request.template, read.request.audience);
    if (counts.recipients === 0)
      return json(400, { ok: false, message: plain(t('preview.noRecipients')) } satisfies ReminderActionResponse);
    // Namespaced by the caller, so one person's request id never finds another's campaign.
    const campaign = await deps.reminders.create({ ...read.request, origin: originOf(c), requestId: `tab:${c.who.id}:${requestId}` });
    deps.log.info({
      event: 'reminders.campaignStarted',
      via: 'tab',
      campaignId: campaign.id,
      template: campaign.template,
      recipients: campaign.recipients,
      scheduled: campaign.status === 'scheduled',
      by: c.who.id,
    });
    const view = campaignView(campaign, await deps.reminders.counts(campaign.id));
    return json(200, { ok: true, message: '', campaign: view } satisfies ReminderActionResponse);
  } catch (err) {
    if (!isReminderError(err)) throw err;
    return refusal(c, err, read.request.audience);
  }
}

export async function listCampaigns(c: TabCall): Promise<TabResponse> {
  const raw = c.req.query.get('limit');
  const limit = raw === null ? 20 : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST) return bad(`limit must be 1–${MAX_LIST}`);
  const campaigns = await c.deps.reminders.list(limit);
  const items = await Promise.all(campaigns.map(async (x) => campaignView(x, await c.deps.reminders.counts(x.id))));
  return json(200, { items } satisfies CampaignsResponse);
}

export async function getCampaign(c: TabCall, id: string): Promise<TabResponse> {
  if (!CAMPAIGN_ID.test(id)) return bad('campaign id expected');
  const campaign = await c.deps.reminders.get(id);
  if (!campaign) return json(404, { error: 'NotFound' });
  return json(200, campaignView(campaign, await c.deps.reminders.counts(id)));
}

export async function campaignRecipients(c: TabCall, id: string): Promise<TabResponse> {
  if (!CAMPAIGN_ID.test(id)) return bad('campaign id expected');
  const raw = c.req.query.get('limit');
  const limit = raw === null ? 25 : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RECIPIENT_PAGE) return bad(`limit must be 1–${MAX_RECIPIENT_PAGE}`);
  const after = c.req.query.get('after') ?? undefined;
  if (after !== undefined && (after.length === 0 || after.length > MAX_CURSOR_CHARS)) return bad('after must be a recipient id');
  if (!(await c.deps.reminders.get(id))) return json(404, { error: 'NotFound' });
  // One more than the page says whether there is a next one.
  const docs = await c.deps.reminders.recipientDocs(id, { after, limit: limit + 1 });
  const items = docs.slice(0, limit).map(recipientView);
  const body: RecipientsResponse = { items, next: docs.length > limit ? items[items.length - 1].id : null };
  return json(200, body);
}

export async function exportCampaign(c: TabCall, id: string): Promise<TabResponse> {
  if (!CAMPAIGN_ID.test(id)) return bad('campaign id expected');
  if (!(await c.deps.reminders.get(id))) return json(404, { error: 'NotFound' });
  const csv = exportCsv(await c.deps.reminders.recipientDocs(id));
  c.deps.log.info({ event: 'reminders.exported', via: 'tab', campaignId: id, by: c.who.id });
  return json(200, { filename: `reminders-${id}.csv`, csv } satisfies CampaignExport);
}

export async function cancelCampaign(c: TabCall, id: string): Promise<TabResponse> {
  if (!CAMPAIGN_ID.test(id)) return bad('campaign id expected');
  const { deps } = c;
  try {
    const campaign = await deps.reminders.cancel(id, originOf(c));
    deps.log.info({ event: 'reminders.campaignCancelled', via: 'tab', campaignId: id, by: c.who.id });
    const counts = await deps.reminders.counts(id);
    // The campaign's progress card in Teams, when it was started from one, shows it cancelled too.
    deps.reminderChat.onProgress(campaign, counts);
    return json(200, { ok: true, message: '', campaign: campaignView(campaign, counts) } satisfies ReminderActionResponse);
  } catch (err) {
    if (!isReminderError(err)) throw err;
    const res = refusal(c, err);
    const current = await deps.reminders.get(id);
    if (current && res.body && typeof res.body === 'object')
      (res.body as ReminderActionResponse).campaign = campaignView(current, await deps.reminders.counts(id));
    return res;
  }
}
