/**
 * Tickets in the conversation: the card verbs of CONTRACT.md (plus `ticket.refresh` for the
 * Universal Actions refresh and `ticket.list`), the customer's typed requests ("talk to a
 * person", "my tickets", answers to an agent), the offer card, and the staff commands `queue`
 * and `ticket <n>`. Every verb is authorized on the server; the domain rules live in
 * services/tickets.ts, delivery to other people in ticketDelivery.ts.
 */
import { randomUUID } from 'node:crypto';
import { foldText } from '../platform/text';
import { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { TFunction } from 'i18next';
import { AdaptiveCard } from '../../cards/render';
import {
  confirmationLines,
  customerTicketsCard,
  formatWhen,
  Notice,
  offerCard,
  queueCard,
  ratingCard,
  TicketDraft,
} from '../../cards/tickets/builders';
import { Deps } from '../deps';
import { isSectionId } from '../knowledge/terms';
import {
  Actor,
  canWorkTickets,
  Command,
  LIMITS,
  MICROSOFT_PLANS,
  MICROSOFT_ROUTES,
  MICROSOFT_SEVERITIES,
  MicrosoftPlan,
  MicrosoftRoute,
  MicrosoftSeverity,
  priorityFor,
  RefusalReason,
  Ticket,
  TicketRef,
} from './service';
import { Versioned } from '../platform/store/types';
import { cardClock, escalationView, ticketsT } from './views';
import { Turn } from '../turn';
import type { PersonRequest } from '../conversation/answers';
import { ActionData, ActionHandler, cardResponse } from '../cardActions';
import { cardMessage, noticeCard } from '../platform/teams/cardMessage';
import { MAX_MESSAGE_CHARS } from '../platform/limits';

const TENANT_ID = /^[0-9A-Za-z][0-9A-Za-z.-]{0,63}$/;
const TICKET_ID = /^tk-[0-9a-f]{40}$/;
const DRAFT_ID = /^[A-Za-z0-9_.:-]{8,100}$/;
const TOKEN = /^[A-Za-z0-9_-]{0,40}$/;
const OBJECT_ID = /^[0-9A-Za-z-]{1,64}$/;
const CASE_NUMBER = /^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/;

function tt(deps: Deps, turn: Turn): TFunction {
  return ticketsT(deps, turn.lang);
}

/** Who is acting, as the ticket domain sees it. */
export function actorOf(turn: Turn): Actor {
  const name = turn.name ? { name: turn.name } : {};
  if (turn.who.kind === 'staff') return { kind: 'staff', id: turn.userKey, roles: turn.who.roles, ...name };
  if (turn.who.kind === 'customer') return { kind: 'customer', tenantId: turn.tenantId, id: turn.userKey, ...name };
  return { kind: 'unknown', tenantId: turn.tenantId, id: turn.userKey, ...name };
}

function rolesOf(turn: Turn): readonly string[] {
  return turn.who.kind === 'staff' ? turn.who.roles : [];
}

/** A number as a person or a card sends it: 12, "12" or "#12". */
function parseNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return v;
  if (typeof v === 'string' && /^#?\d{1,9}$/.test(v.trim())) return Number(v.trim().replace('#', ''));
  return undefined;
}

/** Finds the ticket a card action names: by tenant and id (our cards), or by number. */
async function ticketOf(deps: Deps, data: ActionData): Promise<Versioned<Ticket> | 'bad' | undefined> {
  const { tenantId, ticketId } = data;
  if (typeof tenantId === 'string' && typeof ticketId === 'string') {
    if (!TENANT_ID.test(tenantId) || !TICKET_ID.test(ticketId)) return 'bad';
    return deps.tickets.get({ tenantId, id: ticketId });
  }
  const number = parseNumber(data.number ?? data.ticketNumber ?? data.ticket ?? data.ticketId);
  if (number === undefined) return 'bad';
  return deps.tickets.byNumber(number);
}

function refOf(doc: Versioned<Ticket>): TicketRef {
  return { tenantId: doc.pk, id: doc.id };
}

function notice(text: string, tone: Notice['tone'] = 'attention'): Notice {
  return { text, tone };
}

/** A plain card for people who get no ticket view (customers of another tenant, unknown tenants). */
function plainRefusal(deps: Deps, turn: Turn, key = 'refusal.forbidden'): AdaptiveCardInvokeResponse {
  const t = tt(deps, turn);
  return cardResponse(noticeCard(t('refusal.title'), [t(key)]));
}

function refusalText(t: TFunction, reason: RefusalReason, doc: Versioned<Ticket> | undefined): string {
  const holder = doc?.value.assignee?.name ?? doc?.value.assignee?.id ?? '';
  return t(`refusal.${reason}Long`, { number: doc?.value.number ?? '', holder, days: '' });
}

// ---------------------------------------------------------------------------------------------
// Validation of card inputs: a clear message, nothing changed.

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function text(data: ActionData, field: string): string | undefined {
  const v = data[field];
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : undefined;
}

async function parseCommand(verb: string, data: ActionData, t: TFunction, deps: Deps): Promise<Parsed<Command>> {
  switch (verb) {
    case 'claim':
      return { ok: true, value: { verb: 'claim' } };
    case 'reopen':
      return { ok: true, value: { verb: 'reopen' } };
    case 'assign': {
      const id = text(data, 'assignee')?.trim() ?? '';
      if (!id || !OBJECT_ID.test(id)) return { ok: false, message: t('validation.assignee') };
      const roles = await deps.roles.rolesOf(id);
      if (!canWorkTickets(roles)) return { ok: false, message: t('validation.assigneeNotAgent') };
      const user = deps.config.PARTNER_TENANT_ID ? await deps.users.get(deps.config.PARTNER_TENANT_ID, id) : undefined;
      return { ok: true, value: { verb: 'assign', assignee: { id, ...(user?.name ? { name: user.name } : {}) } } };
    }
    case 'reply': {
      const message = text(data, 'message');
      if (message === undefined) return { ok: false, message: t('validation.messageRequired') };
      if (!message.trim()) return { ok: false, message: t('validation.messageRequired') };
      if (message.length > LIMITS.message)
        return { ok: false, message: t('validation.messageTooLong', { length: message.length, max: LIMITS.message }) };
      return { ok: true, value: { verb: 'reply', message: message.trim() } };
    }
    case 'resolve': {
      const resolution = text(data, 'resolution');
      if (resolution === undefined) return { ok: false, message: t('validation.resolution', { max: LIMITS.resolution }) };
      if (resolution.length > LIMITS.resolution) return { ok: false, message: t('validation.resolution', { max: LIMITS.resolution }) };
      return { ok: true, value: { verb: 'resolve', resolution } };
    }
    case 'escalateMicrosoft': {
      const route = text(data, 'route')?.trim().toLowerCase() ?? '';
      if (!(MICROSOFT_ROUTES as readonly string[]).includes(route)) return { ok: false, message: t('validation.route') };
      const severity = text(data, 'severity')?.trim().toUpperCase() ?? '';
      if (!(MICROSOFT_SEVERITIES as readonly string[]).includes(severity)) return { ok: false, message: t('validation.severity') };
      const plan = text(data, 'plan')?.trim().toLowerCase();
      if (plan === undefined || (plan !== '' && !(MICROSOFT_PLANS as readonly string[]).includes(plan)))
        return { ok: false, message: t('validation.plan') };
      if (route === 'technical' && plan === '') return { ok: false, message: t('validation.planRequired') };
      const caseNumber = text(data, 'caseNumber')?.trim() ?? '';
      if (!CASE_NUMBER.test(caseNumber)) return { ok: false, message: t('validation.caseNumber', { max: LIMITS.caseNumber }) };
      return {
        ok: true,
        value: {
          verb: 'escalateMicrosoft',
          route: route as MicrosoftRoute,
          plan: route === 'technical' ? (plan as MicrosoftPlan) : null,
          severity: severity as MicrosoftSeverity,
          caseNumber,
        },
      };
    }
    case 'rate': {
      const raw = data.rating;
      const rating = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d\s*$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isInteger(rating) || rating < 1 || rating > 5) return { ok: false, message: t('validation.rating') };
      const comment = text(data, 'comment');
      if (comment === undefined || comment.length > LIMITS.comment)
        return { ok: false, message: t('validation.comment', { max: LIMITS.comment }) };
      return { ok: true, value: { verb: 'rate', rating, comment: comment.trim() ? comment.trim() : null } };
    }
  }
  return { ok: false, message: t('validation.unknown') };
}

