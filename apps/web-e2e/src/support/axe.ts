import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** The rules of WCAG 2.0 and 2.1, levels A and AA. */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

declare global {
  interface Window {
    axe?: typeof axe;
  }
}

/**
 * Runs axe-core in the page against WCAG 2.1 AA and returns the serious and critical violations. The
 * source comes from the npm package, evaluated over the DevTools protocol, so the page's CSP (no inline
 * scripts) does not get in the way and nothing is downloaded.
 */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axe.source);
  const results = await page.evaluate(
    (tags) => (window.axe as typeof axe).run(document, { runOnly: { type: 'tag', values: tags } }),
    WCAG_AA,
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

/** Fails with every serious or critical violation of the page, named by rule and element. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const found = await seriousViolations(page);
  expect({ page: name, violations: found }).toEqual({ page: name, violations: [] });
}
