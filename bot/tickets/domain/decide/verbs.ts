/**
 * One decision per verb: given the ticket as read and who acts, refuse or say what changes.
 * Authorization and the holder rule were checked before (see decide/index.ts).
 */
import { microsoftExpectedBy } from '../../microsoft';
import { clip, Command, isOpenStatus, keepLast, LIMITS, MicrosoftEscalation, Rating, TicketMessage } from '../model';
import { mayChangeRating } from '../policy';
import { firstResponse } from '../sla';
import { change, Decision, DecisionContext, REPEAT_MS, UNCHANGED } from './context';

type Of<V extends Command['verb']> = Extract<Command, { verb: V }>;

export function decideClaim(c: DecisionContext): Decision {
  const { t, status, person } = c;
  if (!isOpenStatus(status)) return { refuse: 'notOpen' };
  if (t.assignee?.id === c.actor.id) return UNCHANGED;
  if (t.assignee) return { refuse: 'heldByOther', lost: true };
  return change(c, 'claim', { assignee: person, status: t.status === 'new' ? 'assigned' : t.status }, { assignee: person.id }, [
    { kind: 'customer', event: 'claimed' },
  ]);
}

export function decideAssign(c: DecisionContext, command: Of<'assign'>): Decision {
  const { t, status } = c;
  if (!isOpenStatus(status)) return { refuse: 'notOpen' };
  if (t.assignee?.id === command.assignee.id) return UNCHANGED;
  const assignee = { id: command.assignee.id, ...(command.assignee.name ? { name: clip(command.assignee.name, LIMITS.name) } : {}) };
  return change(
    c,
    'assign',
    { assignee, status: t.status === 'new' ? 'assigned' : t.status },
    { assignee: assignee.id, previousAssignee: t.assignee?.id ?? null },
    // Only the first person on the ticket is news to the customer.
    t.assignee ? [] : [{ kind: 'customer', event: 'claimed' }],
  );
}

export function decideReply(c: DecisionContext, command: Of<'reply'>): Decision {
  const { t, status, person, at, now } = c;
  if (!isOpenStatus(status)) return { refuse: 'notOpen' };
  const message: TicketMessage = { id: c.newId(), from: 'agent', by: person, text: clip(command.message, LIMITS.message), at };
  // Teams retries a slow invoke, sometimes with a new id: the same words again at once are one reply.
  const last = t.messages.at(-1);
  if (
    last &&
    last.from === 'agent' &&
    last.by.id === c.actor.id &&
    last.text === message.text &&
    now.getTime() - Date.parse(last.at) < REPEAT_MS
  ) {
    return UNCHANGED;
  }
  return change(
    c,
    'reply',
    {
      assignee: t.assignee ?? person,
      status: 'waitingOnCustomer',
      messages: keepLast([...t.messages, message], LIMITS.messagesKept),
      sla: firstResponse(t.sla, at),
    },
    { messageId: message.id, length: message.text.length, ...(t.assignee ? {} : { assignee: person.id }) },
    [
      { kind: 'customer', event: 'reply', messageId: message.id },
      { kind: 'threadNote', note: 'agentReply', messageId: message.id },
    ],
  );
}

export function decideResolve(c: DecisionContext, command: Of<'resolve'>): Decision {
  const { t, status, person, at } = c;
  if (!isOpenStatus(status)) return { refuse: 'notOpen' };
  const resolution = command.resolution.trim() ? clip(command.resolution.trim(), LIMITS.resolution) : null;
  return change(
    c,
    'resolve',
    { status: 'resolved', resolution, resolvedAt: at, assignee: t.assignee ?? person, sla: firstResponse(t.sla, at) },
    { hasResolution: resolution !== null },
    [{ kind: 'customer', event: 'resolved' }],
  );
}