// ---------------------------------------------------------------------------------------------
// Verbs on an existing ticket.

const DONE_KEYS: Record<string, string> = {
  claim: 'done.claim',
  assign: 'done.assign',
  reply: 'done.reply',
  resolve: 'done.resolve',
  reopen: 'done.reopen',
  escalateMicrosoft: 'done.escalateMicrosoft',
  rate: 'done.rate',
};

/** The card a customer sees for their own ticket after a verb (rating form or a notice). */
function customerTicketResponse(deps: Deps, turn: Turn, doc: Versioned<Ticket>, n: Notice): AdaptiveCardInvokeResponse {
  const t = tt(deps, turn);
  const now = deps.tickets.now();
  const status = deps.tickets.effectiveStatus(doc.value, now);
  if (status === 'resolved' || status === 'closed') {
    return cardResponse(
      ratingCard(doc, t, {
        ...cardClock(deps, turn.lang, now),
        partner: deps.partnerName,
        reopenWindowDays: deps.tickets.options.reopenWindowDays,
        canReopen: deps.tickets.withinReopenWindow(doc.value, now),
        notice: n,
      }),
    );
  }
  return cardResponse(
    customerTicketsCard([doc], (x) => deps.tickets.effectiveStatus(x, now), t, {
      ...cardClock(deps, turn.lang, now),
      partner: deps.partnerName,
      reopenWindowDays: deps.tickets.options.reopenWindowDays,
      canReopen: () => false,
      notice: n,
    }),
  );
}

