import { z } from 'zod';
import { foldWord } from '../../platform/text';

/**
 * terms/language/<lang>.json: the words the bot reads customers' questions with, one file per
 * language. Editing them changes which section a question gets, so they are checked at start
 * like the rest of the terms.
 */

/** The folder of terms/ with one word-list file per language. */
export const LANGUAGE_DIR = 'language';

/** How a word is looked up: lower case, Turkish letters and accents folded (ç→c, ı→i). */
function isAsMatched(w: string): boolean {
  return w.length > 0 && w === foldWord(w.toLowerCase()) && /^[\p{L}\p{N}]+$/u.test(w);
}

const AS_MATCHED = 'must be one lower-case word without Turkish letters or accents (ç→c, ı→i), as questions are matched';

const text = z.string().trim().min(1, 'must not be empty');
const matched = z.string().refine(isAsMatched, { message: AS_MATCHED });
const lowerWord = z.string().regex(/^\p{Ll}+$/u, 'must be one lower-case word');

/** A record whose keys are words as matched, each key checked with its own path. */
function byMatchedWord<V extends z.ZodType>(value: V) {
  return z.record(z.string(), value).superRefine((rec, ctx) => {
    for (const key of Object.keys(rec)) if (!isAsMatched(key)) ctx.addIssue({ code: 'custom', path: [key], message: AS_MATCHED });
  });
}

const pattern = z.string().superRefine((p, ctx) => {
  try {
    new RegExp(p, 'g');
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `is not a valid regular expression: ${(err as Error).message}` });
  }
});

export const languageSchema = z.strictObject({
  /** Words that carry no topic, in named groups (the names are for the editor only). */
  stopWords: z.record(z.string(), z.array(text)),
  /** Words the standard stop-word list drops that matter here ("down", "off"). */
  keepWords: z.array(matched),
  /** A word customers type → the words the terms use for it. */
  synonyms: byMatchedWord(z.array(text).min(1, 'needs at least one word')),
  /** Question words ("how", "nasil") → what they ask, paired with the next word. */
  questionWords: byMatchedWord(z.string().regex(/^[a-z][a-z-]*$/, 'must be a lower-case label such as "how"')),
  /** Product names in any spelling → one word (applied in order). */
  products: z.array(
    z.strictObject({
      token: z.string().regex(/^[a-z0-9]+$/, 'must be one lower-case word'),
      patterns: z.array(pattern).min(1, 'needs at least one pattern'),
    }),
  ),
  /** Prefixes written with a hyphen or without ("re-enable", "e-mail"): the hyphen goes. */
  joinedPrefixes: z.array(lowerWord),
  /** Compounds written as two words, joined when the last has an ending ("hafta sonu"). */
  compounds: z.array(z.string().regex(/^\p{Ll}+(\s+\p{Ll}+)+$/u, 'must be two or more lower-case words')),
  /** Word endings stripped to find a word's root, for Turkish; longest tried first. */
  suffixes: z.array(matched).default([]),
  /** The word that opens a cross-reference in the terms ("see *Reactivation*"): not indexed. */
  crossReferenceWords: z.array(text),
  /** Words of greetings, thanks and good wishes: a question made only of them is small talk. */
  socialWords: z.array(text),
  /** Letters only this language has (ç ğ ı ö ş ü for Turkish): a word with one is in this language. */
  ownLetters: z
    .string()
    .regex(/^\p{Ll}*$/u, 'must be lower-case letters only')
    .default(''),
  /**
   * Vowel harmony, for a language whose suffixes follow it (Turkish): after a back vowel an
   * unmarked `i` is read as `ı`, after a front vowel a `u` as `ü`, so that text typed without the
   * language's letters stems like text with them. Each is [typed letter, meant letter, vowels after which].
   */
  vowelHarmony: z
    .strictObject({ vowels: z.string().min(1), rules: z.array(z.tuple([z.string().length(1), z.string().length(1), z.string().min(1)])) })
    .optional(),
  /** Small talk and trivia the terms do not answer, indexed to compete with the sections. */
  offTopic: z.array(text).min(1, 'needs at least one phrase'),
});

export type LanguageData = z.infer<typeof languageSchema>;
