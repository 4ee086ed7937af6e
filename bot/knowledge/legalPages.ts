/**
 * The privacy statement and terms of use the Teams manifest links to (`privacyUrl`,
 * `termsOfUseUrl`): partner content in terms/ (`privacy.<lang>.md`, `terms-of-use.<lang>.md`),
 * checked at start like the rest of terms/, served as small HTML pages in the reader's language.
 * Everything from the files is HTML-escaped; only headings, paragraphs and lists are kept.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Language, SUPPORTED_LANGUAGES, supportedLanguage } from '../platform/config';
import { repoRoot } from '../platform/paths';
import { TermsError, TermsProblem } from './terms/schema';

export const LEGAL_PAGES = ['privacy', 'terms-of-use'] as const;
export type LegalPageId = (typeof LEGAL_PAGES)[number];

/** Each page in each language, already rendered to HTML. */
export type LegalPages = Record<LegalPageId, Record<Language, string>>;

export interface LegalResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const MAX_BYTES = 64 * 1024;

/** Reads and renders every page; missing, empty or title-less files stop the bot at start. */
export function loadLegalPages(dir: string = path.join(repoRoot(), 'terms')): LegalPages {
  const problems: TermsProblem[] = [];
  const pages = {} as LegalPages;
  for (const id of LEGAL_PAGES) {
    pages[id] = {} as Record<Language, string>;
    for (const lang of SUPPORTED_LANGUAGES) {
      const file = path.join(dir, `${id}.${lang}.md`);
      const shown = path.relative(process.cwd(), file) || file;
      if (!existsSync(file)) {
        problems.push({ file: shown, section: '(file)', message: `is missing: every supported language needs its ${id} page` });
        continue;
      }
      const text = readFileSync(file, 'utf8');
      if (Buffer.byteLength(text) > MAX_BYTES)
        problems.push({ file: shown, section: '(file)', message: `is larger than ${MAX_BYTES} bytes` });
      else if (!/^# \S/m.test(text)) problems.push({ file: shown, section: '(file)', message: 'needs a "# Title" line' });
      else pages[id][lang] = renderPage(text, lang);
    }
  }
  if (problems.length > 0) throw new TermsError(problems);
  return pages;
}

/** The page for `GET /privacy` or `GET /terms`, in the first supported language of Accept-Language. */
export function legalPage(
  pages: LegalPages,
  id: LegalPageId,
  acceptLanguage: string | string[] | undefined,
  fallback: string,
): LegalResponse {
  const lang = preferredLanguage(acceptLanguage) ?? supportedLanguage(fallback) ?? 'en';
  return {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-language': lang,
      vary: 'Accept-Language',
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
    body: pages[id][lang],
  };
}

/** What serving a page needs from the host (the app, a Node request and response); no web framework. */
export interface LegalHost {
  legalPages: LegalPages;
  config: { DEFAULT_LOCALE: string };
}

/** Answers `GET /privacy` or `GET /terms` on a Node (or restify) response. */
export function serveLegalPage(
  host: LegalHost,
  id: LegalPageId,
  req: { headers: Record<string, string | string[] | undefined> },
  res: { writeHead(status: number, headers: Record<string, string>): unknown; end(body: string): unknown },
): void {
  const page = legalPage(host.legalPages, id, req.headers['accept-language'], host.config.DEFAULT_LOCALE);
  res.writeHead(page.status, page.headers);
  res.end(page.body);
}

/** The supported language a browser prefers most (quality values honoured; q=0 means never). */
export function preferredLanguage(header: string | string[] | undefined): Language | undefined {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  const ranked = value
    .split(',')
    .slice(0, 20)
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((x) => x !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.tag && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const lang = supportedLanguage(tag);
    if (lang) return lang;
  }
  return undefined;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Headings (#, ##, ###), paragraphs and "- " lists, every character of the text escaped. */
function renderPage(markdown: string, lang: Language): string {
  const out: string[] = [];
  let title = '';
  let list = false;
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) out.push(`<p>${escapeHtml(paragraph.join(' '))}</p>`);
    paragraph = [];
    if (list) out.push('</ul>');
    list = false;
  };
  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw.trim();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const item = /^[-*]\s+(.*)$/.exec(line);
    if (!line) flush();
    else if (heading) {
      flush();
      const level = heading[1].length;
      if (level === 1 && !title) title = heading[2];
      out.push(`<h${level}>${escapeHtml(heading[2])}</h${level}>`);
    } else if (item) {
      if (paragraph.length > 0) flush();
      if (!list) out.push('<ul>');
      list = true;
      out.push(`<li>${escapeHtml(item[1])}</li>`);
    } else {
      if (list) flush();
      paragraph.push(line);
    }
  }
  flush();
  return [
    '<!doctype html>',
    `<html lang="${lang}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5}</style>',
    '</head>',
    `<body>${out.join('\n')}</body>`,
    '</html>',
    '',
  ].join('\n');
}
