/**
 * The learning loop's question log on the real SQLite store, and its review command: questions
 * are kept as text only (no tenant, no person), counted, dropped after the partner's keeping
 * time or not kept at all when the partner turned the log off; `questions -- accept` puts a
 * question with its section into terms/questions.<lang>.json and takes it out of the log.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../bot/app';
import { questionLog } from '../../bot/conversation/learning';
import { loadConfig } from '../../bot/platform/config';
import { repoRoot } from '../../bot/platform/paths';
import { Store } from '../../bot/platform/store/types';
import { runQuestions } from '../../scripts/questions';

const DAY = 24 * 60 * 60 * 1000;
let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bhd-learning-'));
  store = await openStore(loadConfig({ NODE_ENV: 'test', DATA_DIR: dir }));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the question log', () => {
  it('keeps each question once per kind, counted, text only, and drops it after the keeping time', async () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    const log = questionLog(store, { enabled: true, keepDays: 30 }, () => now);
    await log.record({
      lang: 'en',
      question: 'how do we pay and when',
      kind: 'choice',
      offered: ['payment-methods', 'payment-terms'],
      chosen: 'payment-terms',
    });
    now += DAY;
    await log.record({
      lang: 'en',
      question: 'How do we pay and when ',
      kind: 'choice',
      offered: ['payment-methods', 'payment-terms'],
      chosen: 'payment-terms',
    });
    await log.record({ lang: 'tr', question: 'faturam gelmedi', kind: 'notHelpful', offered: ['invoices'] });
    const en = await log.list('en');
    expect(en).toHaveLength(1);
    expect(en[0]).toMatchObject({
      count: 2,
      chosen: 'payment-terms',
      firstAt: '2026-12-01T10:00:00.000Z',
      lastAt: '2026-12-02T10:00:00.000Z',
    });
    expect(Object.keys(en[0]).sort()).toEqual(['chosen', 'count', 'firstAt', 'kind', 'lang', 'lastAt', 'offered', 'question']);
    expect(await log.list('tr')).toHaveLength(1);
    now += 31 * DAY;
    expect(await log.list('en')).toEqual([]);
    // Dropped from the store too, not only hidden.
    expect(await store.collection('feedback').find('questions:en')).toEqual([]);
  });

  it('keeps nothing when the partner turned it off', async () => {
    const log = questionLog(store, { enabled: false, keepDays: 90 });
    await log.record({ lang: 'en', question: 'why was i charged twice', kind: 'notSure', offered: ['charge-disputes'] });
    expect(await store.collection('feedback').find(undefined)).toEqual([]);
  });
});

describe('npm run questions', () => {
  it('review lists the log; accept adds the question to the terms with its section; reject removes it', async () => {
    const terms = path.join(dir, 'terms');
    cpSync(path.join(repoRoot(), 'terms'), terms, { recursive: true });
    const log = questionLog(store);
    await log.record({ lang: 'en', question: 'can the invoice show our PO number', kind: 'notHelpful', offered: ['payment-terms'] });
    await log.record({ lang: 'tr', question: 'kdv oranı neden değişti', kind: 'notSure', offered: ['tax', 'invoices'] });
    await store.close();
    const lines: string[] = [];
    const io = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(`ERR ${s}`), termsDir: terms };
    const env = { NODE_ENV: 'test', DATA_DIR: dir };

    expect(await runQuestions(['review'], env, io)).toBe(0);
    expect(lines.join('\n')).toContain('en | notHelpful | ×1 | payment-terms |  | ');
    expect(lines.join('\n')).toContain('can the invoice show our PO number');
    expect(lines.join('\n')).toContain('kdv oranı neden değişti');

    lines.length = 0;
    expect(await runQuestions(['accept', '--locale', 'en', '--section', 'invoices', 'can the invoice show our PO number'], env, io)).toBe(
      0,
    );
    const added = JSON.parse(readFileSync(path.join(terms, 'questions.en.json'), 'utf8')) as {
      questions: { q: string; section: string | null }[];
    };
    expect(added.questions.at(-1)).toEqual({ q: 'can the invoice show our PO number', section: 'invoices' });
    expect(await runQuestions(['reject', '--locale', 'tr', 'kdv oranı neden değişti'], env, io)).toBe(0);
    lines.length = 0;
    expect(await runQuestions(['review', '--json'], env, io)).toBe(0);
    expect(lines).toEqual([]);

    expect(await runQuestions(['accept', '--locale', 'en', '--section', 'nonsense', 'x'], env, io)).toBe(2);
    expect(await runQuestions(['frobnicate'], env, io)).toBe(2);
    store = await openStore(loadConfig(env));
  });
});
