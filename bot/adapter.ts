import { format } from 'node:util';
import {
  Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationBotFrameworkAuthenticationOptions,
  ConfigurationServiceClientCredentialFactory,
  InvokeResponse,
  TurnContext,
} from 'botbuilder';
import type { i18n } from 'i18next';
import { Config, supportedLanguage } from './platform/config';
import { causeOf, errorCode, userMessage } from './platform/errors';
import { Logger } from './platform/log';
import { correlationIdOf, resolvedTurn } from './turn';

/** Channel-authentication settings beyond the MicrosoftApp* variables (tests serve their own OpenID metadata). */
export type AuthOverrides = Partial<
  Pick<
    ConfigurationBotFrameworkAuthenticationOptions,
    'ToBotFromChannelOpenIdMetadataUrl' | 'ToBotFromChannelTokenIssuer' | 'ToChannelFromBotLoginUrl' | 'ToChannelFromBotOAuthScope'
  >
>;

/** Turns the adapter runs for continueConversationAsync / createConversationAsync. */
function isProactive(context: TurnContext): boolean {
  const a = context.activity;
  return a?.type === 'event' && (a.name === 'ContinueConversation' || a.name === 'CreateConversation');
}

type AuthResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

/** Connector clients kept (one per bot, service URL and audience); past this the oldest is dropped. */
const MAX_KEPT_CLIENTS = 100;

/** A small insertion-ordered cache of promises: a failed one is dropped, so the next call tries again. */
class KeptPromises<T> {
  private readonly kept = new Map<string, Promise<T>>();
  of(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.kept.get(key);
    if (!p) {
      if (this.kept.size >= MAX_KEPT_CLIENTS) this.kept.delete(this.kept.keys().next().value as string);
      p = make();
      p.catch(() => this.kept.delete(key));
      this.kept.set(key, p);
    }
    return p;
  }
}

/**
 * The SDK builds a new connector client (an HTTP pipeline of a dozen policies) and a new user
 * token client for every activity: a tenth of a simple turn's CPU. They hold no per-turn state
 * (tokens live in the SDK's own cache and are renewed as they expire), so they are kept per bot
 * app id, service URL and audience.
 */
class KeptClientsAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new KeptPromises<ConnectorClient>();
  private readonly tokenClients = new KeptPromises<UserTokenClient>();

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    return { ...result, connectorFactory: result.connectorFactory && this.kept(result.connectorFactory, result.claimsIdentity) };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.kept(super.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.tokenClients.of(botAppIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }

  private kept(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const bot = botAppIdOf(claimsIdentity);
    return {
      create: (serviceUrl: string, audience?: string) =>
        this.connectors.of(JSON.stringify([bot, serviceUrl, audience ?? '']), () => factory.create(serviceUrl, audience)),
    } as ConnectorFactory;
  }
}

/** The bot app id the SDK makes a turn's clients for (the token's audience claim). */
function botAppIdOf(claimsIdentity: ClaimsIdentity): string {
  return claimsIdentity.getClaimValue('aud') ?? '';
}

/** What the HTTP host sends back for one activity. */
export interface ActivityResult {
  status: number;
  body?: unknown;
}

/**
 * CloudAdapter that authenticates before it processes, so a refused token is a plain 401 (the
 * SDK's own process() answers some forged tokens with 500 and the error text).
 */
export class HelpDeskAdapter extends CloudAdapter {
  constructor(
    private readonly auth: ConfigurationBotFrameworkAuthentication,
    private readonly log: Logger,
  ) {
    super(auth);
  }

