import { PLACEHOLDER, PLACEHOLDERS, PRODUCTS, Product, SECTION_IDS, SectionId, TermsDocument, TermsProblem, TermsSection } from './schema';

const PHRASINGS = 'phrasings';
const KEYWORDS = 'keywords';
const HEADING = /^(#{1,6})\s+(.*?)\s*$/;
const ANCHOR = /\s*\{#([A-Za-z0-9-]+)\}\s*$/;

function tidy(lines: string[]): string {
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Parses one language document; problems are pushed, the parsed sections returned. */
export function parseTermsDocument(text: string, file: string, problems: TermsProblem[]): TermsDocument {
  // Comments are for the editor; keep their line breaks so reported line numbers stay right.
  const source = text.replace(/^\uFEFF/, '').replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ''));
  const lines = source.split(/\r?\n/);
  const sections = new Map<SectionId, { title: string; body: string[]; parts: Map<string, { title: string; lines: string[] }> }>();
  let title = '';
  let current: SectionId | undefined;
  let part: string | undefined;
  const report = (section: string, message: string) => problems.push({ file, section, message });

  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const h = HEADING.exec(line);
    if (h) {
      const level = h[1].length;
      const anchor = ANCHOR.exec(h[2]);
      const text = h[2].replace(ANCHOR, '').trim();
      if (level === 1) {
        if (current) report(current, `line ${lineNo}: a "# " title may only open the document`);
        else title = text;
        return;
      }
      if (level === 2) {
        part = undefined;
        current = undefined;
        if (!anchor) return report(text || `line ${lineNo}`, `line ${lineNo}: section heading needs an id, like "## ${text} {#invoices}"`);
        const id = anchor[1];
        if (!(SECTION_IDS as readonly string[]).includes(id)) {
          return report(id, `line ${lineNo}: unknown section id (known: ${SECTION_IDS.join(', ')})`);
        }
        if (sections.has(id as SectionId)) return report(id, `line ${lineNo}: section appears twice`);
        if (!text) report(id, `line ${lineNo}: section has no title`);
        current = id as SectionId;
        sections.set(current, { title: text, body: [], parts: new Map() });
        return;
      }
      if (level === 3 && current) {
        const id = anchor?.[1];
        if (!id || !([...PRODUCTS, PHRASINGS, KEYWORDS] as readonly string[]).includes(id)) {
          part = undefined;
          return report(
            current,
            `line ${lineNo}: a "### " heading must end with one of {#${[...PRODUCTS, PHRASINGS, KEYWORDS].join('}, {#')}}`,
          );
        }
        const s = sections.get(current);
        if (s?.parts.has(id)) report(current, `line ${lineNo}: part {#${id}} appears twice`);
        part = id;
        s?.parts.set(id, { title: text, lines: [] });
        return;
      }
      return report(current ?? `line ${lineNo}`, `line ${lineNo}: headings of this level are not supported here`);
    }
    if (!current) {
      if (line.trim()) report(`line ${lineNo}`, `line ${lineNo}: text outside any section (start sections with "## Title {#id}")`);
      return;
    }
    const s = sections.get(current);
    if (!s) return;
    if (part) s.parts.get(part)?.lines.push(line);
    else s.body.push(line);
  });

  const result = {} as Record<SectionId, TermsSection>;
  for (const id of SECTION_IDS) {
    const s = sections.get(id);
    if (!s) {
      report(id, 'section is missing (every language document needs every section)');
      continue;
    }
    const body = tidy(s.body);
    if (!body) report(id, 'section has no text');
    const products: TermsSection['products'] = {};
    let phrasings: string[] = [];
    let keywords: string[] = [];
    for (const [partId, p] of s.parts) {
      if (partId === PHRASINGS || partId === KEYWORDS) {
        const items = p.lines.map((l) => l.trim()).filter((l) => l.length > 0);
        const bad = items.find((l) => !/^[-*]\s+\S/.test(l));
        if (bad) report(id, `{#${partId}} must be a list ("- ..."), found "${bad.slice(0, 40)}"`);
        const list = items.filter((l) => /^[-*]\s+\S/.test(l)).map((l) => l.replace(/^[-*]\s+/, ''));
        if (list.length === 0) report(id, `{#${partId}} has no items`);
        // A keyword item may list several words or phrases, separated by commas.
        if (partId === PHRASINGS) phrasings = list;
        else keywords = list.flatMap((l) => l.split(/[,;]/).map((k) => k.trim())).filter((k) => k.length > 0);
      } else {
        const partBody = tidy(p.lines);
        if (!partBody) report(id, `part {#${partId}} has no text`);
        products[partId as Product] = { title: p.title, body: partBody };
      }
    }
    for (const textPart of [s.title, body, ...Object.values(products).map((p) => p.body)]) {
      for (const m of textPart.matchAll(PLACEHOLDER)) {
        if (!(PLACEHOLDERS as readonly string[]).includes(m[1])) {
          report(id, `unknown placeholder {{${m[1]}}} (known: ${PLACEHOLDERS.join(', ')})`);
        }
      }
      if (/\{\{(?![^{}]*\}\})/.test(textPart.replace(PLACEHOLDER, ''))) report(id, 'has an unclosed "{{"');
    }
    result[id] = { id, title: s.title, body, products, phrasings, keywords };
  }
  return { file, title, sections: result, questions: [] };
}
