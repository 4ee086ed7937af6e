/**
 * Proactive sends without a proactive turn. `continueConversationAsync` builds a connector client,
 * a user-token client and a turn context and runs the middleware for every message; for a bulk
 * send (reminders) that is about half the CPU of a send. Here the connector client is made once
 * per service URL, with the same credentials and audience the proactive turn would use, and the
 * message is posted with it as the turn would address it.
 */
import { Activity, ActivityTypes, ConversationReference } from 'botbuilder';

/** The part of the SDK's ConnectorClient a direct send calls. */
export interface ConnectorLike {
  conversations: {
    sendToConversation(conversationId: string, activity: Activity): Promise<{ id?: string }>;
  };
}

/** Makes the connector client for one service URL (the adapter's connector factory). */
export type MakeConnector = (serviceUrl: string) => Promise<ConnectorLike>;

/** Connector clients, one per service URL (Teams uses a handful), made on first use. */
export class ConnectorClients {
  private readonly clients = new Map<string, Promise<ConnectorLike>>();

  constructor(
    private readonly make: MakeConnector,
    private readonly max = 64,
  ) {}

  /** The client for `serviceUrl`; a client that could not be made is tried again on the next call. */
  get(serviceUrl: string): Promise<ConnectorLike> {
    const known = this.clients.get(serviceUrl);
    if (known) return known;
    if (this.clients.size >= this.max) this.clients.delete(this.clients.keys().next().value as string);
    const made = this.make(serviceUrl).then((client) => {
      withoutSdkRetries(client);
      return client;
    });
    this.clients.set(serviceUrl, made);
    made.catch(() => {
      if (this.clients.get(serviceUrl) === made) this.clients.delete(serviceUrl);
    });
    return made;
  }

  /** How many clients are kept (tests: one per service URL). */
  get size(): number {
    return this.clients.size;
  }
}

/**
 * The activity as a proactive turn posts it: from the bot to the person, in the reference's
 * conversation, a message unless it says otherwise. A new post, not a reply (no replyToId).
 * `activity` is not changed (a reminder's card is shared by all its recipients).
 */
export function addressed(reference: Partial<ConversationReference>, activity: Partial<Activity>): Activity {
  const out: Partial<Activity> = {
    ...activity,
    type: activity.type ?? ActivityTypes.Message,
    channelId: reference.channelId,
    serviceUrl: reference.serviceUrl,
    conversation: reference.conversation,
    from: reference.bot,
    recipient: reference.user,
    locale: activity.locale ?? reference.locale,
  };
  delete out.id;
  delete out.replyToId;
  return out as Activity;
}

/**
 * Posts `activity` into the reference's conversation; returns the new activity id. `beforeCall`
 * runs right before the request leaves (it may throw to stop it). Failures are the SDK's own
 * errors (`statusCode`, and the response's headers for Retry-After), as from a proactive turn.
 */
export async function sendDirect(
  clients: ConnectorClients,
  reference: Partial<ConversationReference>,
  activity: Partial<Activity>,
  beforeCall: () => void = () => undefined,
): Promise<string | undefined> {
  const conversationId = reference.conversation?.id;
  if (!reference.serviceUrl || !conversationId) throw new Error('the conversation reference has no serviceUrl or conversation id');
  const client = await clients.get(reference.serviceUrl);
  beforeCall();
  const response = await client.conversations.sendToConversation(conversationId, addressed(reference, activity));
  return response?.id || undefined;
}

/**
 * The connector client retries 429 (after Retry-After) and 5xx by itself, in its HTTP pipeline,
 * out of sight of our limiters; callers here keep their own retries, so that is removed.
 */
export function withoutSdkRetries(client: unknown): void {
  const pipeline = (client as { client?: { pipeline?: { removePolicy(options: { name: string }): unknown } } } | undefined)?.client
    ?.pipeline;
  pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
}
