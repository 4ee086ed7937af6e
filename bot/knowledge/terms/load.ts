import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Language, SUPPORTED_LANGUAGES } from '../../platform/config';
import { repoRoot } from '../../platform/i18n';
import { LANGUAGE_DIR, LanguageData, languageSchema } from './language';
import { parseTermsDocument } from './parse';
import {
  AskedQuestion,
  ContactKind,
  PLACEHOLDER,
  PartnerData,
  Placeholder,
  Terms,
  TermsDocument,
  TermsError,
  TermsProblem,
  isSectionId,
  partnerSchema,
} from './schema';

const PARTNER_FILE = 'partner.json';

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function formatIssuePath(p: readonly PropertyKey[]): string {
  return p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
}

/** Placeholders that need a value which partner.json may leave out. */
function missingValue(partner: PartnerData, name: Placeholder): string | undefined {
  const contact = (kind: ContactKind) => partner.contacts.some((c) => c.kind === kind);
  if (name === 'email' && !contact('email')) return 'uses {{email}} but partner.json has no "email" contact';
  if (name === 'phone' && !contact('phone')) return 'uses {{phone}} but partner.json has no "phone" contact';
  if (name === 'portal' && !contact('portal')) return 'uses {{portal}} but partner.json has no "portal" contact';
  if (name === 'website' && !partner.partner.website) return 'uses {{website}} but partner.json has no partner.website';
  return undefined;
}

/** A JSON file's value, or undefined with a problem when it does not parse. */
function readJson(full: string, file: string, problems: TermsProblem[]): unknown {
  try {
    return JSON.parse(readFileSync(full, 'utf8')) as unknown;
  } catch (err) {
    problems.push({ file, section: '(file)', message: `is not valid JSON: ${(err as Error).message}` });
    return undefined;
  }
}

/** The optional file of labelled customer questions for a language. */
function questionsFile(lang: Language): string {
  return `questions.${lang}.json`;
}

const MAX_ASKED_QUESTION_CHARS = 500;

/**
 * Reads a `questions.<lang>.json` file: `{ "questions": [{ "q": "...", "section": "<id>" | null }] }`.
 * A missing file is no questions; a bad entry is a problem naming its position.
 */
function loadAskedQuestions(full: string, problems: TermsProblem[]): AskedQuestion[] {
  if (!existsSync(full)) return [];
  const file = displayPath(full);
  const raw = readJson(full, file, problems);
  if (raw === undefined) return [];
  const list = (raw as { questions?: unknown } | null)?.questions;
  if (!Array.isArray(list)) {
    problems.push({ file, section: '(top level)', message: 'needs a "questions" list' });
    return [];
  }
  const out: AskedQuestion[] = [];
  list.forEach((entry: unknown, i) => {
    const { q, section } = (entry ?? {}) as { q?: unknown; section?: unknown };
    const where = `questions[${i}]`;
    if (typeof q !== 'string' || !q.trim() || q.length > MAX_ASKED_QUESTION_CHARS) {
      problems.push({ file, section: where, message: `"q" must be a question of 1 to ${MAX_ASKED_QUESTION_CHARS} characters` });
    } else if (section !== null && !isSectionId(section)) {
      problems.push({
        file,
        section: where,
        message: `"section" must be one of the section ids or null (not a billing question), not ${JSON.stringify(section)}`,
      });
    } else out.push({ q: q.trim(), section });
  });
  return out;
}

/**
 * A JSON file checked against a schema: its data, or undefined with a problem for each issue,
 * named by its data path in the file.
 */
function loadJsonFile<S extends z.ZodType>(full: string, schema: S, problems: TermsProblem[], missing: string): z.output<S> | undefined {
  const file = displayPath(full);
  if (!existsSync(full)) {
    problems.push({ file, section: '(file)', message: missing });
    return undefined;
  }
  const raw = readJson(full, file, problems);
  if (raw === undefined) return undefined;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    problems.push({ file, section: formatIssuePath(issue.path) || '(top level)', message: issue.message });
  }
  return undefined;
}

/**
 * Loads and validates the support terms: `partner.json`, plus `<lang>.md` and
 * `language/<lang>.json` for every supported language. Throws TermsError naming each bad file
 * and section (or entry).
 */
export function loadTerms(dir: string = path.join(repoRoot(), 'terms')): Terms {
  const problems: TermsProblem[] = [];
  const partner = loadJsonFile(path.join(dir, PARTNER_FILE), partnerSchema, problems, 'is missing');

  const documents = {} as Record<Language, TermsDocument>;
  const language = {} as Record<Language, LanguageData>;
  for (const lang of SUPPORTED_LANGUAGES) {
    const words = loadJsonFile(
      path.join(dir, LANGUAGE_DIR, `${lang}.json`),
      languageSchema,
      problems,
      `is missing: every supported language (${SUPPORTED_LANGUAGES.join(', ')}) needs its word lists`,
    );
    if (words) language[lang] = words;
    const full = path.join(dir, `${lang}.md`);
    const file = displayPath(full);
    if (!existsSync(full)) {
      problems.push({
        file,
        section: '(file)',
        message: `is missing: every supported language (${SUPPORTED_LANGUAGES.join(', ')}) needs its terms`,
      });
      continue;
    }
    const doc = parseTermsDocument(readFileSync(full, 'utf8'), file, problems);
    doc.questions = loadAskedQuestions(path.join(dir, questionsFile(lang)), problems);
    documents[lang] = doc;
    if (partner) {
      for (const s of Object.values(doc.sections)) {
        const used = new Set<Placeholder>();
        for (const t of [s.body, ...Object.values(s.products).map((p) => p.body)]) {
          for (const m of t.matchAll(PLACEHOLDER)) used.add(m[1] as Placeholder);
        }
        for (const name of used) {
          const missing = missingValue(partner, name);
          if (missing) problems.push({ file, section: s.id, message: missing });
        }
      }
    }
  }
  if (problems.length > 0 || !partner) throw new TermsError(problems);
  return { dir, partner, documents, language };
}
