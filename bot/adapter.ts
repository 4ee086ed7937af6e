import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationBotFrameworkAuthenticationOptions,
  ConfigurationServiceClientCredentialFactory,
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

/** The Bot Framework adapter and its authentication; the only place that knows the SDK's hosting. */
export function createAdapter(config: Config, log: Logger, i18next: i18n, overrides: AuthOverrides = {}): CloudAdapter {
  const identity = {
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  };
  const credentials = new ConfigurationServiceClientCredentialFactory(identity);
  const auth = new ConfigurationBotFrameworkAuthentication({ ...identity, ...overrides }, credentials);
  const adapter = new CloudAdapter(auth);

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
