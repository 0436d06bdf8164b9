// The package's boundary in real headless Chromium: serves the repository with the demo's
// CSP and opens tests/browser/boundary.html, which calls the package with hostile
// arguments past the count that used to kill the instance, forces a trap, and submits to
// /relay/, which this script answers through Playwright. In a browser a redirect must show
// as one (an "opaqueredirect" answer), a failed fetch gives no reason (so it is not sent
// again), and a 10 MB answer is cut off.
//
//   node tests/browser/boundary.mjs        (after scripts/build.sh)
//
// Exits non-zero on any difference, CSP violation, console error or warning, failed
// request or uncaught exception (but for those the page causes on purpose); the last line
// is `N passed, M failed`.

import { startServer } from '../../scripts/serve.mjs';
import { createReport, cspViolations, launchChromium, runTestPage, watchPage } from './chromium.mjs';

const TD_PASSED = JSON.stringify({ code: 200, message: 'success', sequence_id: '1', result: 'pass' });

const EXPECTED = {
  hostileMessages: [
    'Error: buildRequest: input could not be read',
    'Error: checkNik: options cannot be read as JSON',
    'Error: checkNik: options could not be read',
  ],
  hostileThenNormal: true,
  sameInstance: true,
  trap: 'Error: kyc-precheck: checkNik failed inside the WebAssembly module (unreachable); the module is started afresh for the next call',
  afterTrap: true,
  // A browser hides a redirect's status: an opaqueredirect answer, status 0.
  redirect: { outcome: 'failed', status: null, attempts: 1, transportError: null, codes: ['response.redirected'] },
  loop: { outcome: 'failed', status: null, attempts: 1, transportError: null, codes: ['response.redirected'] },
  badGateway: { outcome: 'failed', status: 502, attempts: 1, transportError: null, codes: ['response.service_unavailable'] },
  // A browser's failed fetch says nothing of why: it may have been sent, so it is not sent again.
  refused: { outcome: 'failed', status: null, attempts: 1, transportError: 'network', codes: ['request.network_error'] },
  tooLarge: { outcome: 'failed', status: 200, attempts: 1, transportError: null, codes: ['response.too_large'] },
};

/** What the page's deliberate failures leave in its log. */
const EXPECTED_PROBLEMS = [
  /^HTTP 502 for http:\/\/127\.0\.0\.1:\d+\/relay\/502\/$/,
  /^console error: Failed to load resource: the server responded with a status of 502 \(Bad Gateway\)$/,
  /^request failed: http:\/\/127\.0\.0\.1:\d+\/relay\/refused\/ \(net::ERR_CONNECTION_REFUSED\)$/,
  /^console error: Failed to load resource: net::ERR_CONNECTION_REFUSED$/,
  // The redirects, not followed, and the 10 MB answer, cut off (when the browser was still
  // receiving it): requests the page let go of.
  /^request failed: http:\/\/127\.0\.0\.1:\d+\/relay\/(redirect|loop|big)\/ \(net::ERR_ABORTED\)$/,
];

const report = createReport('kyc-precheck boundary (hostile calls, a trap, submit) in headless Chromium');
const server = await startServer();
let browser;
try {
  browser = await launchChromium();
  const page = await browser.newPage();
  const problems = [];
  await watchPage(page, problems);

  const relayed = [];
  await page.route('**/relay/**', async (route) => {
    const request = route.request();
    const path = new URL(request.url()).pathname;
    relayed.push({ path, method: request.method(), csrf: request.headers()['x-csrf-token'] });
    if (path.startsWith('/relay/redirect/')) {
      await route.fulfill({ status: 307, headers: { Location: '/relay/elsewhere/' } });
    } else if (path.startsWith('/relay/loop/')) {
      await route.fulfill({ status: 307, headers: { Location: `/relay/loop/${relayed.length}/` } });
    } else if (path.startsWith('/relay/502/')) {
      await route.fulfill({ status: 502, contentType: 'text/html', body: '<html>Bad Gateway</html>' });
    } else if (path.startsWith('/relay/refused/')) {
      await route.abort('connectionrefused');
    } else if (path.startsWith('/relay/big/')) {
      await route.fulfill({ status: 200, contentType: 'application/json', body: `{"pad":"${'x'.repeat(10_000_000)}"}` });
    } else {
      await route.fulfill({ status: 200, contentType: 'application/json', body: TD_PASSED });
    }
  });

  const results = await runTestPage(page, `${server.url}tests/browser/boundary.html`, '__boundaryResults', report, {
    timeout: 120_000,
  });
  if (results.error) {
    report.check('the page ran', [results.error]);
  } else {
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const seen = results.seen[name];
      report.check(
        `${name}: ${JSON.stringify(expected)}`,
        JSON.stringify(seen) === JSON.stringify(expected) ? [] : [`saw ${JSON.stringify(seen)}`],
      );
    }
  }
  const count = (prefix) => relayed.filter((entry) => entry.path.startsWith(prefix)).length;
  report.check(
    'the redirect target received nothing, and each redirect was one POST',
    count('/relay/elsewhere/') === 0 && count('/relay/redirect/') === 1 && count('/relay/loop/') === 1
      ? []
      : [JSON.stringify(relayed.map((entry) => entry.path))],
  );
  report.check(
    'a 502, a refused connection and a 10 MB answer were each sent once',
    count('/relay/502/') === 1 && count('/relay/refused/') === 1 && count('/relay/big/') === 1
      ? []
      : [JSON.stringify(relayed.map((entry) => entry.path))],
  );
  report.check('no CSP violations', await cspViolations(page));
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
