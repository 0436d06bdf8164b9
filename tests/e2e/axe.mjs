// axe-core (a devDependency, pinned) run in a page of the demo: every violation and every
// "incomplete" (a check axe could not decide) of the page as it stands.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Audits `page` with axe's default rules (WCAG 2.0–2.2 A and AA, best practices).
 * Resolves to `{ version, violations, incomplete }`, each entry "rule (impact): targets".
 * axe is evaluated through the DevTools protocol, which the page's CSP does not govern:
 * a <script> injected into the page would be refused, as it should be.
 */
export async function axeAudit(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(AXE_SOURCE);
  }
  return page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ['violations', 'incomplete'] });
    const describe = (entry) =>
      `${entry.id} (${entry.impact ?? 'no impact'}): ${entry.nodes
        .slice(0, 6)
        .map((node) => node.target.join(' '))
        .join(', ')}${entry.nodes.length > 6 ? ` and ${entry.nodes.length - 6} more` : ''}`;
    return {
      version: window.axe.version,
      violations: results.violations.map(describe),
      incomplete: results.incomplete.map(describe),
    };
  });
}
