/**
 * What ticket cards need from around the bot: the partner's and the customer's language, the
 * agents (for assigning and for the card's auto-refresh list), section titles and the clock.
 * Shared by the card-action handlers and the delivery of proactive messages.
 */
import type { TFunction } from 'i18next';
import { AdaptiveCard } from '../../cards/render';
import { escalationCard } from '../../cards/tickets/escalation';
import { CardClock, Notice } from '../../cards/tickets/format';
import { Language, supportedLanguage } from '../platform/config';
import { isSectionId, sectionAnswer } from '../knowledge/terms';
import { PersonRef, Ticket } from './domain/model';
import { canWorkTickets } from './domain/policy';
import { Versioned } from '../platform/store/types';
import { TicketViewDeps } from './ports';

export interface StaffOnDuty {
  agents: PersonRef[];
  /** Teams user ids (29:…) of the agents the bot has met: the card's auto-refresh list. */
  userIds: string[];
}

/** How long names in the staff list are reused; role changes invalidate it at once (by the roster's version). */
const STAFF_TTL_MS = 30_000;
const staffCache = new WeakMap<object, { at: number; version: string; value: Promise<StaffOnDuty> }>();

/**
 * Everyone who may work tickets, with names where the bot has met them. Cached per instance
 * while the roles roster is at the same version (one point read per use), so a role granted or
 * revoked on any instance shows on every instance's next card.
 */
export async function staffOnDuty(deps: TicketViewDeps): Promise<StaffOnDuty> {
  const version = await deps.roles.version();
  const cached = staffCache.get(deps.roles);
  if (cached && cached.version === version && Date.now() - cached.at < STAFF_TTL_MS) return cached.value;
  const value = (async () => {
    const all = await deps.roles.all();
    const partner = deps.config.PARTNER_TENANT_ID ?? '';
    const agents: PersonRef[] = [];
    const userIds: string[] = [];
    for (const r of all.filter((x) => canWorkTickets(x.roles))) {
      const user = partner ? await deps.users.get(partner, r.aadObjectId) : undefined;
      agents.push({ id: r.aadObjectId, ...(user?.name ? { name: user.name } : {}) });
      if (user?.channelUserId) userIds.push(user.channelUserId);
    }
    agents.sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
    return { agents, userIds: userIds.slice(0, 60) };
  })();
  staffCache.set(deps.roles, { at: Date.now(), version, value });
  value.catch(() => staffCache.delete(deps.roles));
  return value;
}

/** Forget the cached staff list (names learned from the roster; role changes are seen by version). */
export function forgetStaff(deps: Pick<TicketViewDeps, 'roles'>): void {
  staffCache.delete(deps.roles);
}

/** The tickets namespace in a language. */
export function ticketsT(deps: Pick<TicketViewDeps, 'i18n'>, lang: Language): TFunction {
  return deps.i18n.getFixedT(lang, 'tickets');
}

/** The language of the partner's staff (channel cards are shared by all of them). */
export function partnerLanguage(deps: Pick<TicketViewDeps, 'config'>): Language {
  return supportedLanguage(deps.config.DEFAULT_LOCALE) ?? 'en';
}

/** The customer's language: the one the bot last spoke with them, else the ticket's. */
export async function customerLanguage(deps: TicketViewDeps, ticket: Ticket): Promise<Language> {
  const user = await deps.users.get(ticket.tenantId, ticket.requesterKey);
  return supportedLanguage(user?.language) ?? ticket.locale;
}

/** How cards show times to a reader: their language, the partner's time zone, now. */
export function cardClock(deps: Pick<TicketViewDeps, 'hours'>, lang: Language, now = new Date()): CardClock {
  return { lang, timeZone: deps.hours.timeZone, now };
}

const EXCERPT_CHARS = 280;

/** The title of the section the bot answered with, and the start of what it said (as plain text). */
export function sectionInfo(
  deps: Pick<TicketViewDeps, 'terms' | 'i18n'>,
  lang: Language,
  section: string | null,
): { title: string; excerpt: string } | undefined {
  if (!isSectionId(section)) return undefined;
  const answer = sectionAnswer(deps.terms, lang, section, deps.i18n.getFixedT(lang, 'answers'));
  const plain = answer.body
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`>#]/g, '')
    .replace(/^\s*[-•]\s*/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
  return { title: answer.title, excerpt: plain.length > EXCERPT_CHARS ? `${plain.slice(0, EXCERPT_CHARS).trimEnd()}…` : plain };
}

export interface EscalationViewOptions {
  notice?: Notice;
  history?: boolean;
  /** Force the read-only view even for an agent (the card everyone sees in the channel). */
  readOnly?: boolean;
}

/** The escalation card as one person (or, read-only, the whole channel) sees it. */
export async function escalationView(
  deps: TicketViewDeps,
  doc: Versioned<Ticket>,
  lang: Language,
  roles: readonly string[],
  o: EscalationViewOptions = {},
): Promise<AdaptiveCard> {
  const staff = await staffOnDuty(deps);
  const now = deps.tickets.now();
  const agent = !o.readOnly && canWorkTickets(roles);
  return escalationCard(doc, ticketsT(deps, lang), {
    ...cardClock(deps, lang, now),
    view: agent ? 'agent' : 'readOnly',
    status: deps.tickets.effectiveStatus(doc.value, now),
    agents: staff.agents,
    userIds: staff.userIds,
    section: sectionInfo(deps, lang, doc.value.section),
    notice: o.notice,
    history: o.history,
  });
}