  /** Authenticates and runs one incoming activity (already checked to be an object with a type). */
  async handle(body: Record<string, unknown>, authHeader: string, logic: (context: TurnContext) => Promise<void>): Promise<ActivityResult> {
    const activity = withDates(body);
    let auth: AuthResult;
    try {
      auth = await this.auth.authenticateRequest(activity, authHeader);
    } catch (err) {
      // The SDK signals an unreachable OpenID endpoint with a 500 AuthenticationError: that is ours to fix, not the caller's.
      const unavailable = (err as { statusCode?: unknown }).statusCode === 500;
      const cause = causeOf(err);
      this.log.warn(
        {
          code: errorCode(unavailable ? 'AUTH_UNAVAILABLE' : 'AUTH_FAILED'),
          reason: cause.name,
          detail: cause.message?.slice(0, 200),
          activityType: activity.type,
          channelId: activity.channelId,
        },
        unavailable ? 'channel authentication unavailable' : 'channel authentication failed',
      );
      return { status: unavailable ? 503 : 401 };
    }
    const invoke: InvokeResponse | undefined = await this.processActivity(auth, activity, logic);
    return { status: invoke?.status ?? 200, body: invoke?.body };
  }

  /**
   * A connector client for proactive calls to `serviceUrl`, with the credentials and audience a
   * proactive turn (continueConversationAsync) would use; made once per service URL by callers
   * that send in bulk (see platform/teams/directSend.ts).
   */
  connectorClient(botAppId: string, serviceUrl: string) {
    return this.auth.createConnectorFactory(this.createClaimsIdentity(botAppId)).create(serviceUrl, undefined);
  }
}

/** The SDK's own activity fix-up (validateAndFixActivity is not exported): ISO strings to dates. */
function withDates(body: Record<string, unknown>): Activity {
  const fixed: Record<string, unknown> = { ...body };
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = fixed[field];
    if (typeof value === 'string') {
      fixed[raw] = value;
      fixed[field] = new Date(value);
    }
  }
  return fixed as unknown as Activity;
}

let consoleRouted = false;

/**
 * The SDK prints token-validation failures (with stack traces and key material) through
 * console.error/warn, outside the structured log. Our own code never uses the console, so in
 * the server process both go to the log at debug level instead.
 */
export function routeSdkConsole(log: Logger): void {
  if (consoleRouted) return;
  consoleRouted = true;
  const toLog =
    (level: 'error' | 'warn') =>
    (...args: unknown[]) => {
      log.debug({
        event: 'sdk.console',
        level,
        detail: format(...args)
          .split('\n')[0]
          .slice(0, 300),
      });
    };
  console.error = toLog('error');
  console.warn = toLog('warn');
}

/** The Bot Framework adapter and its authentication; the only place that knows the SDK's hosting. */
export function createAdapter(config: Config, log: Logger, i18next: i18n, overrides: AuthOverrides = {}): HelpDeskAdapter {
  const identity = {
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  };
  const fromConfig: AuthOverrides = {};
  if (config.ToBotFromChannelOpenIdMetadataUrl) fromConfig.ToBotFromChannelOpenIdMetadataUrl = config.ToBotFromChannelOpenIdMetadataUrl;
  if (config.ToBotFromChannelTokenIssuer) fromConfig.ToBotFromChannelTokenIssuer = config.ToBotFromChannelTokenIssuer;
  const credentials = new ConfigurationServiceClientCredentialFactory(identity);
  const auth = new KeptClientsAuthentication({ ...identity, ...fromConfig, ...overrides }, credentials);
  const adapter = new HelpDeskAdapter(auth, log);

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // A proactive send (ticket notices, card updates) has no user waiting on this turn: the
    // caller retries it, so the failure must reach the caller, and no apology is posted.
    if (isProactive(context)) throw error;
    const correlationId = correlationIdOf(context);
    log.error(
      {
        code: errorCode('TURN_FAILED'),
        correlationId,
        activityType: context.activity?.type,
        activityId: context.activity?.id,
        conversationType: context.activity?.conversation?.conversationType,
        err: causeOf(error),
      },
      'turn failed',
    );
    const lang =
      resolvedTurn(context)?.lang ??
      supportedLanguage(typeof context.activity?.locale === 'string' ? context.activity.locale : undefined) ??
      supportedLanguage(config.DEFAULT_LOCALE) ??
      'en';
    try {
      await context.sendActivity(userMessage(i18next.getFixedT(lang, 'bot'), 'TURN_FAILED', correlationId));
    } catch (sendError) {
      log.error({ code: errorCode('TURN_FAILED'), correlationId, err: { message: causeOf(sendError).message } }, 'could not tell the user');
    }
  };
  return adapter;
}
