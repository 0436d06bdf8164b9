// Checks that the package works in a Vite production build: builds tests/vite-app with
// the root's vite (which resolves `kyc-precheck` through node_modules/kyc-precheck, the
// symlink to pkg/ that scripts/build.sh makes), serves dist/ with the demo's CSP, and
// reads the results the app writes into its page in headless Chromium.
//
//   node tests/browser/vite.mjs        (after scripts/build.sh)
//
// The last line is `N passed, M failed`; exits non-zero on any failure.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { startServer } from '../../scripts/serve.mjs';
import { createReport, cspViolations, launchChromium, watchPage } from './chromium.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const appDir = `${root}tests/vite-app/`;
const distDir = `${appDir}dist/`;

/** What the app must show; the NIK is a made-up test number. */
const EXPECTED = {
  state: 'done',
  'nik-ok': 'true',
  'nik-province': 'DKI Jakarta',
  'nik-birth-date': '1990-08-05',
  'bad-nik-codes': 'nik.length',
  'bad-nik-message': 'NIK terdiri dari 16 digit; yang Anda masukkan 14 digit.',
  'phone-e164': '+6281234567890',
  'phone-operator': 'Telkomsel',
  'worker-phone-e164': '+6281234567890',
};

const report = createReport('kyc-precheck in a Vite production build, in headless Chromium');

try {
  execFileSync(
    process.execPath,
    [`${root}node_modules/vite/bin/vite.js`, 'build', '--config', `${appDir}vite.config.js`],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  report.check('vite build succeeds', []);
} catch (error) {
  report.check('vite build succeeds', [error.message]);
  report.finish();
  process.exit();
}

const assets = readdirSync(`${distDir}assets`);
const wasmAssets = assets.filter((file) => file.endsWith('.wasm'));
report.check(
  'the build emits kyc_precheck_bg.wasm once, as a file',
  wasmAssets.length === 1 && /^kyc_precheck_bg-[\w-]+\.wasm$/.test(wasmAssets[0])
    ? []
    : [`assets: ${assets.join(', ')}`],
);
const workerAssets = assets.filter((file) => /^worker-[\w-]+\.js$/.test(file));
report.check(
  "the build emits the shell's worker as its own file (no blob: or data: URL)",
  workerAssets.length === 1 ? [] : [`assets: ${assets.join(', ')}`],
);
const html = readFileSync(`${distDir}index.html`, 'utf8');
report.check(
  'the built page has no inline script (the CSP would refuse it)',
  /<script(?![^>]*\bsrc=)[^>]*>/.test(html) ? ['dist/index.html has a <script> without src'] : [],
);

const server = await startServer();
let browser;
try {
  browser = await launchChromium();
  const page = await browser.newPage();
  const problems = [];
  await watchPage(page, problems);

  await page.goto(`${server.url}tests/vite-app/dist/index.html`);
  await page.waitForSelector('#state[data-state="done"]', { timeout: 30_000 });
  const shown = await page.evaluate(
    (ids) => Object.fromEntries(ids.map((id) => [id, document.getElementById(id)?.textContent ?? null])),
    Object.keys(EXPECTED),
  );
  const differences = Object.entries(EXPECTED)
    .filter(([id, expected]) => shown[id] !== expected)
    .map(([id, expected]) => `#${id}: shows ${JSON.stringify(shown[id])}, expected ${JSON.stringify(expected)}`);
  report.check("the app shows the checks' results", differences);
  report.check('no CSP violations', await cspViolations(page));
  report.check('no console errors or warnings, failed requests or uncaught exceptions', problems);
} catch (error) {
  report.check('the browser run completed', [error.stack ?? String(error)]);
} finally {
  await browser?.close();
  await server.close();
}
report.finish();
