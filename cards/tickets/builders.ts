/**
 * Ticket cards: the agents' escalation card (agent and read-only views), the customer's offer,
 * confirmation, ticket list and rating cards, and the staff queue. Pure functions of a ticket and
 * a translation function; strings are translated here and people's text escaped before templating.
 */
import type { TFunction } from 'i18next';
import { Language } from '../../bot/platform/config';
import { intlLocale } from '../../bot/platform/i18n';
import {
  AuditEntry,
  LIMITS,
  MICROSOFT_PLANS,
  MICROSOFT_ROUTES,
  MICROSOFT_SEVERITIES,
  MICROSOFT_FIRST_RESPONSE_HOURS,
  PersonRef,
  Priority,
  Ticket,
  TicketStatus,
} from '../../bot/tickets/service';
import { Versioned } from '../../bot/platform/store/types';
import { AdaptiveCard, escapeText, renderCard } from '../render';

/** What every ticket button carries: where the ticket is, and its number for people and logs. */
export interface TicketActionData {
  tenantId: string;
  ticketId: string;
  number: number;
}

/** What the offer card's button carries to `ticket.create`. */
export interface TicketDraft {
  draftId: string;
  question: string;
  product: string;
  topic: string;
  section: string | null;
}

export interface CardClock {
  lang: Language;
  /** The partner's time zone: due times are shown in it. */
  timeZone: string;
  now: Date;
}

export type NoticeTone = 'good' | 'attention' | 'warning' | 'default';

export interface Notice {
  text: string;
  tone: NoticeTone;
}

const TONE_COLOR: Record<NoticeTone, string> = { good: 'Good', attention: 'Attention', warning: 'Warning', default: 'Default' };

export function actionData(doc: Versioned<Ticket>): TicketActionData {
  return { tenantId: doc.pk, ticketId: doc.id, number: doc.value.number };
}

/** "Tue, 24 Nov, 14:00 GMT+3" in the reader's language, in the partner's time zone. */
export function formatWhen(at: Date | string, c: Pick<CardClock, 'lang' | 'timeZone'>): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  return new Intl.DateTimeFormat(intlLocale(c.lang), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: c.timeZone,
    timeZoneName: 'shortOffset',
  }).format(d);
}

export function formatDate(at: string, c: Pick<CardClock, 'lang' | 'timeZone'>): string {
  return new Intl.DateTimeFormat(intlLocale(c.lang), { day: 'numeric', month: 'short', year: 'numeric', timeZone: c.timeZone }).format(
    new Date(at),
  );
}

/** "3 h 20 min" in the reader's language. */
export function formatDuration(ms: number, t: TFunction): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t('time.minutes', { m });
  if (m === 0) return t('time.hours', { h });
  return t('time.hoursMinutes', { h, m });
}

function known(t: TFunction, group: string, value: string | null): string {
  if (!value) return t('card.none');
  const key = `${group}.${value}`;
  const s = t(key);
  return s === key ? escapeText(value, 60) : s;
}

function personName(p: PersonRef | null | undefined, t: TFunction): string {
  if (!p) return t('card.nobody');
  return p.name ? escapeText(p.name, LIMITS.name) : escapeText(p.id, 64);
}

/** The SLA as a person reads it: due, overdue, paused with time left, met or missed. */
export function slaText(ticket: Ticket, status: TicketStatus, t: TFunction, c: CardClock): string {
  const sla = ticket.sla;
  if (status === 'resolved' || status === 'closed') {
    return sla.breachedAt ? t('sla.missed', { when: formatWhen(sla.breachedAt, c) }) : t('sla.met');
  }
  if (sla.dueAt) {
    const due = new Date(sla.dueAt);
    return due.getTime() < c.now.getTime() ? t('sla.overdue', { when: formatWhen(due, c) }) : t('sla.due', { when: formatWhen(due, c) });
  }
  return t('sla.paused', { left: formatDuration(sla.remainingMs ?? 0, t) });
}

export function statusText(ticket: Ticket, status: TicketStatus, t: TFunction): string {
  const label = t(`status.${status}`);
  return ticket.assignee && status !== 'new'
    ? t('card.statusWithAssignee', { status: label, assignee: personName(ticket.assignee, t) })
    : label;
}

