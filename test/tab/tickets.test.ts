/**
 * The tab's ticket calls in local mode against the real server, with tickets opened over the Bot
 * Framework protocol: the queue and its filters, and the tab's verbs going the card's way — the
 * channel card updates, the customer is told, a race between tab and card has one winner, and a
 * refused or malformed call changes nothing.
 */
import { ADMIN_ID, AGENT_ID, BotUnderTest, cardAction, message, people, startBot, textOf } from '../harness/bot';
import type { ActionResponse, DashboardData, QueueResponse, TicketDetail } from '../../bot/tab/types';
import { loadTerms, SectionId } from '../../bot/knowledge/terms';
import {
  agent2,
  askUntilOffer,
  CHANNEL,
  ENV,
  findAction,
  invokeCard,
  isThreadPost,
  journeys,
  seedCustomers,
  sentCard,
  setUpChannel,
  threadCard,
  waitSent,
} from '../protocol/ticketFlow';

const BILLING = 'aaaaaaaa-0000-4000-8000-000000000005';
let bot: BotUnderTest;

beforeAll(async () => {
  bot = await startBot({ ...ENV, BILLING_ADMINS: BILLING });
  await seedCustomers(bot);
  await setUpChannel(bot);
});

afterAll(async () => {
  await bot.stop();
});

async function openTicket(j: (typeof journeys)[number], question = j.question): Promise<number> {
  const draft = await askUntilOffer(bot, j.who, j.locale, question);
  const created = await bot.send(cardAction(j.who, 'ticket.create', draft, { locale: j.locale }));
  const number = Number(j.expect.confirm.exec(textOf(invokeCard(created.body)))?.[1]);
  expect(number).toBeGreaterThan(0);
  await waitSent(bot, `the thread of #${number}`, (s) => isThreadPost(s) && textOf(threadCard(s)).includes(`#${number} ·`));
  return number;
}

async function tab(path: string, as: string | undefined, init: { method?: string; body?: unknown; lang?: string; etag?: string } = {}) {
  const headers: Record<string, string> = { 'accept-language': init.lang ?? 'en' };
  if (as) headers['x-local-identity'] = as;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.etag) headers['if-none-match'] = init.etag;
  const res = await fetch(`${bot.server.url}/api/tab/${path}`, {
    method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, etag: res.headers.get('etag') ?? '', body: text ? (JSON.parse(text) as unknown) : undefined };
}

const queue = async (as: string, query = '') => {
  const r = await tab(`queue${query}`, as);
  expect(r.status).toBe(200);
  return r.body as QueueResponse;
};

const [en, tr] = journeys;

test('local mode: the configured staff identities are offered; anyone else is refused', async () => {
  expect((await tab('config', undefined)).body).toEqual({ mode: 'local' });
  const ids = (await tab('local/identities', undefined)).body as { id: string; roles: string[] }[];
  expect(ids).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ id: ADMIN_ID, roles: ['admin'] }),
      expect.objectContaining({ id: AGENT_ID, roles: ['helpdesk-agent'] }),
      expect.objectContaining({ id: BILLING, roles: ['billing-admin'] }),
    ]),
  );
  expect((await tab('me', undefined)).status).toBe(401);
  expect((await tab('me', people.customer.aadObjectId)).status).toBe(401);
  expect((await tab('me', AGENT_ID)).body).toMatchObject({ id: AGENT_ID, name: people.agent.name, local: true, canWork: true });
});

test('a claim from the tab is the card claim: the channel card updates, the customer is told, the audit says so', async () => {
  const number = await openTicket(en);
  const listed = await queue(AGENT_ID, '?assignee=none');
  expect(listed.items.map((i) => i.number)).toContain(number);
  const mark = bot.connector.sent.length;

  const claim = await tab(`tickets/${number}/claim`, AGENT_ID, { body: {} });
  expect(claim.status).toBe(200);
  const res = claim.body as ActionResponse;
  expect(res.message).toContain(`You claimed #${number}`);
  expect(res.ticket).toMatchObject({ number, status: 'assigned', assignee: { id: AGENT_ID, name: people.agent.name } });

  const update = await waitSent(
    bot,
    'the channel card update',
    (s) =>
      s.method === 'PUT' &&
      bot.connector.sent.indexOf(s) >= mark &&
      textOf(s.body).includes(`#${number}`) &&
      textOf(s.body).includes(people.agent.name),
  );
  expect(textOf(update.body)).toContain('Assigned');
  await waitSent(
    bot,
    'the customer notice',
    (s) => s.conversationId === `a:1on1-${en.who.aadObjectId.slice(0, 8)}` && textOf(s.body).includes(en.expect.claimed),
  );

  const detail = (await tab(`tickets/${number}`, AGENT_ID)).body as TicketDetail;
  expect(detail.audit.filter((a) => a.action === 'claim')).toEqual([
    expect.objectContaining({ outcome: 'done', by: expect.objectContaining({ id: AGENT_ID }) }),
  ]);
  expect((await queue(AGENT_ID, '?mine=1')).items.map((i) => i.number)).toContain(number);
  expect((await queue(AGENT_ID, '?assignee=none')).items.map((i) => i.number)).not.toContain(number);
});