function ticketVerb(verb: Command['verb']): ActionHandler {
  return async (_context, turn, deps, data) => {
    const t = tt(deps, turn);
    const found = await ticketOf(deps, data);
    if (found === 'bad') {
      deps.log.info({ event: 'ticket.badRef', verb, correlationId: turn.correlationId });
      return turn.who.kind === 'staff'
        ? cardResponse(noticeCard(t('refusal.title'), [t('validation.badTicket')]))
        : plainRefusal(deps, turn);
    }
    if (!found) {
      deps.log.info({ event: 'ticket.notFound', verb, correlationId: turn.correlationId });
      return turn.who.kind === 'staff'
        ? cardResponse(noticeCard(t('refusal.title'), [t('refusal.notFoundLong')]))
        : plainRefusal(deps, turn);
    }
    const actor = actorOf(turn);
    const ref = refOf(found);
    const forStaff = turn.who.kind === 'staff';
    const view = (doc: Versioned<Ticket>, n: Notice) =>
      forStaff
        ? escalationView(deps, doc, turn.lang, rolesOf(turn), { notice: n }).then(cardResponse)
        : Promise.resolve(customerTicketResponse(deps, turn, doc, n));

    // Who may act is checked before the inputs, so a forged verb is refused (and audited) whatever it carries.
    const staffVerb = verb !== 'rate' && (verb !== 'reopen' || actor.kind === 'staff');
    const allowed = staffVerb
      ? actor.kind === 'staff' && canWorkTickets(actor.roles)
      : actor.kind === 'customer' && actor.tenantId === found.value.tenantId;
    if (!allowed) {
      await deps.tickets.auditRefusal(ref, actor, verb, 'forbidden');
      deps.log.info({
        event: 'ticket.refused',
        verb,
        reason: 'forbidden',
        by: turn.userKey,
        number: found.value.number,
        correlationId: turn.correlationId,
      });
      if (forStaff) return view(found, notice(t('refusal.forbiddenStaff', { number: found.value.number })));
      return plainRefusal(deps, turn);
    }

    const parsed = await parseCommand(verb, data, t, deps);
    if (!parsed.ok) {
      deps.log.info({ event: 'ticket.badInput', verb, number: found.value.number, correlationId: turn.correlationId });
      return view(found, notice(parsed.message));
    }
    const result = await deps.tickets.act(ref, actor, parsed.value);
    if (!result.ok) {
      deps.log.info({
        event: 'ticket.refused',
        verb,
        reason: result.reason,
        by: turn.userKey,
        number: found.value.number,
        correlationId: turn.correlationId,
      });
      const current = result.ticket ?? found;
      const days = deps.tickets.options.reopenWindowDays;
      const msg =
        result.reason === 'reopenWindowOver'
          ? t('refusal.reopenWindowOverLong', { number: current.value.number, days })
          : refusalText(t, result.reason, current);
      return view(current, notice(msg, result.reason === 'heldByOther' ? 'warning' : 'attention'));
    }
    deps.log.info({
      event: `ticket.${verb}`,
      number: result.ticket.value.number,
      changed: result.changed,
      by: turn.userKey,
      correlationId: turn.correlationId,
    });
    const doneText = result.changed
      ? t(DONE_KEYS[verb], {
          number: result.ticket.value.number,
          assignee: result.ticket.value.assignee?.name ?? result.ticket.value.assignee?.id ?? '',
          score: result.ticket.value.rating?.score ?? '',
        })
      : t('done.unchanged', { number: result.ticket.value.number });
    if (!forStaff && verb === 'reopen') {
      const c = cardClock(deps, turn.lang);
      const due = result.ticket.value.sla.dueAt;
      return cardResponse(
        noticeCard(t('done.reopenTitle', { number: result.ticket.value.number }), [
          due
            ? t('confirm.due', { partner: deps.partnerName, when: formatWhen(due, c) })
            : t('confirm.noDue', { partner: deps.partnerName }),
        ]),
      );
    }
    return view(result.ticket, notice(doneText, 'good'));
  };
}

