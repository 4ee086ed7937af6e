import type { i18n, TFunction } from 'i18next';
import { Activity, TurnContext } from 'botbuilder';
import { Config, Language, supportedLanguage } from './platform/config';
import { newCorrelationId } from './platform/errors';
import { chooseLanguage } from './platform/i18n';
import { UserRecord, UserService } from './platform/teams/users';
import { messageInLanguage } from './platform/teams/cardMessage';
import { Customer, CustomerDirectory } from './customers/directory';
import { Retriever } from './knowledge/retrieval';
import { Role, RoleService } from './roles/service';

/** Who is talking: partner staff, a known customer, or someone from a tenant we don't serve. */
export type Who = { kind: 'staff'; roles: Role[] } | { kind: 'customer'; customer: Customer } | { kind: 'unknown' };

/** What a handler knows about the current turn. */
export interface Turn {
  who: Who;
  lang: Language;
  /** The client locale under which the person showed `lang` (see UserRecord.languageLocale). */
  languageLocale?: string;
  t: TFunction;
  tenantId: string;
  /** aadObjectId when Teams sends one, else the channel user id. */
  userKey: string;
  aadObjectId?: string;
  name?: string;
  conversationType: string;
  correlationId: string;
}

const CORRELATION = Symbol.for('bhd.correlationId');

/** The correlation id of this turn (created on first use, shared by logs and error replies). */
export function correlationIdOf(context: TurnContext): string {
  let id = context.turnState.get(CORRELATION) as string | undefined;
  if (!id) {
    id = newCorrelationId();
    context.turnState.set(CORRELATION, id);
  }
  return id;
}

/** The tenant of the conversation, as Teams sends it. */
export function tenantIdOf(activity: Partial<Activity>): string {
  const fromConversation = activity.conversation?.tenantId;
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannelData = channelData?.tenant?.id;
  const id = typeof fromConversation === 'string' && fromConversation ? fromConversation : fromChannelData;
  return typeof id === 'string' ? id.trim() : '';
}

/** What resolving a turn reads: who is staff, which tenants are customers, the languages. */
export interface TurnDeps {
  config: Pick<Config, 'PARTNER_TENANT_ID' | 'DEFAULT_LOCALE'>;
  roles: Pick<RoleService, 'rolesOf'>;
  customers: Pick<CustomerDirectory, 'get'>;
  users: Pick<UserService, 'get'>;
  retriever: Pick<Retriever, 'languageOf'>;
  i18n: i18n;
}

/** The `lang` of a clicked card's data, unchecked (chooseLanguage validates it). */
function clickedCardLanguage(activity: Partial<Activity>): unknown {
  if (activity.type !== 'invoke' || activity.name !== 'adaptiveCard/action') return undefined;
  const data = (activity.value as { action?: { data?: unknown } } | undefined)?.action?.data;
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>).lang : undefined;
}

/** The typed text of a message without @mentions (the bot's name is no sign of a language). */
function typedText(activity: Partial<Activity>): string {
  return activity.type === 'message' && typeof activity.text === 'string' ? activity.text.replace(/<at>[^<]*<\/at>/g, ' ') : '';
}

/** Resolves who is talking and in which language to answer. */
export async function resolveTurn(context: TurnContext, deps: TurnDeps): Promise<Turn> {
  const activity = context.activity;
  const tenantId = tenantIdOf(activity);
  const aadObjectId = typeof activity.from?.aadObjectId === 'string' && activity.from.aadObjectId ? activity.from.aadObjectId : undefined;
  const userKey = aadObjectId ?? (typeof activity.from?.id === 'string' ? activity.from.id : '');
  const partner = deps.config.PARTNER_TENANT_ID;
  let who: Who;
  let directoryLocale: string | undefined;
  if (tenantId && partner && tenantId.toLowerCase() === partner.toLowerCase()) {
    who = { kind: 'staff', roles: await deps.roles.rolesOf(aadObjectId) };
  } else {
    const customer = tenantId ? await deps.customers.get(tenantId) : undefined;
    who = customer ? { kind: 'customer', customer } : { kind: 'unknown' };
    directoryLocale = customer?.locale;
  }
  // Nothing is kept about people from tenants we don't serve.
  const known = who.kind !== 'unknown' && !!tenantId && !!userKey;
  const kept = known ? await deps.users.get(tenantId, userKey) : undefined;
  // Staff commands are English words whatever language staff read, and an unknown tenant gets
  // one card: only what customers write says which language they speak.
  const text = who.kind === 'customer' ? typedText(activity) : '';
  const { lang, shownUnder } = chooseLanguage({
    cardLanguage: clickedCardLanguage(activity),
    textLanguage: text ? deps.retriever.languageOf(text).lang : undefined,
    kept,
    activityLocale: activity.locale,
    directoryLocale,
    fallback: supportedLanguage(deps.config.DEFAULT_LOCALE) ?? 'en',
  });
  const turn: Turn = {
    who,
    lang,
    languageLocale: shownUnder,
    t: deps.i18n.getFixedT(lang, 'bot'),
    tenantId,
    userKey,
    aadObjectId,
    name: typeof activity.from?.name === 'string' ? activity.from.name : undefined,
    conversationType: typeof activity.conversation?.conversationType === 'string' ? activity.conversation.conversationType : 'personal',
    correlationId: correlationIdOf(context),
  };
  setTurn(context, turn);
  if (known) context.turnState.set(KEPT_USER, { record: kept });
  if (who.kind === 'customer') keepCardsInLanguage(context, lang);
  return turn;
}

const KEPT_USER = Symbol.for('bhd.keptUser');

/**
 * The person's stored record as resolveTurn read it (record undefined: none yet); undefined when
 * it was not read (a tenant we don't serve). Saves reading it again to remember the turn.
 */
export function keptUserOf(context: TurnContext): { record: UserRecord | undefined } | undefined {
  return context.turnState.get(KEPT_USER) as { record: UserRecord | undefined } | undefined;
}

/**
 * Every card a customer gets in this turn (replies, the card an invoke returns) carries the
 * turn's language in its actions' data, so their next click is answered in it.
 */
function keepCardsInLanguage(context: TurnContext, lang: Language): void {
  context.onSendActivities(async (_ctx, activities, next) => {
    activities.forEach((a, i) => (activities[i] = messageInLanguage(a, lang)));
    return next();
  });
}

/** The user's first name for greetings ("Ayşe Yılmaz" → "Ayşe"). */
export function firstName(name: string | undefined): string | undefined {
  const first = name?.trim().split(/\s+/)[0];
  return first && first.length <= 60 ? first : undefined;
}

const TURN = Symbol.for('bhd.turn');

/** Makes the resolved turn available to dialogs running in this turn. */
export function setTurn(context: TurnContext, turn: Turn): void {
  context.turnState.set(TURN, turn);
}

/** The turn resolved for this activity, if any (error handling uses its language). */
export function resolvedTurn(context: TurnContext): Turn | undefined {
  return context.turnState.get(TURN) as Turn | undefined;
}

/** The turn resolved for this activity; dialogs run only after it is set. */
export function turnOf(context: TurnContext): Turn {
  const turn = context.turnState.get(TURN) as Turn | undefined;
  if (!turn) throw new Error('turn not resolved before running a dialog');
  return turn;
}
