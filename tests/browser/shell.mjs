// The shell (kyc-precheck/shell) in real headless Chromium: serves the repository with the
// demo's CSP, opens tests/browser/shell.html, which runs the package in the module worker
// createWorker() starts from pkg/worker.js, validates with the Standard Schema through it
// and submits to /relay/, which this script answers through Playwright (503 then 200, and
// a hang for the abort). Compares what the page saw with what it must see.
//
//   node tests/browser/shell.mjs        (after scripts/build.sh)
//
// Exits non-zero on any difference, CSP violation, console error or warning, failed
// request or uncaught exception (but for those the page causes on purpose: a missing
// worker, a 503, an aborted request); the last line is `N passed, M failed`.

import { startServer } from '../../scripts/serve.mjs';
import { createReport, cspViolations, launchChromium, runTestPage, watchPage } from './chromium.mjs';

/** A Kredibel answer constructed from its page's Response table (tests/providers/kredibel.json). */
const KREDIBEL_VERIFIED = JSON.stringify({
  id: 'kh_01JD3Z6Q8X',
  status: 'verified',
  rejectFields: [],
  referenceId: 'ref_01JD3Z6Q8X',
});

const EXPECTED = {
  phone: '+6281234567890',
  nikMessage: 'NIK terdiri dari 16 digit; yang Anda masukkan 14 digit.',
  codes: true,
  selfieOk: true,
  selfieKept: true,
  built: true,
  builtPath: '/v1/certificate/issuance',
  transferredOk: true,
  transferredDetached: true,
  afterTerminate: 'Error: kyc-precheck: the worker was terminated',
  schemaPaths: ['nik', 'phone', 'name'],
  schemaFirstMessage: 'NIK terdiri dari 16 digit; yang Anda masukkan 4 digit.',
  submit: { outcome: 'verified', status: 200, attempts: 2 },
  abort: 'AbortError: signal is aborted without reason',
};

/** Expected by a pattern: messages that come from the browser or the core. */
const EXPECTED_PATTERNS = {
  dateError: /^Error: .+/,
  mainThread: /^Error: kyc-precheck: call await init\(\)/,
  missingWorker: /^Error: kyc-precheck: the worker failed/,
  missingWorkerAgain: /^Error: kyc-precheck: the worker failed/,
};

/**
 * What the page's deliberate failures leave in its log: the missing worker's 404, the
 * relay's first answer (503) and the aborted request to /relay/hang/.
 */
const EXPECTED_PROBLEMS = [
  /no-such-worker\.js/,
  /^HTTP 503 for http:\/\/127\.0\.0\.1:\d+\/relay\/v1\/certificate\/issuance$/,
  /^console error: Failed to load resource: the server responded with a status of 503 \(Service Unavailable\)$/,
  /^request failed: http:\/\/127\.0\.0\.1:\d+\/relay\/hang\/v1\/certificate\/issuance \(net::ERR_ABORTED\)$/,
];

const report = createReport('kyc-precheck shell (worker, schema, submit) in headless Chromium');
const server = await startServer();
let browser;
try {
  browser = await launchChromium();
  const page = await browser.newPage();
  const problems = [];
  await watchPage(page, problems);

  const workerUrls = [];
  page.on('worker', (worker) => workerUrls.push(new URL(worker.url()).pathname));

  const relayed = [];
  await page.route('**/relay/**', async (route) => {
    const request = route.request();
    relayed.push({ url: new URL(request.url()).pathname, method: request.method(), body: request.postData() });
    if (request.url().includes('/relay/hang/')) {
      return; // Never answered: the page aborts it.
    }
    await route.fulfill(
      relayed.length === 1
        ? { status: 503, contentType: 'text/html', body: '<html>Service Unavailable</html>' }
        : { status: 200, contentType: 'application/json', body: KREDIBEL_VERIFIED },
    );
  });

  const results = await runTestPage(page, `${server.url}tests/browser/shell.html`, '__shellResults', report);

  if (results.error) {
    report.check('the page ran', [results.error]);
  } else {
    const { seen } = results;
    for (const [name, expected] of Object.entries(EXPECTED)) {
      report.check(
        `${name}: ${JSON.stringify(expected)}`,
        JSON.stringify(seen[name]) === JSON.stringify(expected) ? [] : [`saw ${JSON.stringify(seen[name])}`],
      );
    }
    for (const [name, pattern] of Object.entries(EXPECTED_PATTERNS)) {
      report.check(
        `${name}: ${pattern}`,
        pattern.test(String(seen[name])) ? [] : [`saw ${JSON.stringify(seen[name])}`],
      );
    }
  }

  const posts = relayed.filter((entry) => !entry.url.includes('/hang/'));
  report.check(
    'submit sent the worker-built request twice to /relay/v1/certificate/issuance, body unchanged',
    posts.length === 2 &&
      posts.every((entry) => entry.method === 'POST' && entry.url === '/relay/v1/certificate/issuance') &&
      posts[0].body === posts[1].body &&
      JSON.parse(posts[0].body).identityId === '3273015205900001'
      ? []
      : [JSON.stringify(relayed.map(({ url, method }) => ({ url, method })))],
  );
  report.check(
    'the package ran in two module workers started from pkg/worker.js',
    workerUrls.filter((url) => url === '/pkg/worker.js').length === 2
      ? []
      : [`workers: ${workerUrls.join(', ') || 'none'}`],
  );
  report.check('no CSP violations', [...(await cspViolations(page)), ...(results.violations ?? [])]);
  report.check(
    'no console errors or warnings, failed requests or uncaught exceptions',
    problems.filter((problem) => !EXPECTED_PROBLEMS.some((expected) => expected.test(problem))),
  );
} catch (error) {
  report.check('the browser run completed', [error.stack ?? String(error)]);
} finally {
  await browser?.close();
  await server.close();
}
report.finish();
