import { rmSync } from 'node:fs';
import { App, buildApp } from '../../../bot/app';
import { loadConfig } from '../../../bot/platform/config';
import { createLogger } from '../../../bot/platform/log';
import { cardMessage, ConversationRef, noticeCard } from '../../../bot/platform/teams/cardMessage';
import { ConnectorClients } from '../../../bot/platform/teams/directSend';
import { AdapterMessenger, failureOf } from '../../../bot/platform/teams/messenger';
import { LimitsConnector } from '../../harness/limitsConnector';
import { tempDataDir } from '../../helpers/stores';

/**
 * Bulk sends without a proactive turn: one connector client per service URL, the message
 * addressed as a turn would address it, Teams' answers reaching the caller as they came (no
 * retries of the SDK's own), and a shared card left as it was.
 */

const TENANT = '00000001-aaaa-4aaa-8aaa-000000000001';
let connector: LimitsConnector;
let app: App;
let dir: string;
let clients: ConnectorClients;
let messenger: AdapterMessenger;

function reference(conversationId: string) {
  connector.addConversation(conversationId, TENANT);
  const ref = {
    channelId: 'msteams',
    serviceUrl: connector.url,
    conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT },
    user: { id: `29:user-${conversationId}`, name: 'Person', aadObjectId: `aad-${conversationId}` },
    bot: { id: '28:bot', name: 'Billing Help Desk' },
    // A stored reference keeps the person's last message id: a bulk send is a new post, not a reply to it.
    activityId: 'their-last-message',
    locale: 'tr-TR',
  };
  return ref as typeof ref & ConversationRef;
}

beforeEach(async () => {
  connector = new LimitsConnector();
  await connector.start();
  dir = tempDataDir();
  app = await buildApp(loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'silent' }), { logger: createLogger('silent') });
  clients = new ConnectorClients((serviceUrl) => app.adapter.connectorClient('', serviceUrl));
  messenger = new AdapterMessenger(app.adapter, '', app.deps.log, app.jobs!.limits, { attempts: 1, connectors: clients });
});

afterEach(async () => {
  await app.close();
  await connector.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a message goes out as a new post from the bot to the person, with one client for the service URL', async () => {
  const card = Object.freeze(cardMessage(noticeCard('Reminder', ['Please pay.'])));
  const ids = [];
  for (const c of ['a:one', 'a:two', 'a:three']) ids.push(await messenger.send(reference(c), card));
  expect(ids.every((id) => typeof id === 'string' && id.startsWith('act-'))).toBe(true);
  expect(new Set(ids).size).toBe(3);
  expect(clients.size).toBe(1);
  const [posted] = connector.deliveries.get('a:two')!;
  expect(posted.activityId).toBe(ids[1]);
  expect(posted.body).toMatchObject({
    type: 'message',
    from: { id: '28:bot' },
    recipient: { id: '29:user-a:two' },
    conversation: { id: 'a:two', tenantId: TENANT },
    locale: 'tr-TR',
  });
  expect(posted.body.replyToId).toBeUndefined();
  expect((posted.body.attachments as { content: { body: unknown[] } }[])[0].content.body).toEqual(
    (card.attachments![0].content as { body: unknown[] }).body,
  );
  // The shared message was not addressed in place.
  expect(card.conversation).toBeUndefined();
});

test.each([
  [403, undefined],
  [404, undefined],
  [429, 3],
  [502, undefined],
  [503, undefined],
])("Teams' %i reaches the caller after one request, with its Retry-After", async (status, retryAfter) => {
  const ref = reference(`a:fails-${status}`);
  connector.force(ref.conversation.id, { status, ...(retryAfter ? { retryAfter } : {}) });
  const before = connector.stats.requests;
  const err = await messenger.send(ref, cardMessage(noticeCard('Reminder', ['x']))).catch((e: unknown) => e);
  expect(failureOf(err)).toEqual({ status, retryAfterMs: retryAfter ? retryAfter * 1000 : undefined });
  // Neither the SDK's pipeline nor the messenger tried again.
  expect(connector.stats.requests - before).toBe(1);
  expect(connector.deliveries.get(ref.conversation.id)).toBeUndefined();
});

test('a client that could not be made is made again on the next send', async () => {
  let calls = 0;
  const flaky = new ConnectorClients(async (serviceUrl) => {
    calls++;
    if (calls === 1) throw new Error('token endpoint unreachable');
    return app.adapter.connectorClient('', serviceUrl);
  });
  const direct = new AdapterMessenger(app.adapter, '', app.deps.log, app.jobs!.limits, { attempts: 1, connectors: flaky });
  await expect(direct.send(reference('a:first'), cardMessage(noticeCard('R', ['x'])))).rejects.toThrow('token endpoint unreachable');
  await expect(direct.send(reference('a:second'), cardMessage(noticeCard('R', ['x'])))).resolves.toMatch(/^act-/);
  expect(calls).toBe(2);
});
