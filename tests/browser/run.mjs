// Runs the vectors in real headless Chromium: serves the repository with the demo's CSP,
// opens tests/browser/vectors.html (which loads pkg/index.js from a plain module script
// and calls the default init()), and reads back the same harness's results as in Node.
//
//   node tests/browser/run.mjs        (after scripts/build.sh)
//
// Exits non-zero on any failed case, console error or warning, failed request or CSP
// violation; the last line is `N passed, M failed`.

import { startServer } from '../../scripts/serve.mjs';
import { createReport, cspViolations, launchChromium, runTestPage, watchPage } from './chromium.mjs';

const report = createReport('kyc-precheck vectors in headless Chromium');
const server = await startServer();
let browser;
try {
  browser = await launchChromium();
  const page = await browser.newPage();
  const problems = [];
  await watchPage(page, problems);

  const wasmResponses = [];
  page.on('response', (response) => {
    if (response.url().endsWith('.wasm')) {
      wasmResponses.push(response);
    }
  });

  const results = await runTestPage(page, `${server.url}tests/browser/vectors.html`, '__vectorResults', report);

  if (results.error) {
    report.check('the vectors ran', [results.error]);
  } else {
    for (const [kind, counts] of Object.entries(results.perFile)) {
      report.count(`${kind}.json`, counts.passed, counts.failed);
    }
    for (const { name, failures } of results.failures) {
      console.log(`  failed: ${name}\n    ${failures.join('\n    ')}`);
    }
  }

  report.check(
    'init() fetched kyc_precheck_bg.wasm as application/wasm',
    wasmResponses.length === 1 && wasmResponses[0].headers()['content-type'] === 'application/wasm'
      ? []
      : [
          `wasm responses: ${wasmResponses.map((r) => `${r.url()} ${r.headers()['content-type']}`).join(', ') || 'none'}`,
        ],
  );
  report.check('no CSP violations', [...(await cspViolations(page)), ...(results.violations ?? [])]);
  report.check('no console errors or warnings, failed requests or uncaught exceptions', problems);

  // The checks above mean something only if the policy is enforced: an inline script
  // must be refused, and reported as a violation.
  const inlineOutcome = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineScriptRan = true;';
    document.head.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { ran: window.__inlineScriptRan === true, violations: window.__cspViolations.length };
  });
  report.check(
    'the CSP is enforced (an inline script is refused and reported)',
    !inlineOutcome.ran && inlineOutcome.violations > 0 ? [] : [JSON.stringify(inlineOutcome)],
  );
  // The www/ demo is tested end to end, against the provider sandbox, by tests/e2e/run.mjs.
} catch (error) {
  report.check('the browser run completed', [error.stack ?? String(error)]);
} finally {
  await browser?.close();
  await server.close();
}
report.finish();
