// Launches the system's headless Chromium through playwright-core (no browser download)
// and watches a page for everything that should fail a browser test: console errors and
// warnings, uncaught exceptions, failed requests, HTTP errors and CSP violations.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A fresh Chromium with its own temporary profile. Resolves to
 * `{ context, newPage(), close() }`; close() also deletes the profile.
 */
export async function launchChromium({ viewport = { width: 1280, height: 800 } } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'kyc-precheck-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: EXECUTABLE,
      headless: true,
      args: ARGS,
      viewport,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`could not start ${EXECUTABLE}: ${error.message}`);
  }
  return {
    context,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Records on `problems` (an array of strings) anything that goes wrong on `page`. CSP
 * violations are caught in the page itself by a listener installed before any of the
 * page's scripts run, and read back with `cspViolations(page)`.
 */
export async function watchPage(page, problems) {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught ${error.name}: ${error.message}`));
  page.on('requestfailed', async (request) => {
    const reason = request.failure()?.errorText;
    // Chromium reports some requests whose answer arrived in full, and was read by the
    // page, as ERR_ABORTED when the connection is let go of afterwards (seen with the
    // sandbox's kept-alive connections under load). Such a request did not fail for the
    // page; one cancelled before its answer arrived (a timeout) has no response and is
    // still reported.
    if (reason === 'net::ERR_ABORTED' && (await request.response().catch(() => null)) !== null) {
      return;
    }
    problems.push(`request failed: ${request.url()} (${reason})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.push(`HTTP ${response.status()} for ${response.url()}`);
    }
  });
}

/**
 * Opens a test page that reports through `#status[data-state="done"]` and a results object
 * on `window[resultsKey]`: checks the page is served with the CSP, waits for it to finish,
 * and returns the results.
 */
export async function runTestPage(page, url, resultsKey, report, { timeout = 60_000 } = {}) {
  const response = await page.goto(url);
  report.check(
    'the page is served with the CSP',
    response.headers()['content-security-policy'] ? [] : ['no Content-Security-Policy header'],
  );
  await page.waitForSelector('#status[data-state="done"]', { timeout });
  return page.evaluate((key) => window[key], resultsKey);
}

/** The CSP violations the page has seen so far. */
export function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations ?? []);
}

/**
 * A tiny reporter with the closing line the CI reads: `N passed, M failed`.
 */
export function createReport(title) {
  let passed = 0;
  let failed = 0;
  console.log(`# ${title}`);
  return {
    check(name, failures) {
      const list = Array.isArray(failures) ? failures : failures ? [String(failures)] : [];
      if (list.length === 0) {
        passed += 1;
        console.log(`ok - ${name}`);
      } else {
        failed += 1;
        console.log(`not ok - ${name}`);
        for (const failure of list) {
          console.log(`    ${failure}`);
        }
      }
    },
    count(name, passedCount, failedCount) {
      passed += passedCount;
      failed += failedCount;
      const total = passedCount + failedCount;
      console.log(
        failedCount === 0
          ? `ok - ${name} (${total} cases)`
          : `not ok - ${name} (${failedCount} of ${total} cases failed)`,
      );
    },
    finish() {
      console.log(`${passed} passed, ${failed} failed`);
      process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
    },
  };
}