/** Universal Actions refresh (and the "show my actions" button): each person's own view of the card. */
const refreshTicket: ActionHandler = async (context, turn, deps, data) => {
  const t = tt(deps, turn);
  const found = await ticketOf(deps, data);
  if (found === 'bad' || !found)
    return turn.who.kind === 'staff' ? cardResponse(noticeCard(t('refusal.title'), [t('refusal.notFoundLong')])) : plainRefusal(deps, turn);
  if (turn.who.kind === 'staff') {
    const manual = (context.activity.value as { trigger?: unknown } | undefined)?.trigger !== 'automatic';
    const n = !canWorkTickets(turn.who.roles) && manual ? notice(t('refusal.readOnly')) : undefined;
    return cardResponse(await escalationView(deps, found, turn.lang, turn.who.roles, { notice: n }));
  }
  if (turn.who.kind === 'customer' && turn.tenantId === found.value.tenantId) {
    return customerTicketResponse(deps, turn, found, notice('', 'default'));
  }
  deps.log.info({ event: 'ticket.refused', verb: 'refresh', reason: 'forbidden', by: turn.userKey, correlationId: turn.correlationId });
  return plainRefusal(deps, turn);
};

// ---------------------------------------------------------------------------------------------
// Opening a ticket.

/** Reads the offer card's data; undefined when it is not a draft we made. */
export function parseDraft(data: ActionData): TicketDraft | undefined {
  const { draftId, question, product, topic, section } = data;
  if (typeof draftId !== 'string' || !DRAFT_ID.test(draftId)) return undefined;
  if (question !== undefined && (typeof question !== 'string' || question.length > MAX_MESSAGE_CHARS)) return undefined;
  if (product !== undefined && (typeof product !== 'string' || !TOKEN.test(product))) return undefined;
  if (topic !== undefined && topic !== null && (typeof topic !== 'string' || !TOKEN.test(topic))) return undefined;
  if (section !== undefined && section !== null && section !== '' && !isSectionId(section)) return undefined;
  return {
    draftId,
    question: typeof question === 'string' ? question.trim() : '',
    product: typeof product === 'string' ? product : '',
    topic: typeof topic === 'string' ? topic : '',
    section: typeof section === 'string' && section ? section : null,
  };
}