function microsoftText(ticket: Ticket, t: TFunction, c: CardClock): string | undefined {
  const m = ticket.microsoft;
  if (!m) return undefined;
  const parts = [t(`route.${m.route}`)];
  if (m.plan) parts.push(t(`plan.${m.plan}`));
  parts.push(
    t('card.severity', { severity: m.severity }),
    t('card.caseNumber', { caseNumber: escapeText(m.caseNumber, LIMITS.caseNumber) }),
  );
  if (m.expectedResponseBy) parts.push(t('card.microsoftExpected', { when: formatWhen(m.expectedResponseBy, c) }));
  return parts.join(' · ');
}

function auditLine(a: AuditEntry, t: TFunction, c: CardClock): string {
  const who = a.by.name ? escapeText(a.by.name, LIMITS.name) : a.by.kind === 'system' ? t('card.system') : escapeText(a.by.id, 64);
  const what = t(`audit.${a.action}`, { defaultValue: escapeText(a.action, 40) });
  const outcome = a.outcome === 'done' ? '' : ` — ${t(`audit.outcome.${a.outcome}`)}${a.reason ? ` (${t(`reason.${a.reason}`)})` : ''}`;
  return `${formatWhen(a.at, c)} · ${who} · ${what}${outcome}`;
}

export interface EscalationCardOptions extends CardClock {
  /** Agents get the buttons; everyone else a read-only view with a way to ask for their view. */
  view: 'agent' | 'readOnly';
  status: TicketStatus;
  /** Agents the ticket can be assigned to. */
  agents: PersonRef[];
  /** Teams user ids (29:…) whose card refreshes itself: the agents. */
  userIds: string[];
  notice?: Notice;
  /** The support-terms section the bot had answered with: its title and the start of the answer. */
  section?: { title: string; excerpt: string };
  /** Show the audit trail (the `ticket <n>` view). */
  history?: boolean;
}

/** The escalation card in the agents' channel, and the same card in `ticket <n>`. */
export function escalationCard(doc: Versioned<Ticket>, t: TFunction, o: EscalationCardOptions): AdaptiveCard {
  const ticket = doc.value;
  const open = o.status !== 'resolved' && o.status !== 'closed';
  const agent = o.view === 'agent';
  const facts = [
    { title: t('card.customer'), value: escapeText(ticket.customerName, LIMITS.name) },
    { title: t('card.requester'), value: personName(ticket.requester, t) },
    { title: t('card.product'), value: known(t, 'product', ticket.product) },
    { title: t('card.topic'), value: known(t, 'topic', ticket.topic) },
    { title: t('card.priority'), value: t(`priority.${ticket.priority}`) },
    { title: t('card.status'), value: t(`status.${o.status}`) },
    { title: t('card.assignee'), value: personName(ticket.assignee, t) },
    { title: t('card.sla'), value: slaText(ticket, o.status, t, o) },
    { title: t('card.opened'), value: formatWhen(ticket.createdAt, o) },
  ];
  const ms = microsoftText(ticket, t, o);
  if (ms) facts.push({ title: t('card.microsoft'), value: ms });
  if (ticket.rating) {
    facts.push({
      title: t('card.rating'),
      value: ticket.rating.comment
        ? t('card.ratingWithComment', { score: ticket.rating.score, comment: escapeText(ticket.rating.comment, 300) })
        : t('card.ratingValue', { score: ticket.rating.score }),
    });
  }
  if (ticket.resolution && !open) facts.push({ title: t('card.resolution'), value: escapeText(ticket.resolution, 600) });
  const messages = ticket.messages.slice(-3).map((m) =>
    t(m.from === 'agent' ? 'card.messageFromAgent' : 'card.messageFromCustomer', {
      name: personName(m.by, t),
      when: formatWhen(m.at, o),
      text: escapeText(m.text, 600),
    }),
  );
  const ref = actionData(doc);
  const agents = o.agents.slice(0, 100).map((a) => ({ id: a.id, name: a.name ? escapeText(a.name, 100) : a.id }));
  return renderCard('tickets/escalation', {
    ref,
    userIds: o.userIds.slice(0, 60),
    refreshTitle: t('card.refresh'),
    notice: o.notice?.text ?? '',
    noticeColor: TONE_COLOR[o.notice?.tone ?? 'default'],
    title: t('card.title', { number: ticket.number, customer: escapeText(ticket.customerName, LIMITS.name) }),
    statusLine: t('card.statusLine', { status: statusText(ticket, o.status, t), priority: t(`priority.${ticket.priority}`) }),
    facts,
    questionHeading: t('card.questionHeading'),
    question: escapeText(ticket.question, LIMITS.question),
    answer: ticket.section && o.section ? t('card.botAnswered', { section: o.section.title }) : t('card.botHadNoAnswer'),
    answerExcerpt: ticket.section && o.section ? escapeText(o.section.excerpt, 400) : '',
    messagesHeading: t('card.messagesHeading'),
    messages,
    historyHeading: t('card.historyHeading'),
    history: o.history ? ticket.audit.slice(-12).map((a) => auditLine(a, t, o)) : [],
    canClaim: agent && open && !ticket.assignee,
    canWork: agent && open,
    canReopen: agent && !open,
    showRefresh: !agent,
    assigneeDefault: ticket.assignee?.id ?? '',
    agents,
    routes: MICROSOFT_ROUTES.map((r) => ({ value: r, title: t(`route.${r}`) })),
    plans: [{ value: '', title: t('plan.none') }, ...MICROSOFT_PLANS.map((p) => ({ value: p, title: t(`plan.${p}`) }))],
    severities: MICROSOFT_SEVERITIES.map((s) => ({
      value: s,
      title: t('severityChoice', { severity: s, hours: MICROSOFT_FIRST_RESPONSE_HOURS[s] }),
    })),
    limits: { message: LIMITS.message, resolution: LIMITS.resolution, caseNumber: LIMITS.caseNumber },
    labels: {
      claim: t('actions.claim'),
      assign: t('actions.assign'),
      assignee: t('actions.assignee'),
      assigneeError: t('validation.assignee'),
      assignSubmit: t('actions.assignSubmit'),
      reply: t('actions.reply'),
      message: t('actions.message'),
      messageError: t('validation.messageRequired'),
      replySubmit: t('actions.replySubmit'),
      resolve: t('actions.resolve'),
      resolution: t('actions.resolution'),
      resolveSubmit: t('actions.resolveSubmit'),
      escalate: t('actions.escalate'),
      escalateHelp: t('actions.escalateHelp'),
      route: t('actions.route'),
      plan: t('actions.plan'),
      severity: t('actions.severity'),
      caseNumber: t('actions.caseNumber'),
      caseNumberError: t('validation.caseNumber', { max: LIMITS.caseNumber }),
      escalateSubmit: t('actions.escalateSubmit'),
      reopen: t('actions.reopen'),
      showActions: t('actions.showActions'),
    },
  });
}