test('a claim from the tab racing a claim from the card: exactly one wins, the other is told who holds it', async () => {
  const number = await openTicket(tr);
  const [fromTab, fromCard] = await Promise.all([
    tab(`tickets/${number}/claim`, agent2.aadObjectId, { body: {} }),
    bot.send(cardAction(people.agent, 'ticket.claim', { number }, CHANNEL)),
  ]);
  const stored = (await bot.app.deps.tickets.byNumber(number))!.value;
  const tabWon = fromTab.status === 200;
  expect(stored.assignee?.id).toBe(tabWon ? agent2.aadObjectId : AGENT_ID);
  const cardText = textOf(invokeCard(fromCard.body));
  if (tabWon) expect(cardText).toContain(agent2.name);
  else {
    expect(fromTab.status).toBe(409);
    expect(fromTab.body).toMatchObject({ ok: false, reason: 'heldByOther' });
    expect((fromTab.body as ActionResponse).message).toContain(people.agent.name);
  }
  expect(stored.audit.filter((a) => a.action === 'claim' && a.outcome === 'done')).toHaveLength(1);
});

test('a refused or malformed call changes nothing, and says why in the caller\u2019s language', async () => {
  const number = await openTicket(en, 'I was charged twice for the same Azure subscription this month');
  const before = (await bot.app.deps.tickets.byNumber(number))!;

  const billing = await tab(`tickets/${number}/claim`, BILLING, { body: {} });
  expect(billing.status).toBe(403);
  expect((await tab(`tickets/${number}`, BILLING)).status).toBe(403);
  const emptyTr = await tab(`tickets/${number}/reply`, AGENT_ID, { body: { message: '   ' }, lang: 'tr' });
  const emptyEn = await tab(`tickets/${number}/reply`, AGENT_ID, { body: { message: '' }, lang: 'en' });
  expect([emptyTr.status, emptyEn.status]).toEqual([400, 400]);
  const [trText, enText] = [(emptyTr.body as ActionResponse).message, (emptyEn.body as ActionResponse).message];
  expect(trText).toBeTruthy();
  expect(enText).toBeTruthy();
  expect(trText).not.toBe(enText);
  const badCase = await tab(`tickets/${number}/escalateMicrosoft`, AGENT_ID, {
    body: { route: 'technical', severity: 'Z', caseNumber: '1' },
  });
  expect(badCase.status).toBe(400);
  const badAssignee = await tab(`tickets/${number}/assign`, AGENT_ID, { body: { assignee: people.customer.aadObjectId } });
  expect(badAssignee.status).toBe(400);

  const after = (await bot.app.deps.tickets.byNumber(number))!;
  expect(after.value.revision).toBe(before.value.revision);
  expect(after.value.assignee).toBeNull();
  expect(after.value.messages).toEqual(before.value.messages);
});

test('reply, escalate, resolve and reopen from the tab reach the ticket page: conversation, Microsoft case, audit', async () => {
  const number = await openTicket(en, 'Why did my Microsoft 365 invoice go up after the renewal?');
  const act = async (verb: string, body: unknown, as = agent2.aadObjectId) => {
    const r = await tab(`tickets/${number}/${verb}`, as, { body });
    expect([verb, r.status]).toEqual([verb, 200]);
    return (r.body as ActionResponse).ticket!;
  };
  await act('claim', {});
  await act('reply', { message: 'Could you send us the invoice number?' });
  await act('escalateMicrosoft', { route: 'technical', plan: 'asfp', severity: 'B', caseNumber: '2412050040001234' });
  const resolved = await act('resolve', { resolution: 'Price change at renewal explained.' });
  expect(resolved.status).toBe('resolved');
  expect(resolved.actions).toEqual({ claim: false, work: false, reopen: true });
  const reopened = await act('reopen', {});
  expect(reopened.status).not.toBe('resolved');

  const page = (await tab(`tickets/${number}`, AGENT_ID)).body as TicketDetail;
  expect(page.question).toContain('Microsoft 365 invoice');
  // The section the bot answered from, by its heading in the reader's language, not its id.
  const sections = loadTerms().documents;
  expect(page.sectionTitle).toBe(page.section ? sections.en.sections[page.section as SectionId].title : null);
  const inTurkish = (await tab(`tickets/${number}`, AGENT_ID, { lang: 'tr' })).body as TicketDetail;
  expect(inTurkish.sectionTitle).toBe(page.section ? sections.tr.sections[page.section as SectionId].title : null);
  expect(page.messages).toEqual([expect.objectContaining({ from: 'agent', text: 'Could you send us the invoice number?' })]);
  expect(page.microsoft).toMatchObject({ route: 'technical', plan: 'asfp', severity: 'B', caseNumber: '2412050040001234' });
  expect(page.audit.map((a) => a.action)).toEqual(
    expect.arrayContaining(['create', 'claim', 'reply', 'escalateMicrosoft', 'resolve', 'reopen']),
  );
});

