/**
 * What the router relies on from tickets (the order of the customer-text intercepts, the verbs
 * and commands) and the rules written once in the policy.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SUPPORTED_LANGUAGES } from '../../bot/platform/config';
import { repoRoot } from '../../bot/platform/paths';
import { foldText } from '../../bot/platform/text';
import { Actor, Ticket, Verb } from '../../bot/tickets/domain/model';
import { agentButtons, mayUse } from '../../bot/tickets/domain/policy';
import { TICKET_ACTIONS, TICKET_COMMANDS, TICKET_PHRASES } from '../../bot/tickets/handlers';
import { sampleTicket } from '../helpers/ticketSamples';

const TENANT = '22222222-2222-4222-8222-222222222222';

describe('the tickets surface', () => {
  it('tries customer text in the order: my tickets, relay to a waiting ticket, talk to a person, remember the question', () => {
    expect(TICKET_PHRASES.map((p) => p.id)).toEqual(['myTickets', 'relayToTicket', 'talkToPerson', 'rememberQuestion']);
  });

  it('has every card verb and staff command', () => {
    expect(Object.keys(TICKET_ACTIONS).sort()).toEqual(
      ['assign', 'claim', 'create', 'escalateMicrosoft', 'list', 'rate', 'refresh', 'reopen', 'reply', 'resolve'].map((v) => `ticket.${v}`),
    );
    expect(Object.keys(TICKET_COMMANDS).sort()).toEqual(['queue', 'setupEscalations', 'ticket']);
  });

  it.each(SUPPORTED_LANGUAGES)('keeps the %s phrases as folded text', (lang) => {
    const { phrases } = JSON.parse(readFileSync(path.join(repoRoot(), 'locales', lang, 'tickets.json'), 'utf8')) as {
      phrases: Record<string, string[]>;
    };
    for (const list of Object.values(phrases)) for (const p of list) expect(foldText(p)).toBe(p);
  });
});

describe('ticket policy', () => {
  const agent: Actor = { kind: 'staff', id: 'a', roles: ['helpdesk-agent'] };
  const staff: Actor = { kind: 'staff', id: 's', roles: ['billing-admin'] };
  const customer: Actor = { kind: 'customer', tenantId: TENANT, id: 'c' };
  const otherTenant: Actor = { kind: 'customer', tenantId: '44444444-4444-4444-8444-444444444444', id: 'c' };
  const unknown: Actor = { kind: 'unknown', tenantId: TENANT, id: 'u' };

  it.each<[Verb, Actor[], Actor[]]>([
    ['claim', [agent], [staff, customer, unknown]],
    ['reply', [agent], [staff, customer]],
    ['escalateMicrosoft', [agent], [customer]],
    ['reopen', [agent, customer], [staff, otherTenant, unknown]],
    ['rate', [customer], [agent, otherTenant, unknown]],
    ['customerMessage', [customer], [agent, otherTenant]],
  ])('%s is for the right people only', (verb, allowed, refused) => {
    const t = { tenantId: TENANT, requesterKey: 'c' };
    for (const a of allowed) expect(mayUse(a, verb, t)).toBe(true);
    for (const a of refused) expect(mayUse(a, verb, t)).toBe(false);
  });

  it('shows claim only while nobody holds an open ticket, and reopen only on a resolved one', () => {
    const open = sampleTicket({ status: 'new', assignee: null }).value;
    const held: Ticket = { ...open, status: 'assigned', assignee: { id: 'a' } };
    expect(agentButtons(true, open, 'new')).toEqual({ claim: true, work: true, reopen: false });
    expect(agentButtons(true, held, 'assigned')).toEqual({ claim: false, work: true, reopen: false });
    expect(agentButtons(true, held, 'resolved')).toEqual({ claim: false, work: false, reopen: true });
    expect(agentButtons(false, open, 'new')).toEqual({ claim: false, work: false, reopen: false });
  });
});
