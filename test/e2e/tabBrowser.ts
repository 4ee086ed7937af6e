/** What the tab's browser tests share: screenshots for a person to look at, axe, and the local-mode theme switch. */
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { Page } from 'playwright-core';

/** Screenshots go to /tmp/tab-e2e-<name>.png (outside the repo); README's are copies in tab/screenshots/. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(os.tmpdir(), `tab-e2e-${name}.png`), fullPage: true });
}

/**
 * axe on the page as it is: no serious or critical violation (WCAG 2.x A/AA rules). Fluent's focus
 * manager (Tabster) puts aria-hidden <i tabindex=0 data-tabster-dummy> sentinels around the tab list
 * that hand focus on at once: never a stop a person reaches, so they are left out.
 */
export async function axe(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .exclude('[data-tabster-dummy]')
    .analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(' | ')}`,
    );
  expect([where, bad]).toEqual([where, []]);
}

export type Theme = 'Light' | 'Dark' | 'High contrast';
export const THEME_TAG: Record<Theme, string> = { Light: 'default', Dark: 'dark', 'High contrast': 'contrast' };

/** Local mode's theme switch; waits until the page wears it. */
export async function setTheme(page: Page, theme: Theme): Promise<void> {
  await page.getByLabel('Theme').first().selectOption({ label: theme });
  await page.locator(`[data-theme="${THEME_TAG[theme]}"]`).waitFor();
}
