import { Deps, OfferPerson } from '../../bot/deps';
import { answerRequest } from '../../bot/conversation/customerTurn';
import { whenPersonAnswers } from '../../bot/customers/facts';
import { createI18n } from '../../bot/platform/i18n';
import { createLogger } from '../../bot/platform/log';
import { Customer } from '../../bot/customers/directory';
import { createRetriever } from '../../bot/knowledge/retrieval';
import { businessHours, loadTerms } from '../../bot/knowledge/terms';
import { turnOf } from '../../bot/turn';
import { GuidedDialog } from '../../dialogs/guidedDialog';
import { dialogClient, shown } from '../helpers/dialogClient';

const customer: Customer = {
  tenantId: 't-1',
  name: 'Anadolu Lojistik',
  status: 'overdue',
  balance: 1250.5,
  currency: 'TRY',
  dueDate: '2026-11-01',
  invoiceNumber: 'INV-1001',
  updatedAt: '',
};

let deps: Deps;

/** The dialog only needs a person to be offered; tickets are tested over the protocol. */
const offerPerson: OfferPerson = async (context, turn, d) => {
  await context.sendActivity(whenPersonAnswers(d.hours, new Date(), turn.lang, d.i18n.getFixedT(turn.lang, 'answers')));
};

beforeAll(async () => {
  const terms = loadTerms();
  deps = {
    i18n: await createI18n('en'),
    log: createLogger('silent'),
    terms,
    hours: businessHours(terms),
    retriever: createRetriever(terms),
    offerPerson,
    partnerName: terms.partner.partner.name,
  } as unknown as Deps;
});

const dialog = () => new GuidedDialog((context, request) => answerRequest(context, turnOf(context), deps, request));

/** One conversation: what the user says, and what the bot's replies to it must show. */
type Step = [say: string, expect: (string | RegExp)[]];

const cases: [name: string, lang: 'en' | 'tr', steps: Step[]][] = [
  [
    'product → topic → answer with the product part and the customer facts',
    'en',
    [
      ['', ['Which product is your question about?', 'Azure', 'Microsoft 365', 'Not sure']],
      ['Microsoft 365', ['What is it about?', 'Invoice', 'Access suspended', 'Something else']],
      ['Payment', ['overdue', 'INV-1001', 'Did this answer your question?']],
    ],
  ],
  [
    'Turkish: taps by label, typed without Turkish letters',
    'tr',
    [
      ['', ['Sorunuz hangi ürünle ilgili?', 'Emin değilim']],
      ['Azure', ['Konu nedir?', 'Erişim askıya alındı']],
      ['erisim askiya alindi', ['askıya', 'Bu yanıt sorunuzu çözdü mü?']],
    ],
  ],
  [
    'choices by number',
    'en',
    [
      ['', ['Which product']],
      ['1', ['What is it about?']],
      ['7', ['Did this answer your question?']],
    ],
  ],
  [
    '"something else" asks for details and answers from them',
    'en',
    [
      ['', ['Which product']],
      ['Dynamics 365', ['What is it about?']],
      ['Something else', ['describe your question']],
      ['how long do I have to cancel a licence I just bought', ['Did this answer your question?']],
    ],
  ],
  [
    'a typed question instead of a tap is answered',
    'en',
    [
      ['', ['Which product']],
      ['why is my invoice higher this month?', ['Did this answer your question?']],
    ],
  ],
  [
    'help re-asks the step, an unknown word asks again',
    'en',
    [
      ['', ['Which product']],
      ['help', ['first the product, then the topic', 'Which product']],
      ['banana', ['Please pick a product']],
    ],
  ],
  [
    'cancel stops at any step',
    'tr',
    [
      ['', ['Sorunuz hangi ürünle ilgili?']],
      ['Azure', ['Konu nedir?']],
      ['İPTAL', ['Tamam, durdum']],
    ],
  ],
  [
    'start over goes back to the product',
    'en',
    [
      ['', ['Which product']],
      ['Azure', ['What is it about?']],
      ['start over', ["Let's start over", 'Which product']],
    ],
  ],
  [
    'Turkish start over without Turkish letters',
    'tr',
    [
      ['', ['Sorunuz hangi ürünle ilgili?']],
      ['bastan basla', ['Baştan başlayalım', 'Sorunuz hangi ürünle ilgili?']],
    ],
  ],
  [
    'an off-topic question gets no answer from the terms but the topics and a person',
    'en',
    [
      ['', ['Which product']],
      ['what will the weather be like tomorrow in Ankara', ["I'm not sure I can answer that", 'What is it about?']],
    ],
  ],
];

describe.each(cases)('guided flow: %s (%s)', (_name, lang, steps) => {
  test('replies as expected', async () => {
    const client = dialogClient(dialog(), deps.i18n, lang, customer);
    for (const [say, expected] of steps) {
      let reply = await client.sendActivity(say);
      const texts: string[] = [];
      while (reply) {
        texts.push(shown(reply));
        reply = client.getNextReply();
      }
      const all = texts.join('\n---\n');
      for (const e of expected) {
        if (typeof e === 'string') expect(all).toContain(e);
        else expect(all).toMatch(e);
      }
    }
  });
});

test('the answer card feedback actions carry the section answered', async () => {
  const client = dialogClient(dialog(), deps.i18n, 'en', customer);
  await client.sendActivity('');
  await client.sendActivity('Azure');
  const reply = await client.sendActivity('Tax');
  const card = (reply.attachments?.[0].content ?? {}) as {
    actions: { verb: string; data: { section: string; product: string; topic: string } }[];
  };
  expect(card.actions.map((a) => a.verb)).toEqual(['answer.helpful', 'answer.notHelpful']);
  expect(card.actions[0].data).toEqual({ section: 'tax', product: 'azure', topic: 'tax' });
});