test('the queue: filters, search by number, customer and words, paging without reading everything, and ETags', async () => {
  const all = await queue(ADMIN_ID, '?size=50');
  expect(all.items.length).toBeGreaterThanOrEqual(3);
  // Most urgent first: priority, then the earliest SLA due.
  const ranks = all.items.map((i) => ['high', 'normal', 'low'].indexOf(i.priority));
  expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);

  const first = all.items[0];
  expect((await queue(ADMIN_ID, `?q=%23${first.number}`)).items.map((i) => i.number)).toEqual([first.number]);
  const contoso = await queue(ADMIN_ID, '?q=contoso');
  expect(contoso.items.length).toBeGreaterThan(0);
  expect(contoso.items.every((i) => i.customerName === 'Contoso Retail Ltd')).toBe(true);
  expect((await queue(ADMIN_ID, '?q=charged%20twice')).items.map((i) => i.summary)).toEqual([expect.stringContaining('charged twice')]);
  expect((await queue(ADMIN_ID, '?q=zzzz-nothing')).items).toEqual([]);

  const p0 = await queue(ADMIN_ID, '?size=1&page=0');
  const p1 = await queue(ADMIN_ID, '?size=1&page=1');
  expect(p0.hasMore).toBe(true);
  expect(p0.items[0].number).toBe(all.items[0].number);
  expect(p1.items[0].number).toBe(all.items[1].number);

  const high = await queue(ADMIN_ID, '?priority=low');
  expect(high.items.every((i) => i.priority === 'low')).toBe(true);
  const waiting = await queue(ADMIN_ID, '?status=waitingOnMicrosoft');
  expect(waiting.items.every((i) => i.status === 'waitingOnMicrosoft')).toBe(true);

  const one = await tab('queue', ADMIN_ID);
  expect(one.etag).toMatch(/^W\/"/);
  expect((await tab('queue', ADMIN_ID, { etag: one.etag })).status).toBe(304);
  const to = first.assignee?.id === AGENT_ID ? agent2.aadObjectId : AGENT_ID;
  expect((await tab(`tickets/${first.number}/assign`, ADMIN_ID, { body: { assignee: to } })).status).toBe(200);
  expect((await tab('queue', ADMIN_ID, { etag: one.etag })).status).toBe(200);
  // The audit names people by id; the detail carries their names for the tab to word it.
  const detail = (await tab(`tickets/${first.number}`, ADMIN_ID)).body as TicketDetail;
  const assign = detail.audit.filter((a) => a.action === 'assign').at(-1);
  expect(assign?.detail.assignee).toBe(to);
  expect(detail.people[to]).toBe(to === AGENT_ID ? people.agent.name : agent2.name);
  const before = assign?.detail.previousAssignee;
  if (typeof before === 'string') expect(detail.people[before]).toBe(before === AGENT_ID ? people.agent.name : agent2.name);
});

test('the dashboard: admins only; an answer and its helpful click over the protocol count for its section', async () => {
  expect((await tab('dashboard', AGENT_ID)).status).toBe(403);
  expect((await tab('dashboard', BILLING)).status).toBe(403);
  expect((await tab('dashboard', people.customer.aadObjectId)).status).toBe(401);
  const before = (await tab('dashboard', ADMIN_ID)).body as DashboardData;
  const open = await queue(ADMIN_ID, '?size=50');
  expect(Object.values(before.openByPriority).reduce((a, b) => a + b, 0)).toBe(open.items.length);
  expect(before.daily).toHaveLength(30);
  expect(before.timeZone).toBe('Europe/Istanbul');

  const asked = await bot.send(message(en.who, en.question, { locale: en.locale }));
  const data = asked.replies.map((r) => findAction(sentCard(r), 'answer.helpful')).find(Boolean);
  expect(data).toMatchObject({ section: expect.any(String) });
  // Teams names the answer card's message as the click's replyToId; a retried click (maybe with a new activity id) is one verdict.
  const helpful = () =>
    bot.send({ ...cardAction(en.who, 'answer.helpful', data!, { locale: en.locale }), replyToId: 'dashboard-answer-card' });
  expect((await helpful()).status).toBe(200);
  expect((await helpful()).status).toBe(200);

  const after = (await tab('dashboard', ADMIN_ID, { lang: 'tr' })).body as DashboardData;
  const was = before.sections.find((x) => x.id === data!.section) ?? { answers: 0, helpful: 0, notHelpful: 0 };
  const now = after.sections.find((x) => x.id === data!.section);
  const section = data!.section as SectionId;
  expect(now).toMatchObject({
    title: loadTerms().documents.tr.sections[section].title,
    answers: was.answers + 1,
    helpful: was.helpful + 1,
    notHelpful: was.notHelpful,
  });
});
