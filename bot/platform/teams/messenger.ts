/**
 * Proactive messages: into a customer's 1:1 chat, into a channel as a new thread, and updates of
 * a sent card. Every operation waits for the conversation's Teams rate limit (a channel is one
 * conversation for all its threads) and is retried on throttling and transient errors.
 */
import { Activity, CloudAdapter, ConversationParameters, ConversationReference, TurnContext } from 'botbuilder';
import { Clock, systemClock } from '../clock';
import { Logger } from '../log';
import { Limiter, TENANT_LIMIT_MARGIN_MS } from './budget';
import { ConnectorClients, sendDirect, withoutSdkRetries } from './directSend';

/** Teams' per-bot, per-conversation limits: [window in ms, operations allowed in it]. */
export const TEAMS_CONVERSATION_LIMITS: readonly [number, number][] = [
  [1_000, 7],
  [2_000, 8],
  [30_000, 60],
  [3_600_000, 1_800],
];

/** Waits so that the operations of one key stay within every window, counted in this process only. */
export class RateLimiter implements Limiter {
  private readonly sent = new Map<string, number[]>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly longest: number;
  private pruneAt = 5000;

  constructor(
    private readonly limits: readonly [number, number][] = TEAMS_CONVERSATION_LIMITS,
    private readonly clock: Clock = systemClock,
  ) {
    this.longest = Math.max(...limits.map(([ms]) => ms));
  }

  /** Resolves when one more operation on `key` is allowed (and counts it). Callers are served in order. */
  acquire(key: string): Promise<void> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const mine = previous.then(() => this.take(key));
    this.queues.set(key, mine);
    void mine.finally(() => {
      if (this.queues.get(key) === mine) this.queues.delete(key);
    });
    return mine;
  }

  /** How long the next operation on `key` would wait, in ms. */
  waitFor(key: string): number {
    const now = this.clock.now();
    const times = (this.sent.get(key) ?? []).filter((ts) => ts > now - this.longest);
    let wait = 0;
    for (const [ms, max] of this.limits) {
      const inWindow = times.filter((ts) => ts > now - ms);
      if (inWindow.length >= max) wait = Math.max(wait, inWindow[inWindow.length - max] + ms - now);
    }
    return wait;
  }

  private async take(key: string): Promise<void> {
    for (;;) {
      const wait = this.waitFor(key);
      if (wait <= 0) break;
      await this.clock.sleep(wait);
    }
    const now = this.clock.now();
    const times = (this.sent.get(key) ?? []).filter((ts) => ts > now - this.longest);
    times.push(now);
    this.sent.set(key, times);
    if (this.sent.size > this.pruneAt) this.prune(now);
  }

  /** Drops keys with nothing in any window; the next prune waits for twice as many keys (amortized O(1) a call). */
  private prune(now: number): void {
    for (const [key, times] of this.sent) if (times.every((ts) => ts <= now - this.longest)) this.sent.delete(key);
    this.pruneAt = Math.max(5000, 2 * this.sent.size);
  }
}

export interface SentRef {
  conversationId: string;
  activityId: string;
  serviceUrl: string;
}

/**
 * Optional for each call: `signal` aborts the call while it waits for its turn (e.g. the lease of
 * the work it belongs to was lost), so nothing is sent after the work changed hands.
 */
export interface SendOptions {
  signal?: AbortSignal;
}

/** What ticket delivery needs from Teams; the real one speaks through the CloudAdapter. */
export interface Messenger {
  /** Sends into an existing conversation (1:1 chat or a channel thread); returns the new activity id. */
  send(
    reference: Partial<ConversationReference>,
    activity: Partial<Activity>,
    limitKey?: string,
    options?: SendOptions,
  ): Promise<string | undefined>;
  /** Starts a new thread in a Teams channel with `activity` as its first post. */
  createThread(
    channelReference: Partial<ConversationReference>,
    channelId: string,
    activity: Partial<Activity>,
    limitKey?: string,
    options?: SendOptions,
  ): Promise<SentRef>;
  /**
   * Opens a 1:1 chat with someone who never wrote to the bot (`memberId`: their channel user id
   * 29:…, or their Entra object id) and sends `activity`; returns the new chat's reference.
   */
  openPersonal(serviceUrl: string, tenantId: string, memberId: string, activity: Partial<Activity>): Promise<Record<string, unknown>>;
  /** Replaces a sent activity (a card updated in place). */
  update(
    reference: Partial<ConversationReference>,
    activityId: string,
    activity: Partial<Activity>,
    limitKey?: string,
    options?: SendOptions,
  ): Promise<void>;
}