async function openTicket(
  context: TurnContext,
  turn: Turn,
  deps: Deps,
  draft: TicketDraft,
  source: 'offer' | 'typed',
): Promise<AdaptiveCard> {
  if (turn.who.kind !== 'customer') throw new Error('only customers open tickets');
  const a = context.activity;
  const t = tt(deps, turn);
  const { ticket, created } = await deps.tickets.open({
    tenantId: turn.tenantId,
    customerName: turn.who.customer.name,
    customerStatus: turn.who.customer.status ?? null,
    requester: {
      id: turn.userKey,
      ...(turn.name ? { name: turn.name } : {}),
      ...(typeof a.from?.id === 'string' ? { channelUserId: a.from.id } : {}),
      conversationReference: TurnContext.getConversationReference(a) as Record<string, unknown>,
    },
    draftKey: draft.draftId,
    requestId: typeof a.id === 'string' ? a.id : undefined,
    source,
    question: draft.question,
    product: draft.product || null,
    topic: draft.topic || null,
    section: draft.section,
    locale: turn.lang,
  });
  deps.log.info({
    event: created ? 'ticket.created' : 'ticket.createRepeated',
    number: ticket.value.number,
    source,
    correlationId: turn.correlationId,
  });
  const now = deps.tickets.now();
  const { title, lines } = confirmationLines(ticket, t, {
    ...cardClock(deps, turn.lang, now),
    partner: deps.partnerName,
    opensAt: deps.tickets.options.clock.nextOpening(now),
    openNow: deps.tickets.options.clock.isOpen(now),
  });
  return noticeCard(title, lines);
}

const createTicket: ActionHandler = async (context, turn, deps, data) => {
  if (turn.who.kind !== 'customer') {
    deps.log.info({ event: 'ticket.refused', verb: 'create', reason: 'forbidden', by: turn.userKey, correlationId: turn.correlationId });
    return plainRefusal(deps, turn, turn.who.kind === 'unknown' ? 'refusal.unknownTenant' : 'refusal.forbidden');
  }
  const draft = parseDraft(data);
  if (!draft) {
    deps.log.info({ event: 'ticket.badDraft', correlationId: turn.correlationId });
    const t = tt(deps, turn);
    return cardResponse(noticeCard(t('refusal.title'), [t('validation.draft')]));
  }
  return cardResponse(await openTicket(context, turn, deps, draft, 'offer'));
};

/** "My tickets" as a card action (e.g. a button on the welcome card). */
const listTickets: ActionHandler = async (_context, turn, deps) => {
  if (turn.who.kind !== 'customer') return plainRefusal(deps, turn);
  return cardResponse(await myTicketsCard(turn, deps));
};

/** The card verbs of tickets, for the ACTIONS table. */
export const TICKET_ACTIONS: Record<string, ActionHandler> = {
  'ticket.create': createTicket,
  'ticket.claim': ticketVerb('claim'),
  'ticket.assign': ticketVerb('assign'),
  'ticket.reply': ticketVerb('reply'),
  'ticket.resolve': ticketVerb('resolve'),
  'ticket.reopen': ticketVerb('reopen'),
  'ticket.escalateMicrosoft': ticketVerb('escalateMicrosoft'),
  'ticket.rate': ticketVerb('rate'),
  'ticket.refresh': refreshTicket,
  'ticket.list': listTickets,
};

// ---------------------------------------------------------------------------------------------
// The offer card.

/**
 * The offer of a person (after "not helpful", or when no answer fits): when a person will answer,
 * and a `ticket.create` button carrying the draft.
 */
export function offerTicketCard(turn: Turn, deps: Deps, draft: TicketDraft): AdaptiveCard {
  const customer = turn.who.kind === 'customer' ? turn.who.customer : undefined;
  const priority = priorityFor({
    customerStatus: customer?.status ?? null,
    section: draft.section,
    topic: draft.topic,
    question: draft.question,
  });
  const now = deps.tickets.now();
  const p = deps.tickets.promise(priority, now);
  return offerCard(draft, tt(deps, turn), {
    ...cardClock(deps, turn.lang, now),
    partner: deps.partnerName,
    priority,
    dueAt: p.dueAt,
    opensAt: p.opensAt,
    openNow: p.openNow,
  });
}

