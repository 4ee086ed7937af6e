/**
 * `npm run --silent ask -- --locale <tag> "<question>"`: which support-terms section the bot
 * would answer with, as one JSON line {"section": "<id>" | null, "confidence": <0..1>}. Without a
 * question it reads stdin, one question per line, and prints one line per question, in order.
 * Only those JSON lines go to stdout; anything else goes to stderr.
 *
 * `--top <n>` adds "top": the best n candidate sections with their confidences, best first
 * (empty when the question is not about billing or support); "section" and "confidence" stay
 * what the bot answers.
 */
import { createInterface } from 'node:readline';
import { Language, supportedLanguage } from '../bot/platform/config';
import { Retriever, createRetriever } from '../bot/knowledge/retrieval';
import { loadTerms } from '../bot/knowledge/terms';

export interface AskArgs {
  locale?: string;
  question?: string;
  /** How many candidate sections to print (`--top <n>`), when asked. */
  top?: number;
}

/** Most candidates `--top` prints. */
const MAX_TOP = 19;

/** `--locale <tag>` (or `--locale=<tag>`, `-l <tag>`) and the question words, if any. */
export function parseAskArgs(argv: string[]): AskArgs {
  const args: AskArgs = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--locale' || a === '-l') args.locale = argv[++i];
    else if (a.startsWith('--locale=')) args.locale = a.slice('--locale='.length);
    else if (a === '--top' || a.startsWith('--top=')) args.top = topCount(a === '--top' ? argv[++i] : a.slice('--top='.length));
    else if (a === '--') continue;
    else rest.push(a);
  }
  if (rest.length > 0) args.question = rest.join(' ');
  return args;
}

/** Bad arguments: a message on stderr and exit code 2. */
export class UsageError extends Error {}

function topCount(value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_TOP) throw new UsageError(`--top needs a whole number from 1 to ${MAX_TOP}`);
  return n;
}

/** The language for a tag: supported → it; else DEFAULT_LOCALE's language; else English. */
export function languageFor(tag: string | undefined, env: NodeJS.ProcessEnv = process.env): Language {
  return supportedLanguage(tag) ?? supportedLanguage(env.DEFAULT_LOCALE) ?? 'en';
}

/** One output line for a question. */
export function answerLine(retriever: Retriever, question: string, lang: Language, top?: number): string {
  if (top === undefined) {
    const r = retriever.ask(question, lang);
    return `${JSON.stringify({ section: r.section, confidence: r.confidence })}\n`;
  }
  const r = retriever.decide(question, lang, top);
  const candidates = r.top.map((c) => ({ section: c.section, confidence: c.confidence }));
  return `${JSON.stringify({ section: r.section, confidence: r.confidence, top: candidates })}\n`;
}

export interface AskIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/** The whole command, on given streams (so tests can drive it). */
export async function runAsk(argv: string[], io: AskIo, retriever?: Retriever): Promise<void> {
  const args = parseAskArgs(argv);
  const lang = languageFor(args.locale, io.env);
  if (args.locale && !supportedLanguage(args.locale)) io.stderr.write(`ask: locale "${args.locale}" is not supported, using ${lang}\n`);
  const r = retriever ?? createRetriever(loadTerms());
  if (args.question !== undefined) {
    io.stdout.write(answerLine(r, args.question, lang, args.top));
    return;
  }
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let batch = '';
  for await (const line of lines) {
    batch += answerLine(r, line, lang, args.top);
    if (batch.length > 16_384) {
      io.stdout.write(batch);
      batch = '';
    }
  }
  if (batch) io.stdout.write(batch);
}

if (require.main === module) {
  runAsk(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).catch(
    (err: unknown) => {
      process.stderr.write(`ask: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = err instanceof UsageError ? 2 : 1;
    },
  );
}
