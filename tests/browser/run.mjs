// Runs the vectors in real headless Chromium: serves the repository with the demo's CSP,
// opens tests/browser/vectors.html (which loads the package from a plain module script
// and calls the default init()) once per entry of the package (the main one, pkg/index.js,
// and kyc-precheck/fields, pkg/fields.js), and reads back the same harness's results as
// in Node.
//
//   node tests/browser/run.mjs        (after scripts/build.sh)
//
// Exits non-zero on any failed case, console error or warning, failed request or CSP
// violation; the last line is `N passed, M failed`.

import { startServer } from '../../scripts/serve.mjs';
import { createReport, cspViolations, launchChromium, runTestPage, watchPage } from './chromium.mjs';

/**
 * The package's entries, each as vectors.html's `entry` parameter names it, with the files
 * of pkg/ its page must fetch (and no other file of pkg/): each entry's default init()
 * fetches its own module, and the fields entry nothing of the whole module's.
 */
const ENTRIES = [
  {
    name: 'kyc-precheck',
    param: 'main',
    wasm: 'kyc_precheck_bg.wasm',
    files: ['index.js', 'field-checks.js', 'kyc_precheck.js', 'kyc_precheck_bg.wasm'],
  },
  {
    name: 'kyc-precheck/fields',
    param: 'fields',
    wasm: 'kyc_precheck_fields_bg.wasm',
    files: ['fields.js', 'kyc_precheck_fields_bg.wasm'],
  },
];

const report = createReport('kyc-precheck vectors in headless Chromium');
const server = await startServer();
let browser;
try {
  browser = await launchChromium();
  for (const entry of ENTRIES) {
    await runEntry(entry);
  }
  // The www/ demo is tested end to end, against the provider sandbox, by tests/e2e/run.mjs.
} catch (error) {
  report.check('the browser run completed', [error.stack ?? String(error)]);
} finally {
  await browser?.close();
  await server.close();
}
report.finish();

/** Runs the vectors page through one entry of the package, on a page of its own. */
async function runEntry(entry) {
  console.log(`# ${entry.name}`);
  const page = await browser.newPage();
  const problems = [];
  await watchPage(page, problems);

  const pkgResponses = [];
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path.startsWith('/pkg/')) {
      pkgResponses.push({ file: path.slice('/pkg/'.length), type: response.headers()['content-type'] });
    }
  });

  const url = `${server.url}tests/browser/vectors.html?entry=${entry.param}`;
  const results = await runTestPage(page, url, '__vectorResults', report);

  if (results.error) {
    report.check(`${entry.name}: the vectors ran`, [results.error]);
  } else {
    for (const [kind, counts] of Object.entries(results.perFile)) {
      report.count(`${entry.name}: ${kind}.json`, counts.passed, counts.failed);
    }
    for (const { name, failures } of results.failures) {
      console.log(`  failed: ${name}\n    ${failures.join('\n    ')}`);
    }
    console.log(`# ${entry.name}: ${results.passed} passed, ${results.failed} failed`);
  }

  const wasmResponses = pkgResponses.filter(({ file }) => file.endsWith('.wasm'));
  report.check(
    `${entry.name}: init() fetched ${entry.wasm} as application/wasm`,
    wasmResponses.length === 1 && wasmResponses[0].file === entry.wasm && wasmResponses[0].type === 'application/wasm'
      ? []
      : [`wasm responses: ${wasmResponses.map(({ file, type }) => `${file} ${type}`).join(', ') || 'none'}`],
  );
  const fetched = [...new Set(pkgResponses.map(({ file }) => file))].sort();
  const expected = [...entry.files].sort();
  report.check(
    `${entry.name}: the page fetched ${expected.join(', ')} from pkg/, and nothing else`,
    JSON.stringify(fetched) === JSON.stringify(expected) ? [] : [`fetched from pkg/: ${fetched.join(', ')}`],
  );
  report.check(`${entry.name}: no CSP violations`, [
    ...(await cspViolations(page)),
    ...(results.violations ?? []),
  ]);
  report.check(`${entry.name}: no console errors or warnings, failed requests or uncaught exceptions`, problems);

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
    `${entry.name}: the CSP is enforced (an inline script is refused and reported)`,
    !inlineOutcome.ran && inlineOutcome.violations > 0 ? [] : [JSON.stringify(inlineOutcome)],
  );
  await page.close();
}