export interface CustomerCardOptions extends CardClock {
  partner: string;
  reopenWindowDays: number;
  notice?: Notice;
}

/** The offer of a person after an unhelpful answer: when someone will answer, and a button that opens the ticket. */
export function offerCard(
  draft: TicketDraft,
  t: TFunction,
  o: CardClock & { partner: string; priority: Priority; dueAt: Date; opensAt?: Date; openNow: boolean },
): AdaptiveCard {
  return renderCard('tickets/offer', {
    title: t('offer.title'),
    lines: [
      t('offer.body', { partner: o.partner }),
      availabilityLine(t, o),
      t('offer.due', { when: formatWhen(o.dueAt, o), priority: t(`priority.${o.priority}`) }),
    ],
    button: t('offer.button'),
    draft,
  });
}

function availabilityLine(t: TFunction, o: CardClock & { opensAt?: Date; openNow: boolean }): string {
  if (o.openNow) return t('availability.openNow');
  if (o.opensAt) return t('availability.opensAt', { when: formatWhen(o.opensAt, o) });
  return t('availability.unknown');
}

/** The customer's confirmation of a ticket: its number and when a person will answer. */
export function confirmationLines(
  doc: Versioned<Ticket>,
  t: TFunction,
  o: CardClock & { partner: string; opensAt?: Date; openNow: boolean },
): { title: string; lines: string[] } {
  const ticket = doc.value;
  const lines = [
    ticket.sla.dueAt
      ? t('confirm.due', { partner: o.partner, when: formatWhen(ticket.sla.dueAt, o) })
      : t('confirm.noDue', { partner: o.partner }),
    availabilityLine(t, o),
    t('confirm.priority', { priority: t(`priority.${ticket.priority}`) }),
    t('confirm.follow'),
  ];
  return { title: t('confirm.title', { number: ticket.number }), lines };
}