export function decideReopen(c: DecisionContext): Decision {
  const { t, status, actor } = c;
  if (isOpenStatus(status)) return { refuse: 'notResolved' };
  // Staff may reopen a closed ticket; the customer only within the window.
  if (actor.kind === 'customer' && status === 'closed') return { refuse: 'reopenWindowOver' };
  return change(
    c,
    'reopen',
    { status: t.assignee ? 'assigned' : 'new', reopenCount: t.reopenCount + 1, resolvedAt: null },
    { reopenCount: t.reopenCount + 1 },
    actor.kind === 'customer' ? [{ kind: 'threadNote', note: 'reopenedByCustomer' }] : [{ kind: 'customer', event: 'reopened' }],
  );
}

export function decideEscalateMicrosoft(c: DecisionContext, command: Of<'escalateMicrosoft'>): Decision {
  const { t, status, person, at, now } = c;
  if (!isOpenStatus(status)) return { refuse: 'notOpen' };
  const plan = command.route === 'technical' ? command.plan : null;
  const m = t.microsoft;
  if (
    m &&
    status === 'waitingOnMicrosoft' &&
    m.route === command.route &&
    m.severity === command.severity &&
    m.caseNumber === command.caseNumber &&
    m.plan === plan
  ) {
    return UNCHANGED;
  }
  const microsoft: MicrosoftEscalation = {
    route: command.route,
    plan,
    severity: command.severity,
    caseNumber: command.caseNumber,
    expectedResponseBy: microsoftExpectedBy(command.route, command.severity, now),
    escalatedAt: at,
    by: person,
  };
  return change(
    c,
    'escalateMicrosoft',
    { microsoft, status: 'waitingOnMicrosoft', assignee: t.assignee ?? person, sla: firstResponse(t.sla, at) },
    { route: microsoft.route, plan: microsoft.plan, severity: microsoft.severity, caseNumber: microsoft.caseNumber },
    [{ kind: 'customer', event: 'microsoft' }],
  );
}

/**
 * The customer's rating: once, then one correction within RATING_CHANGE_MS (audited as a change
 * from the old score to the new), then final. Never overwritten silently.
 */
export function decideRate(c: DecisionContext, command: Of<'rate'>): Decision {
  const { t, status, person, at, now } = c;
  if (!Number.isInteger(command.rating) || command.rating < 1 || command.rating > 5) return { refuse: 'invalid' };
  if (isOpenStatus(status)) return { refuse: 'notResolved' };
  const comment = command.comment ? clip(command.comment, LIMITS.comment) : null;
  const prev = t.rating;
  // The same rating again is a retry (or a second click on the same card), not a change.
  if (prev && prev.score === command.rating && prev.comment === comment) return UNCHANGED;
  if (!prev) {
    const rating: Rating = { score: command.rating, comment, at, by: person };
    return change(c, 'rate', { rating }, { rating: rating.score, hasComment: comment !== null, previous: null }, [
      { kind: 'threadNote', note: 'rated' },
    ]);
  }
  if (!mayChangeRating(prev, now)) return { refuse: 'alreadyRated' };
  const rating: Rating = { ...prev, score: command.rating, comment, by: person, changedFrom: prev.score, changedAt: at };
  return change(c, 'rateChange', { rating }, { rating: rating.score, previous: prev.score, hasComment: comment !== null }, [
    { kind: 'threadNote', note: 'ratingChanged' },
  ]);
}

export function decideCustomerMessage(c: DecisionContext, command: Of<'customerMessage'>): Decision {
  const { t, person, at } = c;
  if (t.status !== 'waitingOnCustomer') return { refuse: 'notWaitingOnCustomer' };
  const message: TicketMessage = { id: c.newId(), from: 'customer', by: person, text: clip(command.text, LIMITS.question), at };
  return change(
    c,
    'customerMessage',
    { status: t.assignee ? 'assigned' : 'new', messages: keepLast([...t.messages, message], LIMITS.messagesKept) },
    { messageId: message.id, length: message.text.length },
    [{ kind: 'threadNote', note: 'customerMessage', messageId: message.id }],
  );
}
