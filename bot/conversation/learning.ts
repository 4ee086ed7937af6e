import { createHash } from 'node:crypto';
import { Language } from '../platform/config';
import { Store } from '../platform/store/types';
import { SectionId } from '../knowledge/terms';

/**
 * The learning loop's question log: what customers asked when the bot's answer was not right or
 * not sure — a "not helpful" answer, a "did you mean" choice, a question it had no answer for —
 * with the section chosen (or found right later) when known. Kept as text only: no tenant, no
 * person, no conversation, so an entry cannot be traced back to a customer; the same question
 * in the same language is one entry, counted. A partner reviews them (`npm run questions --
 * review`) and accepts the good ones into terms/questions.<lang>.json, which the classifier learns
 * from. Entries older than the partner's `questionLog.keepDays` are dropped when the log is read
 * or written; with `questionLog.enabled: false` nothing is kept.
 */

export type LoggedKind = 'notHelpful' | 'choice' | 'notSure';

export interface LoggedQuestion {
  lang: Language;
  question: string;
  kind: LoggedKind;
  /** The sections the bot offered (the answer shown, or the two of "did you mean"). */
  offered: SectionId[];
  /** The section the customer chose, when they chose one; null when they chose something else. */
  chosen?: SectionId | null;
  count: number;
  firstAt: string;
  lastAt: string;
}

export interface QuestionLogSettings {
  enabled: boolean;
  keepDays: number;
}

export const DEFAULT_QUESTION_LOG: QuestionLogSettings = { enabled: true, keepDays: 90 };

/** The store partition of a language's log (the feedback collection; no tenant in it on purpose). */
const partition = (lang: Language) => `questions:${lang}`;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface QuestionLog {
  /** Keeps one more occurrence of a question (nothing when the log is off or the text is empty). */
  record(entry: { lang: Language; question: string; kind: LoggedKind; offered: SectionId[]; chosen?: SectionId | null }): Promise<void>;
  /** The language's entries within the keeping time, most recent first; older ones are dropped. */
  list(lang: Language): Promise<LoggedQuestion[]>;
  /** Removes an entry (accepted into the terms, or rejected). */
  remove(lang: Language, question: string, kind: LoggedKind): Promise<boolean>;
}

function entryId(question: string, kind: LoggedKind): string {
  return createHash('sha256').update(`${kind}\n${question.trim().toLocaleLowerCase()}`).digest('hex').slice(0, 40);
}

export function questionLog(store: Store, settings: QuestionLogSettings = DEFAULT_QUESTION_LOG, now: () => number = Date.now): QuestionLog {
  const docs = store.collection<LoggedQuestion>('feedback');
  return {
    async record(entry) {
      const question = entry.question.trim();
      if (!settings.enabled || !question) return;
      const id = entryId(question, entry.kind);
      const at = new Date(now()).toISOString();
      const old = await docs.get(partition(entry.lang), id);
      const { lang, kind, offered } = entry;
      const chosen = entry.chosen !== undefined ? { chosen: entry.chosen } : {};
      await docs.upsert(partition(lang), id, {
        lang,
        question,
        kind,
        offered,
        ...chosen,
        count: (old?.value.count ?? 0) + 1,
        firstAt: old?.value.firstAt ?? at,
        lastAt: at,
      });
    },
    async list(lang) {
      const cutoff = now() - settings.keepDays * DAY_MS;
      const all = await docs.find(partition(lang));
      const kept: LoggedQuestion[] = [];
      for (const d of all) {
        if (Date.parse(d.value.lastAt) < cutoff || !settings.enabled) await docs.delete(partition(lang), d.id);
        else kept.push(d.value);
      }
      return kept.sort((a, b) => (a.lastAt < b.lastAt ? 1 : -1));
    },
    remove(lang, question, kind) {
      return docs.delete(partition(lang), entryId(question, kind));
    },
  };
}

/** The question log with the partner's settings (terms/partner.json `questionLog`). */
export function questionLogOf(deps: { store: Store; terms: { partner: { questionLog?: QuestionLogSettings } } }): QuestionLog {
  return questionLog(deps.store, deps.terms.partner.questionLog ?? DEFAULT_QUESTION_LOG);
}
