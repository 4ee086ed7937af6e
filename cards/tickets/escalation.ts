/** The agents' escalation card (agent and read-only views), in the channel and in `ticket <n>`. */
import type { TFunction } from 'i18next';
import { AuditEntry, LIMITS, PersonRef, Ticket, TicketStatus } from '../../bot/tickets/domain/model';
import { agentButtons } from '../../bot/tickets/domain/policy';
import { MICROSOFT_FIRST_RESPONSE_HOURS, MICROSOFT_PLANS, MICROSOFT_ROUTES, MICROSOFT_SEVERITIES } from '../../bot/tickets/microsoft';
import { Versioned } from '../../bot/platform/store/types';
import { AdaptiveCard, escapeText, renderCard } from '../render';
import { actionData, askedText, CardClock, formatWhen, known, Notice, noticeData, personName, slaText, statusText } from './format';

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
  const fact = (k: string) => escapeText(String(a.detail?.[k] ?? ''), 20);
  const what = t(`audit.${a.action}`, { defaultValue: escapeText(a.action, 40), previous: fact('previous'), rating: fact('rating') });
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
  const can = agentButtons(o.view === 'agent', ticket, o.status);
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
    ...noticeData(o.notice),
    title: t('card.title', { number: ticket.number, customer: escapeText(ticket.customerName, LIMITS.name) }),
    statusLine: t('card.statusLine', { status: statusText(ticket, o.status, t), priority: t(`priority.${ticket.priority}`) }),
    facts,
    questionHeading: t('card.questionHeading'),
    question: askedText(ticket, t, LIMITS.question).text,
    answer: ticket.section && o.section ? t('card.botAnswered', { section: o.section.title }) : t('card.botHadNoAnswer'),
    answerExcerpt: ticket.section && o.section ? escapeText(o.section.excerpt, 400) : '',
    messagesHeading: t('card.messagesHeading'),
    messages,
    historyHeading: t('card.historyHeading'),
    history: o.history ? ticket.audit.slice(-12).map((a) => auditLine(a, t, o)) : [],
    canClaim: can.claim,
    canWork: can.work,
    canReopen: can.reopen,
    showRefresh: o.view !== 'agent',
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