/** The limits a messenger keeps: per conversation (a channel is one), and per tenant when given. */
export interface MessengerLimits {
  conversation: Limiter;
  tenant?: Limiter;
}

/** The connector client the adapter puts in a proactive turn; only what we call. */
interface Conversations {
  conversations: {
    createConversation(parameters: ConversationParameters): Promise<{ id?: string; activityId?: string; serviceUrl?: string }>;
  };
}

/** The audience of calls to the Bot Framework channel service (public cloud). */
const TO_CHANNEL_SCOPE = 'https://api.botframework.com';

const RETRY_STATUSES = new Set([412, 429, 502, 503, 504]);
/** A slot older than this when the request is about to leave is not used (see budget.ts: Teams counts arrivals). */
const SLOT_FRESH_MS = 500;

/** The slot was counted too long before the request could leave. */
class StaleSlot extends Error {}
const MAX_ATTEMPTS = 3;

/** The HTTP status of a failed connector call, and how long the service asked us to wait. */
export function failureOf(err: unknown): { status?: number; retryAfterMs?: number } {
  const e = err as { statusCode?: unknown; response?: { headers?: { get?: (n: string) => string | undefined | null } } } | undefined;
  const status = typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  const header = e?.response?.headers?.get?.('retry-after') ?? undefined;
  let retryAfterMs: number | undefined;
  if (header) {
    const seconds = Number(header);
    retryAfterMs = Number.isFinite(seconds) ? seconds * 1000 : Math.max(0, Date.parse(header) - Date.now());
  }
  return { status, retryAfterMs };
}

