import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openStore } from '../bot/app';
import { ConfigError, Language, loadConfig, SUPPORTED_LANGUAGES, supportedLanguage } from '../bot/platform/config';
import { createI18n } from '../bot/platform/i18n';
import { isSectionId, loadTerms } from '../bot/knowledge/terms';
import { questionLogOf } from '../bot/conversation/learning';
import { exitWith } from './exit';

/**
 * The learning loop's review (README, "Answer quality"):
 *   `review [--json]` lists the question log (not helpful, did-you-mean choices, not sure), per language;
 *   `accept --locale <lang> --section <id|null> "<question>"` adds the question with that section to
 *   terms/questions.<lang>.json (the classifier learns it at the next start) and removes it from the log;
 *   `reject --locale <lang> "<question>"` removes it from the log.
 */
export interface QuestionsIo {
  out(line: string): void;
  err(line: string): void;
  /** The terms folder (default: the repo's terms/). */
  termsDir?: string;
}

const processIo: QuestionsIo = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
};

export async function runQuestions(argv: string[], env: NodeJS.ProcessEnv = process.env, io: QuestionsIo = processIo): Promise<number> {
  const { out, err } = io;
  const uiLang = supportedLanguage(env.DEFAULT_LOCALE) ?? 'en';
  const t = (await createI18n(uiLang)).getFixedT(uiLang, 'cli');
  let config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      err(`${t('config.invalid')}\n${e.problems.map((p) => `  - ${p}`).join('\n')}`);
      return 2;
    }
    throw e;
  }
  const [command, ...rest] = argv;
  const flag = (name: string) => {
    const i = rest.indexOf(name);
    if (i < 0) return undefined;
    const v = rest[i + 1];
    rest.splice(i, 2);
    return v;
  };
  const terms = io.termsDir ? loadTerms(io.termsDir) : loadTerms();
  if (command === 'review' && (rest.length === 0 || (rest.length === 1 && rest[0] === '--json'))) {
    const store = await openStore(config);
    try {
      const log = questionLogOf({ store, terms });
      let n = 0;
      for (const lang of SUPPORTED_LANGUAGES) {
        for (const e of await log.list(lang)) {
          n++;
          if (rest[0] === '--json') out(JSON.stringify(e));
          else
            out(
              [
                lang,
                e.kind,
                `×${e.count}`,
                e.offered.join(','),
                e.chosen === undefined ? '' : (e.chosen ?? '-'),
                e.lastAt.slice(0, 10),
                e.question,
              ].join(' | '),
            );
        }
      }
      if (rest[0] !== '--json') out(n === 0 ? t('questions.empty') : t('questions.count', { count: n }));
      return 0;
    } finally {
      await store.close();
    }
  }
  if (command === 'accept' || command === 'reject') {
    const lang = supportedLanguage(flag('--locale')) as Language | undefined;
    const section = command === 'accept' ? flag('--section') : 'null';
    const question = rest.join(' ').trim();
    if (!lang || !question || section === undefined || (section !== 'null' && !isSectionId(section))) {
      err(t('questions.usage'));
      return 2;
    }
    const store = await openStore(config);
    try {
      const log = questionLogOf({ store, terms });
      const removed = (await Promise.all((['notHelpful', 'choice', 'notSure'] as const).map((k) => log.remove(lang, question, k)))).some(
        Boolean,
      );
      if (command === 'accept') {
        const file = path.join(terms.dir, `questions.${lang}.json`);
        const data = JSON.parse(readFileSync(file, 'utf8')) as { questions: { q: string; section: string | null }[] };
        const key = question.toLocaleLowerCase();
        data.questions = data.questions.filter((q) => q.q.trim().toLocaleLowerCase() !== key);
        data.questions.push({ q: question, section: section === 'null' ? null : section });
        writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
        out(t('questions.accepted', { file: path.relative(process.cwd(), file), section }));
      } else out(t(removed ? 'questions.rejected' : 'questions.notInLog'));
      return 0;
    } finally {
      await store.close();
    }
  }
  err(t('questions.usage'));
  return 2;
}

if (require.main === module) exitWith(runQuestions(process.argv.slice(2)));
