/**
 * Reminder campaigns in the store: what the chat side, the tab and the CLI call. Creating a
 * campaign writes its recipients and returns; the sender (sender.ts) sends in the background, on
 * whichever instance holds the campaign's lease.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Customer, CustomerDirectory } from '../customers/directory';
import { localDateOf } from '../knowledge/hours';
import { Terms } from '../knowledge/terms';
import { Clock } from '../platform/clock';
import { SUPPORTED_LANGUAGES, supportedLanguage } from '../platform/config';
import { ConflictError, Store, updateWithRetry } from '../platform/store/types';
import { UserService } from '../platform/teams/users';
import { Audience, parseAudience } from './domain/audience';
import { countRecipients } from './domain/counts';
import { isIsoDate } from './domain/dates';
import { ReminderError } from './domain/errors';
import { nextLadderStep } from './domain/ladder';
import { CAMPAIGN_PK, CampaignDoc, eachLimited, recipientId, RecipientDoc, reminderDocs, toCampaign, toRecipient } from './documents';
import { Acknowledgement, Campaign, CampaignCounts, CampaignOrigin, Recipient, REMINDER_TEMPLATES, ReminderTemplate } from './model';
import { resolveAudience } from './recipients';

export type { Audience } from './domain/audience';

export interface ReminderServiceDeps {
  store: Store;
  customers: CustomerDirectory;
  users: UserService;
  terms: Terms;
  clock: Clock;
  defaultLocale: string;
  timeZone: string;
  /** Per-tenant send rate, for the estimated finish (REMINDER_TENANT_RPS). */
  tenantRps?: number;
}

export interface CreateInput {
  template: ReminderTemplate;
  audience: string;
  note?: string | Record<string, string>;
  sendAt?: string;
  origin: CampaignOrigin;
  requestId?: string;
  progress?: Campaign['progress'];
  /** Ladder campaigns: what makes them once-only (customer, invoice, step). */
  ladderKey?: string;
}

export type ReminderEvent = { kind: 'created' | 'cancelled'; campaignId: string };

const MAX_NOTE = 2000;
const MAX_SCHEDULE_AHEAD_MS = 366 * 86_400_000;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const WRITE_CONCURRENCY = 16;
const MAX_ACKS = 20;

/** A campaign id: derived from the request id when given (so a retried request finds its campaign). */
export function campaignIdFor(requestId?: string): string {
  const hex = requestId ? createHash('sha256').update(requestId).digest('hex') : randomUUID().replace(/-/g, '');
  return `r${hex.slice(0, 15)}`;
}

export class ReminderService {
  private readonly listeners = new Set<(e: ReminderEvent) => void>();

  constructor(private readonly deps: ReminderServiceDeps) {}

  private get docs() {
    return reminderDocs(this.deps.store);
  }

  private get fallbackLanguage() {
    return supportedLanguage(this.deps.defaultLocale) ?? 'en';
  }

  /** The partner's local date now. */
  today(): string {
    return localDateOf(new Date(this.deps.clock.now()), this.deps.timeZone);
  }

