// Image conformance through the built package in real headless Chromium: serves the
// repository (and the shared corpus as /corpus/) with the demo's CSP, opens
// tests/browser/images.html, which fetches each manifest and every file it lists and runs
// checkImage on the bytes, and reads back the comparisons (tests/js/image-harness.mjs).
//
//   node tests/browser/images.mjs        (after scripts/build.sh)
//
// Suites: PngSuite (../shared/corpus/pngsuite/manifest.csv, required, as in
// tests/pngsuite.rs) and the project's corpus (tests/images/manifest.csv, run when the
// file exists; if it exists, at least one of its rows must run). Exits non-zero on any
// failed file, console error or warning, failed request or CSP violation; the last line is
// `N passed, M failed`.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { startServer } from '../../scripts/serve.mjs';
import { createReport, cspViolations, launchChromium, runTestPage, watchPage } from './chromium.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const MANIFESTS = {
  pngsuite: { path: `${root}../shared/corpus/pngsuite/manifest.csv`, required: true },
  corpus: { path: `${root}tests/images/manifest.csv`, required: false },
};

const report = createReport('kyc-precheck image conformance in headless Chromium');

const suites = [];
for (const [name, { path, required }] of Object.entries(MANIFESTS)) {
  if (existsSync(path)) {
    suites.push(name);
  } else if (required) {
    report.check(`${name}: the manifest exists`, [`${path} not found`]);
  } else {
    console.log(`# ${name}: ${path} does not exist yet; skipped`);
  }
}

const server = await startServer();
let browser;
try {
  browser = await launchChromium();
  const page = await browser.newPage();
  const problems = [];
  await watchPage(page, problems);

  const results = await runTestPage(
    page,
    `${server.url}tests/browser/images.html?suites=${suites.join(',')}`,
    '__imageResults',
    report,
    { timeout: 180_000 },
  );

  if (results.error) {
    report.check('the image suites ran', [results.error]);
  } else {
    for (const name of suites) {
      const suite = results.suites[name];
      console.log(`# ${name}: ${suite.ran} of ${suite.rows} manifest rows ran`);
      report.count(`${name}: every file gets the manifest's verdict`, suite.passed, suite.failed);
      report.check(
        `${name}: every manifest row ran, and at least one`,
        suite.ran > 0 && suite.ran === suite.rows ? [] : [`${suite.ran} of ${suite.rows} rows ran`],
      );
      for (const { name: caseName, failures } of suite.failures) {
        console.log(`  failed: ${caseName}\n    ${failures.join('\n    ')}`);
      }
    }
  }
  report.check('no CSP violations', [...(await cspViolations(page)), ...(results.violations ?? [])]);
  report.check('no console errors or warnings, failed requests or uncaught exceptions', problems);
} catch (error) {
  report.check('the browser run completed', [error.stack ?? String(error)]);
} finally {
  await browser?.close();
  await server.close();
}
report.finish();
