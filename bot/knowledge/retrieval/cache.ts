import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import MiniSearch from 'minisearch';
import { Language } from '../../platform/config';
import { repoRoot } from '../../platform/paths';
import { CLASSIFIER_SETTINGS, ClassifierModel, classifierOf } from '../classifier';
import type { Terms } from '../terms';
import { createAnalyzer } from './analyzer';
import { NeighbourModel, neighboursOf } from './neighbours';
import { Doc, LanguageIndex, assembleIndex, searchOptions } from './searchIndex';

/**
 * A language's built index (MiniSearch index, vocabulary, trained classifier and neighbour reader) kept on disk, so a
 * start does not build it again: one file per language, `retriever.<lang>.<key>.bin`, where the
 * key is a hash of everything the index is built from — the language's parsed terms (sections,
 * phrasings, key words, labelled questions: terms/<lang>.md, terms/questions.<lang>.json) and
 * word lists (terms/language/<lang>.json), the source of the code that builds it (this folder,
 * the classifier, word folding), the search and stemming libraries and the JavaScript engine.
 * Any change gives a new key, so a stale file is never read.
 *
 * A file holds a first line with its key and the SHA-256 of the rest (the index in v8's
 * serialization format; the engine's version is part of the key); one whose key or checksum
 * does not match, that does not parse or whose parts do not fit is not used (the index is built
 * and the file written again). Files are written to a temporary name and renamed, so several
 * instances sharing the folder only ever read a whole file; two that build at once write the same
 * bytes. Files of other keys untouched for a day are removed when a new one is written.
 */

/** Where the server keeps the indexes: dist/retriever-cache/ (built files, git-ignored, shipped with dist/). */
export function retrieverCacheDir(): string {
  return path.join(repoRoot(), 'dist', 'retriever-cache');
}

/** Bump when the file layout changes (the code hash would change anyway; this says why). 2: SHA-1 checksum. */
const FORMAT = 2;
/**
 * The body's checksum: against damage and cut-short files, not an attacker (the folder is the
 * app's own). SHA-1 reads the 13 MB Turkish file in ~8 ms here, SHA-256 in ~32 ms.
 */
const checksum = (body: Buffer | Uint8Array) => createHash('sha1').update(body).digest('hex');
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/** What happened when a language's index was needed (for the start-up log and the tests). */
export interface CacheEvent {
  lang: Language;
  /** loaded: read from the file; built: no file for this key; rebuilt: a file was there but unusable. */
  outcome: 'loaded' | 'built' | 'rebuilt';
  file: string;
  ms: number;
  /** Why a file was not used or not written. */
  reason?: string;
}

/**
 * The folder of this module's code as compiled: here (.ts under ts-jest, .js in dist/), or, in
 * the server bundle (dist/server.js, built from dist/ by scripts/bundle-server.mjs), the dist/
 * modules it was built from — so the bundle and the build step agree on every key.
 */
function codeDir(): { dir: string; ext: string } {
  const ext = path.extname(__filename);
  if (existsSync(path.join(__dirname, `cache${ext}`))) return { dir: __dirname, ext };
  return { dir: path.join(repoRoot(), 'dist', 'bot', 'knowledge', 'retrieval'), ext: '.js' };
}

/** The files whose text decides what an index is: this folder, the classifier, word folding (.ts or .js, as run). */
function codeFiles(): string[] {
  const { dir, ext } = codeDir();
  const here = readdirSync(dir)
    .filter((f) => f.endsWith(ext) && !f.endsWith(`.d${ext}`))
    .sort()
    .map((f) => path.join(dir, f));
  return [...here, path.join(dir, '..', `classifier${ext}`), path.join(dir, '..', '..', 'platform', `text${ext}`)];
}

/** The libraries an index is built with (their code as installed). */
const LIBRARIES = [
  'minisearch',
  '@orama/stemmers/english',
  '@orama/stemmers/turkish',
  '@orama/stopwords/english',
  '@orama/stopwords/turkish',
];

let codeHash: string | undefined;
function codeVersion(): string {
  if (codeHash) return codeHash;
  const h = createHash('sha256');
  for (const file of [...codeFiles(), ...LIBRARIES.map((l) => require.resolve(l))])
    h.update(file.split(path.sep).slice(-3).join('/')).update(readFileSync(file));
  h.update(process.versions.v8);
  return (codeHash = h.digest('hex'));
}

/** The key of a language's index: a hash of what it is built from (see above). */
export function cacheKey(terms: Terms, lang: Language, withClassifier: boolean): string {
  return (
    createHash('sha256')
      .update(JSON.stringify({ FORMAT, code: codeVersion(), lang, withClassifier, settings: CLASSIFIER_SETTINGS }))
      // The document without its file name: the same terms at another path are the same index.
      .update(JSON.stringify({ ...terms.documents[lang], file: undefined }))
      .update(JSON.stringify(terms.language[lang]))
      .digest('hex')
      .slice(0, 32)
  );
}

export function cacheFile(dir: string, lang: Language, key: string): string {
  return path.join(dir, `retriever.${lang}.${key}.bin`);
}

/** A Map or Set of any realm (v8.deserialize makes the main realm's; jest runs tests in another). */
const isA = (x: unknown, tag: 'Map' | 'Set') => Object.prototype.toString.call(x) === `[object ${tag}]`;