  /** Tells `listener` about created and cancelled campaigns of this instance (the scheduler starts at once). */
  subscribe(listener: (e: ReminderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: ReminderEvent): void {
    for (const l of this.listeners) l(e);
  }

  /** Parses and checks an audience expression; throws REMINDER_BAD_AUDIENCE when invalid. */
  parseAudience(expr: string): Audience {
    return parseAudience(expr);
  }

  /** Who would get it: counts, the languages present, unreachable customer names — nothing written. */
  async preview(
    template: ReminderTemplate,
    audience: string,
  ): Promise<{ customers: number; recipients: number; unreachable: { tenantId: string; name: string }[]; languages: string[] }> {
    checkTemplate(template);
    const resolved = await resolveAudience(this.deps, parseAudience(audience), this.today(), this.fallbackLanguage);
    const languages = new Set<string>();
    let recipients = 0;
    for (const c of resolved) {
      recipients += c.people.length;
      c.people.forEach((p) => languages.add(p.locale));
    }
    return {
      customers: resolved.length,
      recipients,
      unreachable: resolved.filter((c) => c.people.length === 0).map((c) => ({ tenantId: c.customer.tenantId, name: c.customer.name })),
      languages: [...languages].sort(),
    };
  }

  /** Creates the campaign and its recipient documents (idempotent per `requestId`); sending happens in the background. */
  async create(input: CreateInput): Promise<Campaign> {
    checkTemplate(input.template);
    const note = checkNote(input.note);
    const sendAt = this.checkSendAt(input.sendAt);
    const audience = parseAudience(input.audience);
    const id = campaignIdFor(input.requestId);
    if (input.requestId) {
      const existing = await this.docs.campaigns.get(CAMPAIGN_PK, id);
      if (existing) return toCampaign(existing.value);
    }
    const now = new Date(this.deps.clock.now()).toISOString();
    const resolved = await resolveAudience(this.deps, audience, this.today(), this.fallbackLanguage);
    const people = resolved.flatMap(({ customer, people }) => people.map((p) => ({ p, customer })));
    // Recipients first, the campaign last: the sender only sees a campaign whose recipients are all written.
    await eachLimited(people, WRITE_CONCURRENCY, async ({ p, customer }) => {
      const rid = recipientId(p.tenantId, p.userKey);
      const doc: RecipientDoc = {
        campaignId: id,
        rid,
        tenantId: p.tenantId,
        userKey: p.userKey,
        ...(p.name ? { name: p.name } : {}),
        customerName: customer.name,
        locale: p.locale,
        state: 'pending',
        attempts: 0,
        acks: [],
        reference: p.reference,
        updatedAt: now,
      };
      try {
        await this.docs.recipients.create(id, rid, doc);
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    });
    const scheduled = sendAt !== undefined && Date.parse(sendAt) > this.deps.clock.now();
    const empty = people.length === 0;
    const campaign: CampaignDoc = {
      id,
      template: input.template,
      audience: input.audience.trim(),
      ...(note !== undefined ? { note } : {}),
      ...(sendAt ? { sendAt } : {}),
      status: empty ? 'done' : scheduled ? 'scheduled' : 'sending',
      origin: input.origin,
      createdAt: now,
      customers: resolved.length,
      recipients: people.length,
      unreachable: resolved.filter((c) => c.people.length === 0).map((c) => c.customer.name),
      ...(input.progress ? { progress: input.progress } : {}),
      ...(input.ladderKey ? { ladderKey: input.ladderKey } : {}),
      ...(empty ? { finishedAt: now } : {}),
      active: !empty,
      ...(input.requestId ? { requestId: input.requestId } : {}),
    };
    try {
      await this.docs.campaigns.create(CAMPAIGN_PK, id, campaign);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      const existing = await this.docs.campaigns.get(CAMPAIGN_PK, id);
      if (existing) return toCampaign(existing.value);
      throw err;
    }
    this.emit({ kind: 'created', campaignId: id });
    return toCampaign(campaign);
  }

  async get(id: string): Promise<Campaign | undefined> {
    if (!validId(id)) return undefined;
    const doc = await this.docs.campaigns.get(CAMPAIGN_PK, id);
    return doc ? toCampaign(doc.value) : undefined;
  }

  /** Recent campaigns, newest first. */
  async list(limit = 20): Promise<Campaign[]> {
    const docs = await this.docs.campaigns.find(CAMPAIGN_PK, {
      orderBy: { field: 'createdAt', desc: true },
      limit: Math.max(1, Math.min(limit, 500)),
    });
    return docs.map((d) => toCampaign(d.value));
  }

  /** Campaigns not finished yet (the scheduler's work list). */
  async active(): Promise<CampaignDoc[]> {
    return (await this.docs.campaigns.find(CAMPAIGN_PK, { where: { active: true } })).map((d) => d.value);
  }

  async counts(id: string): Promise<CampaignCounts> {
    const campaign = await this.require(id);
    const recipients = (await this.docs.recipients.find(id)).map((d) => d.value);
    return countRecipients(campaign, recipients, this.deps.clock.now(), this.deps.tenantRps ?? 40);
  }

  /** A page of recipients in id order (`after`: the last `tenantId:userKey` of the previous page). */
  async recipients(id: string, page: { after?: string; limit?: number } = {}): Promise<Recipient[]> {
    return (await this.recipientDocs(id, page)).map(toRecipient);
  }

  /** @internal the stored documents (export, sender). */
  async recipientDocs(id: string, page: { after?: string; limit?: number } = {}): Promise<RecipientDoc[]> {
    if (!validId(id)) return [];
    const all = (await this.docs.recipients.find(id, { orderBy: { field: 'rid' } })).map((d) => d.value);
    const from = page.after === undefined ? all : all.filter((r) => r.rid > (page.after as string));
    return page.limit === undefined ? from : from.slice(0, Math.max(1, page.limit));
  }

  async recipientOf(campaignId: string, tenantId: string, userKey: string): Promise<Recipient | undefined> {
    if (!validId(campaignId)) return undefined;
    const doc = await this.docs.recipients.get(campaignId, recipientId(tenantId, userKey));
    return doc && doc.value.tenantId === tenantId && doc.value.userKey === userKey ? toRecipient(doc.value) : undefined;
  }

  /** Stops a campaign's pending sends: the campaign becomes `cancelled`, its pending recipients too. */
  async cancel(id: string, by: CampaignOrigin): Promise<Campaign> {
    const current = await this.require(id);
    if (current.status === 'done') throw new ReminderError('REMINDER_NOT_CANCELLABLE', { campaignId: id });
    if (current.status !== 'cancelled') {
      const now = new Date(this.deps.clock.now()).toISOString();
      await updateWithRetry(this.docs.campaigns, CAMPAIGN_PK, id, (c) =>
        c.status === 'done' || c.status === 'cancelled'
          ? undefined
          : { ...c, status: 'cancelled' as const, cancelledBy: by, cancelledAt: now },
      );
      this.emit({ kind: 'cancelled', campaignId: id });
    }
    await this.cancelPending(id);
    const after = await this.require(id);
    if (after.status === 'done') throw new ReminderError('REMINDER_NOT_CANCELLABLE', { campaignId: id });
    return toCampaign(after);
  }

  /**
   * Marks the pending recipients that are not in flight as cancelled, and finishes the campaign
   * when none is left pending (a send in flight is settled by the sender, which then finishes it).
   */
  async cancelPending(id: string): Promise<void> {
    const now = new Date(this.deps.clock.now()).toISOString();
    const pending = await this.docs.recipients.find(id, { where: { state: 'pending' } });
    await eachLimited(pending, WRITE_CONCURRENCY, async (d) => {
      await updateWithRetry(this.docs.recipients, id, d.id, (r) =>
        r.state !== 'pending' || r.sending ? undefined : { ...r, state: 'cancelled' as const, updatedAt: now },
      );
    });
    const left = await this.docs.recipients.find(id, { where: { state: 'pending' }, limit: 1 });
    if (left.length === 0) await this.finish(id);
  }

  /** @internal marks a campaign finished (nothing pending): `done` unless cancelled. */
  async finish(id: string): Promise<void> {
    const now = new Date(this.deps.clock.now()).toISOString();
    await updateWithRetry(this.docs.campaigns, CAMPAIGN_PK, id, (c) =>
      c.active
        ? { ...c, active: false, status: c.status === 'cancelled' ? ('cancelled' as const) : ('done' as const), finishedAt: now }
        : undefined,
    );
  }

  /**
   * Records an acknowledgement; refuses (coded error, nothing changed) when the campaign or
   * recipient does not match this person and tenant, or the campaign is cancelled.
   */
  async acknowledge(
    campaignId: string,
    who: { tenantId: string; userKey: string },
    ack: Omit<Acknowledgement, 'at'>,
  ): Promise<{ campaign: Campaign; recipient: Recipient }> {
    checkAck(ack);
    const campaign = await this.require(campaignId);
    if (campaign.status === 'cancelled') throw new ReminderError('REMINDER_CANCELLED', { campaignId });
    const rid = recipientId(who.tenantId, who.userKey);
    const doc = await this.docs.recipients.get(campaignId, rid);
    const r = doc?.value;
    const reached = r && (r.state === 'sent' || (r.state === 'pending' && r.attempts > 0));
    if (!r || r.tenantId !== who.tenantId || r.userKey !== who.userKey || !reached) {
      throw new ReminderError('REMINDER_NOT_RECIPIENT', { campaignId });
    }
    const at = new Date(this.deps.clock.now()).toISOString();
    const entry: Acknowledgement = {
      kind: ack.kind,
      at,
      by: who.userKey,
      ...(ack.paidOn ? { paidOn: ack.paidOn } : {}),
      ...(ack.reference ? { reference: ack.reference.trim() } : {}),
      ...(ack.ticketNumber !== undefined ? { ticketNumber: ack.ticketNumber } : {}),
    };
    const same = (a: Acknowledgement) =>
      a.kind === entry.kind && a.paidOn === entry.paidOn && a.reference === entry.reference && a.ticketNumber === entry.ticketNumber;
    const written = await updateWithRetry(this.docs.recipients, campaignId, rid, (cur) =>
      cur.acks.some(same) ? undefined : { ...cur, acks: [...cur.acks, entry].slice(-MAX_ACKS), updatedAt: at },
    );
    return { campaign: toCampaign(campaign), recipient: toRecipient(written?.value ?? r) };
  }

  /** What happens next for a customer and when (the next ladder step and its date), for the card. */
  nextStep(customer: Customer, today?: string): { template: ReminderTemplate; date: string } | undefined {
    return nextLadderStep(this.deps.terms.partner.collection.ladder, customer, today ?? this.today());
  }

  private async require(id: string): Promise<CampaignDoc> {
    const doc = validId(id) ? await this.docs.campaigns.get(CAMPAIGN_PK, id) : undefined;
    if (!doc) throw new ReminderError('REMINDER_NOT_FOUND', { campaignId: String(id).slice(0, 40) });
    return doc.value;
  }

  private checkSendAt(sendAt: string | undefined): string | undefined {
    if (sendAt === undefined || sendAt === '') return undefined;
    const ms = typeof sendAt === 'string' && ISO_INSTANT.test(sendAt.trim()) ? Date.parse(sendAt.trim()) : NaN;
    if (!Number.isFinite(ms) || ms > this.deps.clock.now() + MAX_SCHEDULE_AHEAD_MS) {
      throw new ReminderError('REMINDER_BAD_SEND_AT', { sendAt: String(sendAt).slice(0, 40) });
    }
    return new Date(ms).toISOString();
  }
}

function validId(id: string): boolean {
  return typeof id === 'string' && /^r[0-9a-f]{15}$/.test(id);
}

function checkTemplate(template: string): void {
  if (!(REMINDER_TEMPLATES as readonly string[]).includes(template)) {
    throw new ReminderError('REMINDER_BAD_TEMPLATE', { template: String(template).slice(0, 40), allowed: REMINDER_TEMPLATES.join(', ') });
  }
}

/** A note is plain text (escaped when shown), one for all or one per supported language. */
function checkNote(note: CreateInput['note']): string | Record<string, string> | undefined {
  const bad = () => new ReminderError('REMINDER_BAD_NOTE', { max: MAX_NOTE });
  if (note === undefined) return undefined;
  if (typeof note === 'string') {
    const text = note.trim();
    if (text.length > MAX_NOTE) throw bad();
    return text.length > 0 ? text : undefined;
  }
  if (!note || typeof note !== 'object' || Array.isArray(note)) throw bad();
  const out: Record<string, string> = {};
  for (const [lang, value] of Object.entries(note)) {
    if (!(SUPPORTED_LANGUAGES as readonly string[]).includes(lang) || typeof value !== 'string' || value.trim().length > MAX_NOTE)
      throw bad();
    if (value.trim()) out[lang] = value.trim();
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function checkAck(ack: Omit<Acknowledgement, 'at'>): void {
  const bad = () => new ReminderError('REMINDER_BAD_ACK');
  if (!ack || !['ack', 'paid', 'question'].includes(ack.kind)) throw bad();
  if (ack.paidOn !== undefined && (typeof ack.paidOn !== 'string' || !isIsoDate(ack.paidOn))) throw bad();
  if (ack.reference !== undefined && (typeof ack.reference !== 'string' || ack.reference.length > 100)) throw bad();
  if (ack.ticketNumber !== undefined && (!Number.isInteger(ack.ticketNumber) || ack.ticketNumber < 1)) throw bad();
}
