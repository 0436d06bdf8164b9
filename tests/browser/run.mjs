// Runs the vectors in real headless Chromium: serves the repository with the demo's CSP,
// opens tests/browser/vectors.html (which loads pkg/index.js from a plain module script
// and calls the default init()), and reads back the same harness's results as in Node.
//
//   node tests/browser/run.mjs        (after scripts/build.sh)
//
// Exits non-zero on any failed case, console error or warning, failed request or CSP
// violation; the last line is `N passed, M failed`.

import { startServer } from '../../scripts/serve.mjs';
import { createReport, cspViolations, launchChromium, watchPage } from './chromium.mjs';

/** The www/ demo under the same CSP: typing shows results, and the language toggle works. */
async function checkDemoPage(browser) {
  const page = await browser.newPage();
  const problems = [];
  await watchPage(page, problems);
  await page.goto(`${server.url}www/`);
  await page.waitForSelector('#load-status[data-state="ready"]', { timeout: 30_000 });

  const failures = [];
  const expect = (what, actual, ok) => {
    if (!ok) {
      failures.push(`${what}: ${JSON.stringify(actual)}`);
    }
  };
  // Made-up test numbers.
  await page.fill('#nik', '3171 0145 0890 0002');
  await page.fill('#phone', '0812-3456');
  const id = await page.evaluate(() => ({
    nikOk: document.querySelector('#nik-issues .issue-ok')?.textContent,
    nikDetails: document.querySelector('#nik-details')?.textContent,
    phoneError: document.querySelector('#phone-issues .issue-error')?.textContent,
    phoneInvalid: document.querySelector('#phone')?.getAttribute('aria-invalid'),
  }));
  expect('NIK result', id.nikOk, id.nikOk === 'NIK ini valid.');
  expect('NIK details', id.nikDetails, id.nikDetails?.includes('DKI Jakarta'));
  expect('phone issue (id)', id.phoneError, id.phoneError?.includes('seharusnya 10 sampai 13 digit'));
  expect('phone aria-invalid', id.phoneInvalid, id.phoneInvalid === 'true');

  await page.click('[data-language="en"]');
  const en = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    phoneError: document.querySelector('#phone-issues .issue-error')?.textContent,
  }));
  expect('html lang after the toggle', en.lang, en.lang === 'en');
  expect('phone issue (en)', en.phoneError, en.phoneError?.includes('it needs 10 to 13'));

  report.check('the demo page checks as you type, in both languages', failures);
  report.check('the demo page: no CSP violations, console errors or failed requests', [
    ...problems,
    ...(await cspViolations(page)),
  ]);
}

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

  const response = await page.goto(`${server.url}tests/browser/vectors.html`);
  report.check(
    'the page is served with the CSP',
    response.headers()['content-security-policy'] ? [] : ['no Content-Security-Policy header'],
  );

  await page.waitForSelector('#status[data-state="done"]', { timeout: 60_000 });
  const results = await page.evaluate(() => window.__vectorResults);

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

  await checkDemoPage(browser);
} catch (error) {
  report.check('the browser run completed', [error.stack ?? String(error)]);
} finally {
  await browser?.close();
  await server.close();
}
report.finish();
