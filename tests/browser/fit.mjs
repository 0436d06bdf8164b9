// fitImage in real headless Chromium: serves the repository with the demo's CSP, opens
// tests/browser/fit.html (fit-page.js), which fits WebP, AVIF and HEIC through the
// package's browser path, on the main thread and in the worker of kyc-precheck/shell, and
// judges each result with Chromium's own decoder. Prints the page's figures (sizes, SSIM,
// timings: reported, never asserted) and its checks.
//
//   node tests/browser/fit.mjs        (after scripts/build.sh)
//
// Exits non-zero on any failed check, CSP violation, console error or warning, failed
// request or uncaught exception; the last line is `N passed, M failed`.

import { startServer } from '../../scripts/serve.mjs';
import { createReport, cspViolations, launchChromium, runTestPage, watchPage } from './chromium.mjs';

const report = createReport('kyc-precheck fitImage (WebP, AVIF, HEIC, worker) in headless Chromium');
const server = await startServer();
let browser;
try {
  browser = await launchChromium();
  const page = await browser.newPage();
  const problems = [];
  await watchPage(page, problems);

  const results = await runTestPage(page, `${server.url}tests/browser/fit.html`, '__fitResults', report, {
    timeout: 180_000,
  });
  for (const figure of results.figures ?? []) {
    console.log(`# ${figure}`);
  }
  if (results.error) {
    report.check('the page ran', [results.error]);
  }
  for (const { name, failures } of results.checks ?? []) {
    report.check(name, failures);
  }
  report.check(
    'the page ran its checks',
    (results.checks ?? []).length >= 20 ? [] : [`only ${(results.checks ?? []).length} checks ran`],
  );
  report.check('no CSP violations', [...(await cspViolations(page)), ...(results.violations ?? [])]);
  report.check('no console errors or warnings, failed requests or uncaught exceptions', problems);
} catch (error) {
  report.check('the browser run completed', [error.stack ?? String(error)]);
} finally {
  await browser?.close();
  await server.close();
}
report.finish();