/** Proactive sending through the Bot Framework adapter. */
export class AdapterMessenger implements Messenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly log: Logger,
    private readonly limits: MessengerLimits = { conversation: new RateLimiter() },
    /**
     * `attempts: 1` leaves retries to the caller (the reminder sender keeps them per recipient):
     * neither this class nor the SDK's HTTP pipeline (which would wait out a 429 itself) retries a send.
     * `connectors`: `send` posts with a connector client kept per service URL instead of running a
     * proactive turn per message (bulk sends; same credentials, limits and retries).
     */
    private readonly options: { attempts?: number; connectors?: ConnectorClients } = {},
  ) {}

  async send(
    reference: Partial<ConversationReference>,
    activity: Partial<Activity>,
    limitKey?: string,
    options: SendOptions = {},
  ): Promise<string | undefined> {
    let id: string | undefined;
    const connectors = this.options.connectors;
    if (connectors) {
      await this.withRetry(limitKey ?? keyOf(reference), reference.conversation?.tenantId, 'send', options, async (fresh) => {
        id = await sendDirect(connectors, reference, activity, fresh);
      });
      return id;
    }
    await this.withRetry(limitKey ?? keyOf(reference), reference.conversation?.tenantId, 'send', options, (fresh) =>
      this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
        fresh();
        if (this.options.attempts === 1) withoutSdkRetries(context.turnState.get(context.adapter.ConnectorClientKey));
        id = (await context.sendActivity(activity))?.id;
      }),
    );
    return id;
  }

  async createThread(
    channelReference: Partial<ConversationReference>,
    channelId: string,
    activity: Partial<Activity>,
    limitKey?: string,
    options: SendOptions = {},
  ): Promise<SentRef> {
    let sent: SentRef | undefined;
    const tenant = channelReference.conversation?.tenantId;
    await this.withRetry(limitKey ?? keyOf(channelReference), tenant, 'createThread', options, (fresh) =>
      this.adapter.continueConversationAsync(this.appId, channelReference, async (context) => {
        fresh();
        const client = context.turnState.get(context.adapter.ConnectorClientKey) as Conversations | undefined;
        if (!client) throw new Error('no connector client in the proactive turn');
        const tenantId = channelReference.conversation?.tenantId;
        const result = await client.conversations.createConversation({
          isGroup: true,
          bot: context.activity.recipient,
          channelData: { channel: { id: channelId }, ...(tenantId ? { tenant: { id: tenantId } } : {}) },
          activity: activity as Activity,
          ...(tenantId ? { tenantId } : {}),
        } as ConversationParameters);
        if (!result.id) throw new Error('the channel did not return the new conversation id');
        sent = {
          conversationId: result.id,
          // Teams names the thread "<channel>;messageid=<root>"; the root post is the card.
          activityId: result.activityId ?? /;messageid=(\d+)/.exec(result.id)?.[1] ?? result.id,
          serviceUrl: context.activity.serviceUrl ?? channelReference.serviceUrl ?? '',
        };
      }),
    );
    if (!sent) throw new Error('thread not created');
    return sent;
  }

  async openPersonal(
    serviceUrl: string,
    tenantId: string,
    memberId: string,
    activity: Partial<Activity>,
  ): Promise<Record<string, unknown>> {
    let reference: Record<string, unknown> | undefined;
    const parameters = {
      isGroup: false,
      bot: { id: `28:${this.appId}`, name: '' },
      members: [{ id: memberId, name: '' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as ConversationParameters;
    await this.withRetry(`personal:${memberId}`, tenantId, 'openPersonal', {}, () =>
      this.adapter.createConversationAsync(this.appId, 'msteams', serviceUrl, TO_CHANNEL_SCOPE, parameters, async (context) => {
        reference = TurnContext.getConversationReference(context.activity) as Record<string, unknown>;
        await context.sendActivity(activity);
      }),
    );
    if (!reference) throw new Error('the 1:1 chat was not created');
    return reference;
  }

  async update(
    reference: Partial<ConversationReference>,
    activityId: string,
    activity: Partial<Activity>,
    limitKey?: string,
    options: SendOptions = {},
  ): Promise<void> {
    await this.withRetry(limitKey ?? keyOf(reference), reference.conversation?.tenantId, 'update', options, (fresh) =>
      this.adapter.continueConversationAsync(this.appId, reference, async (context: TurnContext) => {
        fresh();
        await context.updateActivity({
          ...activity,
          id: activityId,
          type: activity.type ?? 'message',
          conversation: context.activity.conversation,
        });
      }),
    );
  }

  private async withRetry(
    key: string,
    tenantId: string | undefined,
    op: string,
    options: SendOptions,
    call: (fresh: () => void) => Promise<void>,
  ): Promise<void> {
    for (let attempt = 1; ;) {
      const conversationAt = await this.take(this.limits.conversation, key);
      const tenantAt = tenantId && this.limits.tenant ? await this.take(this.limits.tenant, tenantId) : Infinity;
      options.signal?.throwIfAborted();
      // Right before the request leaves: a slot counted long ago (the event loop was held up) is not
      // used. A tenant slot no older than the tenant budget's margin: then no second of departures
      // holds more than the budget's count, however the event loop stalls.
      const fresh = () => {
        const now = Date.now();
        if (now - conversationAt > SLOT_FRESH_MS || now - tenantAt > TENANT_LIMIT_MARGIN_MS) throw new StaleSlot();
      };
      try {
        await call(fresh);
        return;
      } catch (err) {
        if (err instanceof StaleSlot) {
          this.log.info({ event: 'proactive.staleSlot', op });
          continue;
        }
        const { status, retryAfterMs } = failureOf(err);
        if (attempt >= (this.options.attempts ?? MAX_ATTEMPTS) || status === undefined || !RETRY_STATUSES.has(status)) throw err;
        const wait = retryAfterMs ?? Math.random() * Math.min(8_000, 500 * 2 ** attempt);
        this.log.info({ event: 'proactive.retry', op, status, attempt, waitMs: Math.round(wait) });
        attempt++;
        await delay(Math.min(wait, 60_000));
      }
    }
  }

  /** Takes a slot; when it was counted (now, for a limiter that does not say). */
  private async take(limiter: Limiter, key: string): Promise<number> {
    if (limiter.acquireAt) return limiter.acquireAt(key);
    await limiter.acquire(key);
    return Date.now();
  }
}

/** Rate limits count per conversation; a channel's threads ("…;messageid=…") share the channel's. */
export function keyOf(reference: Partial<ConversationReference>): string {
  return (reference.conversation?.id ?? '').split(';')[0];
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
