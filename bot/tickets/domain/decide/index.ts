/**
 * Decides a command on a ticket as read: who may (policy), the holder rule, then the verb's own
 * decision. Pure: the service reads, calls this, and writes the result conditionally on the read.
 */
import { Actor, clip, Command, LIMITS, PersonRef, Ticket } from '../model';
import { effectiveStatus, heldByOther, mayUse } from '../policy';
import { Decision, DecideRules, DecisionContext } from './context';
import {
  decideAssign,
  decideClaim,
  decideCustomerMessage,
  decideEscalateMicrosoft,
  decideRate,
  decideReopen,
  decideReply,
  decideResolve,
} from './verbs';

export type { Decision, DecideRules } from './context';

/** The decision on `command` by `actor` for ticket `t` at `now`. */
export function decide(t: Ticket, actor: Actor, command: Command, now: Date, rules: DecideRules, newId: () => string): Decision {
  if (!mayUse(actor, command.verb, t)) return { refuse: 'forbidden' };
  const status = effectiveStatus(t, now, rules.reopenWindowDays);
  if (heldByOther(t, actor, command.verb, status)) return { refuse: 'heldByOther', lost: true };
  const person: PersonRef =
    actor.kind === 'system' ? { id: actor.id } : { id: actor.id, ...(actor.name ? { name: clip(actor.name, LIMITS.name) } : {}) };
  const c: DecisionContext = { t, actor, status, person, now, at: now.toISOString(), newId, rules };
  switch (command.verb) {
    case 'claim':
      return decideClaim(c);
    case 'assign':
      return decideAssign(c, command);
    case 'reply':
      return decideReply(c, command);
    case 'resolve':
      return decideResolve(c, command);
    case 'reopen':
      return decideReopen(c);
    case 'escalateMicrosoft':
      return decideEscalateMicrosoft(c, command);
    case 'rate':
      return decideRate(c, command);
    case 'customerMessage':
      return decideCustomerMessage(c, command);
  }
}