/** A fresh draft for an offer: its id makes the ticket it opens unique. */
export function newDraft(request: { question?: string; product?: string; topic?: string; section: string | null }): TicketDraft {
  return {
    draftId: `d-${randomUUID()}`,
    question: (request.question ?? '').slice(0, MAX_MESSAGE_CHARS),
    product: request.product ?? '',
    topic: request.topic ?? '',
    section: request.section,
  };
}

/** Sends the offer card: the OfferPerson the answer card's "not helpful" calls. */
export async function offerTicket(context: TurnContext, turn: Turn, deps: Deps, request: PersonRequest): Promise<void> {
  if (turn.who.kind !== 'customer') return;
  await context.sendActivity(cardMessage(offerTicketCard(turn, deps, newDraft(request))));
}

// ---------------------------------------------------------------------------------------------
// Customer text that belongs to tickets.

const TALK_TO_PERSON_EXACT = ['human', 'person', 'agent', 'representative', 'operator', 'temsilci', 'insan', 'yetkili', 'operator'];
const TALK_TO_PERSON = [
  'talk to a person',
  'talk to a human',
  'talk to someone',
  'talk to an agent',
  'talk to a real person',
  'talk to a representative',
  'talk to support',
  'speak to support',
  'contact support',
  'human agent',
  'escalate to a person',
  'talk with a person',
  'talk with someone',
  'speak to a person',
  'speak to a human',
  'speak to someone',
  'speak to an agent',
  'speak to a representative',
  'speak with a person',
  'speak with someone',
  'real person',
  'live agent',
  'live support',
  'human please',
  'agent please',
  'i want a human',
  'i need a human',
  'connect me to an agent',
  'contact a person',
  'open a ticket',
  'create a ticket',
  'open ticket',
  'new ticket',
  'temsilciyle gorusmek',
  'temsilci ile gorusmek',
  'temsilciyle konusmak',
  'temsilci ile konusmak',
  'temsilci istiyorum',
  'temsilciye aktar',
  'gercek bir insan',
  'birine baglan',
  'temsilciye baglan',
  'musteri temsilcisi',
  'canli destek',
  'insanla konusmak',
  'insanla gorusmek',
  'biriyle konusmak',
  'biriyle gorusmek',
  'birisiyle gorusmek',
  'birisiyle konusmak',
  'yetkiliyle gorusmek',
  'yetkili ile gorusmek',
  'yetkiliyle konusmak',
  'gercek bir kisi',
  'destek talebi ac',
  'destek talebi olustur',
  'talep ac',
  'talep olustur',
];
const MY_TICKETS = [
  'my tickets',
  'my ticket',
  'show my tickets',
  'list my tickets',
  'my support tickets',
  'my requests',
  'my cases',
  'ticket status',
  'tickets',
  'my open tickets',
  'show tickets',
  'list tickets',
  'ticket list',
  'status of my ticket',
  'where is my ticket',
  'taleplerim',
  'acik taleplerim',
  'taleplerimi gor',
  'taleplerim ne durumda',
  'talebim ne durumda',
  'talep durumum',
  'talebim',
  'taleplerimi goster',
  'taleplerimi listele',
  'destek taleplerim',
  'biletlerim',
  'talep durumu',
  'taleplerimin durumu',
];
const MAX_PHRASE_WORDS = 12;
/** A question this recent is what a typed "talk to a person" is about. */
const RECENT_QUESTION_MS = 30 * 60_000;

/** Whether a message reads like a question worth remembering (not a menu choice like "Azure" or "2"). */
function isQuestionLike(textTyped: string): boolean {
  return textTyped.trim().split(/\s+/).length >= 4 || textTyped.trim().length >= 25;
}

/** "talk to a person" and its kin, in English or Turkish (with or without Turkish letters). */
export function isTalkToPerson(textTyped: string): boolean {
  const f = foldText(textTyped);
  if (!f) return false;
  if (TALK_TO_PERSON_EXACT.includes(f)) return true;
  const words = f.split(' ');
  if (words.length > MAX_PHRASE_WORDS) return false;
  const padded = ` ${f} `;
  return TALK_TO_PERSON.some((p) => padded.includes(` ${p} `));
}

