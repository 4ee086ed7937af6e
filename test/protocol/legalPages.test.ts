import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadLegalPages, preferredLanguage } from '../../bot/knowledge/legalPages';
import { repoRoot } from '../../bot/platform/paths';
import { BotUnderTest, startBot } from '../harness/bot';

/** GET /privacy and GET /terms (the manifest's privacyUrl and termsOfUseUrl) on the real server. */
let bot: BotUnderTest;

beforeAll(async () => {
  bot = await startBot();
});

afterAll(async () => {
  await bot.stop();
});

async function get(route: string, acceptLanguage?: string): Promise<{ status: number; type: string; lang: string; html: string }> {
  const res = await fetch(`${bot.server.url}${route}`, { headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    lang: res.headers.get('content-language') ?? '',
    html: await res.text(),
  };
}

describe('privacy and terms pages', () => {
  test.each([
    ['/privacy', 'en-US,en;q=0.9', 'en', 'Privacy statement'],
    ['/privacy', 'tr-TR,tr;q=0.9,en;q=0.5', 'tr', 'Gizlilik bildirimi'],
    ['/terms', 'en-GB', 'en', 'Terms of use'],
    ['/terms', 'de-DE, tr;q=0.8', 'tr', 'Kullanım koşulları'],
    ['/terms', undefined, 'en', 'Terms of use'],
  ])('GET %s (Accept-Language %s) answers an HTML page in %s', async (route, accept, lang, title) => {
    const page = await get(route, accept);
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.lang).toBe(lang);
    expect(page.html).toContain(`<html lang="${lang}">`);
    expect(page.html).toContain(`<h1>${title}`);
    expect(page.html).toContain('Contoso Cloud Partners');
  });

  test('quality values decide, and q=0 never picks a language', () => {
    expect(preferredLanguage('en;q=0.4, tr;q=0.8')).toBe('tr');
    expect(preferredLanguage('tr;q=0, en')).toBe('en');
    expect(preferredLanguage('fr, de')).toBeUndefined();
  });
});

describe('the partner content of the pages', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bhd-legal-'));
    cpSync(path.join(repoRoot(), 'terms'), dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('is rendered escaped: markup in the file shows as text', () => {
    writeFileSync(path.join(dir, 'privacy.en.md'), '# Privacy <b>bold</b>\n\nA <script>alert(1)</script> & "quotes"\n\n- one <i>\n');
    const html = loadLegalPages(dir).privacy.en;
    expect(html).toContain('<h1>Privacy &lt;b&gt;bold&lt;/b&gt;</h1>');
    expect(html).toContain('<p>A &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;</p>');
    expect(html).toContain('<li>one &lt;i&gt;</li>');
    expect(html).not.toContain('<script>');
  });

  test('is checked at start: a missing language or a page without a title stops the bot', () => {
    unlinkSync(path.join(dir, 'terms-of-use.tr.md'));
    writeFileSync(path.join(dir, 'privacy.en.md'), 'no title here\n');
    expect(() => loadLegalPages(dir)).toThrow(
      /terms-of-use\.tr\.md.*is missing[\s\S]*privacy\.en\.md.*needs a "# Title" line|privacy\.en\.md.*needs a "# Title" line[\s\S]*terms-of-use\.tr\.md.*is missing/,
    );
  });
});
