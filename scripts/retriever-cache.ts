import { createRetriever, retrieverCacheDir } from '../bot/knowledge/retrieval';
import { loadTerms } from '../bot/knowledge/terms';
import { exitWith } from './exit';

/**
 * A step of `npm run build` (and of the build before `npm start`): builds the retriever's indexes
 * for the terms as they are now and keeps them in dist/retriever-cache/, so the server's first
 * start reads them instead of building them (bot/knowledge/retrieval/cache.ts). Nothing is built
 * when the files for these terms and this code are already there. A build tool: its one line of
 * output is for the developer, in English.
 */
async function main(): Promise<number> {
  const dir = retrieverCacheDir();
  const done: string[] = [];
  createRetriever(loadTerms(), {
    cache: { dir, onEvent: (e) => done.push(`${e.lang} ${e.outcome} in ${e.ms} ms${e.reason ? ` (${e.reason})` : ''}`) },
  }).warm();
  process.stdout.write(`retriever indexes in ${dir}: ${done.join(', ')}\n`);
  return 0;
}

if (require.main === module) exitWith(main());