/** "my tickets" and its kin (exact, after folding). */
export function isMyTickets(textTyped: string): boolean {
  return MY_TICKETS.includes(foldText(textTyped));
}

async function myTicketsCard(turn: Turn, deps: Deps): Promise<AdaptiveCard> {
  const docs = await deps.tickets.mine(turn.tenantId, turn.userKey, 10);
  const now = deps.tickets.now();
  const status = (x: Ticket) => deps.tickets.effectiveStatus(x, now);
  return customerTicketsCard(docs, status, tt(deps, turn), {
    ...cardClock(deps, turn.lang, now),
    partner: deps.partnerName,
    reopenWindowDays: deps.tickets.options.reopenWindowDays,
    canReopen: (x) => status(x) === 'resolved',
  });
}

/**
 * Customer text that belongs to tickets: "my tickets", an answer to an agent while a ticket
 * waits on the customer (relayed to the ticket's thread), and "talk to a person" (opens a ticket).
 * `typed` is the message text as the message handler read it (mention removed, length checked).
 * Returns true when it handled the message.
 */
export async function ticketIntercept(context: TurnContext, turn: Turn, deps: Deps, typed: string): Promise<boolean> {
  if (turn.who.kind !== 'customer' || !turn.tenantId || !turn.userKey || !typed) return false;
  const t = tt(deps, turn);
  if (isMyTickets(typed)) {
    await context.sendActivity(cardMessage(await myTicketsCard(turn, deps)));
    return true;
  }
  const waiting = await deps.tickets.waitingOn(turn.tenantId, turn.userKey);
  if (waiting) {
    const result = await deps.tickets.act(refOf(waiting), actorOf(turn), { verb: 'customerMessage', text: typed });
    if (result.ok) {
      const agent = waiting.value.assignee?.name ?? t('card.ourTeam');
      deps.log.info({ event: 'ticket.customerMessage', number: waiting.value.number, correlationId: turn.correlationId });
      await context.sendActivity(t('relay.sent', { number: waiting.value.number, name: agent }));
      return true;
    }
  }
  if (isTalkToPerson(typed)) {
    const id = typeof context.activity.id === 'string' && context.activity.id ? context.activity.id : randomUUID();
    // The ticket is about what the customer had just asked, when they asked something.
    const recent = await deps.tickets.recentQuestion(turn.tenantId, turn.userKey, RECENT_QUESTION_MS);
    const question = recent ? `${recent}\n\n(${typed})` : typed;
    const section = recent ? deps.retriever.ask(recent, turn.lang).section : null;
    const card = await openTicket(
      context,
      turn,
      deps,
      { draftId: `msg:${id}`.slice(0, 100), question, product: '', topic: '', section },
      'typed',
    );
    await context.sendActivity(cardMessage(card));
    return true;
  }
  if (isQuestionLike(typed)) await deps.tickets.rememberQuestion(turn.tenantId, turn.userKey, typed);
  return false;
}

// ---------------------------------------------------------------------------------------------
// Staff commands.

/** `queue`: open tickets by priority and SLA due. */
export async function queueCommand(context: TurnContext, turn: Turn, deps: Deps): Promise<void> {
  const docs = await deps.tickets.queue();
  const now = deps.tickets.now();
  await context.sendActivity(
    cardMessage(queueCard(docs, (x) => deps.tickets.effectiveStatus(x, now), tt(deps, turn), cardClock(deps, turn.lang, now))),
  );
}

/** `ticket <n>`: the ticket's card with its history (buttons for agents). */
export async function ticketCommand(context: TurnContext, turn: Turn, deps: Deps, args: Record<string, string>): Promise<void> {
  const t = tt(deps, turn);
  const number = parseNumber(args.number);
  if (number === undefined) {
    await context.sendActivity(t('staff.badNumber', { number: (args.number ?? '').slice(0, 20) }));
    return;
  }
  const doc = await deps.tickets.byNumber(number);
  if (!doc) {
    await context.sendActivity(t('staff.ticketNotFound', { number }));
    return;
  }
  await context.sendActivity(cardMessage(await escalationView(deps, doc, turn.lang, rolesOf(turn), { history: true })));
}