/** MiniSearch's own index: a radix tree of Maps (term → field → document → frequency). */
type Tree = Map<string, unknown>;
interface SearchInternals {
  _index?: { _tree?: unknown; _size?: number };
}

/**
 * The search index's radix tree itself. MiniSearch.loadJS would insert every term again, which
 * takes several times longer and shapes the tree differently: typo and prefix matches then come
 * back in another order and BM25 sums differ in the last bit. The tree as built keeps answers
 * identical (test/knowledge/retrievalCache.test.ts checks it on every question set).
 */
function treeOf(search: MiniSearch<Doc>): Tree {
  const tree = (search as unknown as SearchInternals)._index?._tree;
  if (!isA(tree, 'Map')) throw new Error('unexpected MiniSearch internals');
  return tree as Tree;
}

interface Stored {
  lang: Language;
  /** MiniSearch's toJSON without its term list (`tree` has the terms). */
  search: ReturnType<MiniSearch<Doc>['toJSON']>;
  tree: Tree;
  docs: Doc[];
  sectionFreq: Map<string, number>;
  topicForms: Set<string>;
  classifier?: ClassifierModel;
  neighbours?: NeighbourModel;
}

/** Writes a language's index under its key (temporary file, then rename). */
export function saveIndex(dir: string, lang: Language, key: string, index: LanguageIndex): void {
  const stored: Stored = {
    lang,
    search: { ...index.search.toJSON(), index: [] },
    tree: treeOf(index.search),
    docs: index.docs,
    sectionFreq: index.sectionFreq,
    topicForms: index.topicForms,
    ...(index.classifier ? { classifier: index.classifier.model } : {}),
    ...(index.neighbours ? { neighbours: index.neighbours.model } : {}),
  };
  // v8's serializer keeps Maps, Sets (in their order) and typed arrays (bit for bit) as they are.
  const body = serialize(stored);
  const header = JSON.stringify({ format: FORMAT, key, sha1: checksum(body) });
  mkdirSync(dir, { recursive: true });
  const file = cacheFile(dir, lang, key);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, Buffer.concat([Buffer.from(`${header}\n`), body]));
    renameSync(tmp, file);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // never written
    }
    throw err;
  }
  removeStale(dir, lang, path.basename(file));
}

/** Other keys' files of the language (and abandoned temporary files) not written for a day. */
function removeStale(dir: string, lang: Language, keep: string): void {
  const now = Date.now();
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return;
  }
  for (const f of files) {
    if (f === keep || !(f.startsWith(`retriever.${lang}.`) || f.startsWith(`.retriever.${lang}.`))) continue;
    try {
      const full = path.join(dir, f);
      if (now - statSync(full).mtimeMs > STALE_AFTER_MS) unlinkSync(full);
    } catch {
      // another instance removed it first
    }
  }
}

/**
 * A language's index from its file, or why it cannot be used: 'missing' (no file for this key),
 * or a reason the file is not trusted (checksum, key, parse, shape).
 */
export function loadIndex(
  dir: string,
  lang: Language,
  key: string,
  terms: Terms,
  withClassifier: boolean,
): LanguageIndex | { missing: boolean; reason: string } {
  let data: Buffer;
  try {
    data = readFileSync(cacheFile(dir, lang, key));
  } catch (err) {
    return { missing: true, reason: (err as NodeJS.ErrnoException).code ?? 'unreadable' };
  }
  try {
    const newline = data.indexOf(0x0a);
    if (newline < 0) throw new Error('no header');
    const header = JSON.parse(data.subarray(0, newline).toString('utf8')) as { format?: unknown; key?: unknown; sha1?: unknown };
    const body = data.subarray(newline + 1);
    if (header.format !== FORMAT || header.key !== key) throw new Error('another key or format');
    if (checksum(body) !== header.sha1) throw new Error('checksum does not match');
    const stored = deserialize(body) as Stored;
    if (
      stored.lang !== lang ||
      !isA(stored.tree, 'Map') ||
      !Array.isArray(stored.docs) ||
      !isA(stored.sectionFreq, 'Map') ||
      !isA(stored.topicForms, 'Set') ||
      !!stored.classifier !== withClassifier ||
      !!stored.neighbours !== withClassifier
    )
      throw new Error('unexpected content');
    const analyzer = createAnalyzer(lang, terms.language[lang]);
    const search = MiniSearch.loadJS<Doc>(stored.search, searchOptions(analyzer));
    const internals = (search as unknown as SearchInternals)._index;
    if (!internals || !isA(internals._tree, 'Map') || (internals._tree as Tree).size !== 0)
      throw new Error('unexpected MiniSearch internals');
    internals._tree = stored.tree;
    internals._size = undefined;
    if (search.documentCount !== stored.docs.length) throw new Error('index and documents differ');
    return assembleIndex({
      search,
      docs: stored.docs,
      analyzer,
      sectionFreq: stored.sectionFreq,
      topicForms: stored.topicForms,
      classifier: stored.classifier ? classifierOf(stored.classifier) : undefined,
      neighbours: stored.neighbours ? neighboursOf(stored.neighbours) : undefined,
    });
  } catch (err) {
    return { missing: false, reason: (err as Error).message };
  }
}
