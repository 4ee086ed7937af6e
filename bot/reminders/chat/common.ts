/** What the reminder handlers share: the namespace in the turn's language, refusals, the partner's day. */
import { AdaptiveCardInvokeResponse } from 'botbuilder';
import type { TFunction } from 'i18next';
import { remindersT } from '../../../cards/reminders/common';
import { partnerToday } from '../../../cards/reminders/reminder';
import { cardResponse } from '../../cardActions';
import { Deps } from '../../deps';
import { ErrorKey, errorCode } from '../../platform/errors';
import { noticeCard } from '../../platform/teams/cardMessage';
import { Turn } from '../../turn';

/** The reminders namespace in the turn's language. */
export function rt(deps: Deps, turn: Turn): TFunction {
  return remindersT(deps.i18n, turn.lang);
}

/** Today in the partner's time zone. */
export function today(deps: Deps): string {
  return partnerToday(deps.reminderChat.now(), deps);
}

/** A refusal card in the reminders namespace; nothing changed. */
export function refused(deps: Deps, turn: Turn, key: string, values: Record<string, string | number> = {}): AdaptiveCardInvokeResponse {
  const t = rt(deps, turn);
  return cardResponse(noticeCard(t('refusal.title'), [t(key, { partner: deps.partnerName, ...values })]));
}

/** Logs a refused reminder action with its catalog code (a warning: someone tried what they may not). */
export function logRefusal(deps: Deps, turn: Turn, key: ErrorKey, verb: string, extra: Record<string, unknown> = {}): void {
  deps.log.warn({
    code: errorCode(key),
    event: 'reminders.refused',
    verb,
    by: turn.userKey,
    kind: turn.who.kind,
    tenantId: turn.tenantId,
    correlationId: turn.correlationId,
    ...extra,
  });
}