/** "My tickets": the customer's tickets with their status, and reopen where the window allows. */
export function customerTicketsCard(
  docs: Versioned<Ticket>[],
  statusOf: (t: Ticket) => TicketStatus,
  t: TFunction,
  o: CustomerCardOptions & { canReopen: (t: Ticket) => boolean },
): AdaptiveCard {
  const items = docs.map((doc) => {
    const ticket = doc.value;
    const status = statusOf(ticket);
    const lines = [
      t('list.opened', { date: formatDate(ticket.createdAt, o) }),
      t('list.question', { text: escapeText(ticket.question, 140) }),
    ];
    if (ticket.assignee && status !== 'new') lines.push(t('list.handledBy', { name: personName(ticket.assignee, t) }));
    if (ticket.microsoft) lines.push(t('list.microsoft', { caseNumber: escapeText(ticket.microsoft.caseNumber, LIMITS.caseNumber) }));
    if (ticket.rating) lines.push(t('list.rated', { score: ticket.rating.score }));
    const buttons = o.canReopen(ticket)
      ? [{ title: t('actions.reopenNumber', { number: ticket.number }), verb: 'ticket.reopen', data: actionData(doc) }]
      : [];
    return { heading: t('list.heading', { number: ticket.number, status: t(`status.${status}`) }), lines, buttons };
  });
  return renderCard('tickets/list', {
    notice: o.notice?.text ?? '',
    noticeColor: TONE_COLOR[o.notice?.tone ?? 'default'],
    title: t('list.title'),
    intro: docs.length === 0 ? t('list.none') : '',
    items,
    footer: t('list.footer', { days: o.reopenWindowDays }),
  });
}

/** Told after resolving: the resolution, a rating (1–5 with a comment) and reopen within the window. */
export function ratingCard(doc: Versioned<Ticket>, t: TFunction, o: CustomerCardOptions & { canReopen: boolean }): AdaptiveCard {
  const ticket = doc.value;
  const lines = [t('rating.resolvedBy', { number: ticket.number, name: personName(ticket.assignee, t), partner: o.partner })];
  if (ticket.resolution) lines.push(t('rating.resolution', { text: escapeText(ticket.resolution, LIMITS.resolution) }));
  if (o.canReopen) lines.push(t('rating.reopenHint', { days: o.reopenWindowDays }));
  return renderCard('tickets/rating', {
    notice: o.notice?.text ?? '',
    noticeColor: TONE_COLOR[o.notice?.tone ?? 'default'],
    title: t('rating.title', { number: ticket.number }),
    lines,
    question: t('rating.question'),
    ratingLabel: t('rating.label'),
    ratingDefault: ticket.rating ? String(ticket.rating.score) : '',
    ratingError: t('validation.rating'),
    choices: [5, 4, 3, 2, 1].map((n) => ({ value: String(n), title: t(`rating.choice${n}`) })),
    commentLabel: t('rating.comment'),
    commentMax: LIMITS.comment,
    commentDefault: ticket.rating?.comment ?? '',
    submit: t('rating.submit'),
    reopen: t('actions.reopen'),
    canReopen: o.canReopen,
    ref: actionData(doc),
  });
}

/** The staff queue: open tickets, most urgent first. */
export function queueCard(
  docs: Versioned<Ticket>[],
  statusOf: (t: Ticket) => TicketStatus,
  t: TFunction,
  o: CardClock & { max?: number },
): AdaptiveCard {
  const max = o.max ?? 25;
  const items = docs.slice(0, max).map((doc) => {
    const ticket = doc.value;
    const status = statusOf(ticket);
    return {
      heading: t('queue.heading', {
        number: ticket.number,
        priority: t(`priority.${ticket.priority}`),
        customer: escapeText(ticket.customerName, 80),
      }),
      lines: [
        t('queue.line', { status: statusText(ticket, status, t), sla: slaText(ticket, status, t, o) }),
        escapeText(ticket.question, 120),
      ],
      buttons: [],
    };
  });
  return renderCard('tickets/list', {
    notice: '',
    noticeColor: 'Default',
    title: t('queue.title', { count: docs.length }),
    intro: docs.length === 0 ? t('queue.empty') : '',
    items,
    footer: [docs.length > max ? t('queue.more', { count: docs.length - max }) : '', docs.length > 0 ? t('queue.hint') : '']
      .filter(Boolean)
      .join(' '),
  });
}
