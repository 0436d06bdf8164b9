// Checks that the package works in a Vite production build: builds tests/vite-app with
// the root's vite (which resolves `kyc-precheck` through node_modules/kyc-precheck, the
// symlink to pkg/ that scripts/build.sh makes), serves dist/ with the demo's CSP, and
// reads the results the app writes into its page in headless Chromium. Twice: the app
// (index.html: the main entry, kyc-precheck/fields and the shell's worker), and a page
// that imports kyc-precheck/fields alone (fields.html, built on its own with --mode
// fields), whose build must emit that entry's module and nothing of the whole one.
//
//   node tests/browser/vite.mjs        (after scripts/build.sh)
//
// The last line is `N passed, M failed`; exits non-zero on any failure.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
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
  'fields-nik-ok': 'true',
  'fields-nik-province': 'DKI Jakarta',
  'worker-phone-e164': '+6281234567890',
};

/** What the page that imports kyc-precheck/fields alone must show. */
const EXPECTED_FIELDS = {
  state: 'done',
  'fields-nik-ok': 'true',
  'fields-nik-province': 'DKI Jakarta',
  'fields-bad-nik-codes': 'nik.length',
  'fields-phone-e164': '+6281234567890',
};

/** The name Vite gives an emitted module: the package's file name with a content hash. */
const WHOLE_WASM = { name: 'kyc_precheck_bg.wasm', pattern: /^kyc_precheck_bg-[\w-]+\.wasm$/ };
const FIELDS_WASM = { name: 'kyc_precheck_fields_bg.wasm', pattern: /^kyc_precheck_fields_bg-[\w-]+\.wasm$/ };

const report = createReport('kyc-precheck in a Vite production build, in headless Chromium');

// The fields build goes into dist/fields/, after the app's build has emptied dist/.
if (!build('the app', []) || !build('the page that imports kyc-precheck/fields alone', ['--mode', 'fields'])) {
  report.finish();
  process.exit();
}

const assets = readdirSync(`${distDir}assets`);
const wasmAssets = assets.filter((file) => file.endsWith('.wasm')).sort();
report.check(
  'the build emits kyc_precheck_bg.wasm and kyc_precheck_fields_bg.wasm once each, as files',
  wasmAssets.length === 2 && WHOLE_WASM.pattern.test(wasmAssets[0]) && FIELDS_WASM.pattern.test(wasmAssets[1])
    ? []
    : [`assets: ${assets.join(', ')}`],
);
const workerAssets = assets.filter((file) => /^worker-[\w-]+\.js$/.test(file));
report.check(
  "the build emits the shell's worker as its own file (no blob: or data: URL)",
  workerAssets.length === 1 ? [] : [`assets: ${assets.join(', ')}`],
);
const fieldsAssets = readdirSync(`${distDir}fields/assets`);
report.check(
  'the build of kyc-precheck/fields alone emits kyc_precheck_fields_bg.wasm, and not the whole module',
  fieldsAssets.filter((file) => file.endsWith('.wasm')).length === 1 && fieldsAssets.some((file) => FIELDS_WASM.pattern.test(file))
    ? []
    : [`dist/fields/assets: ${fieldsAssets.join(', ')}`],
);
console.log(`# the fields-only build's files: ${sizes(`${distDir}fields/assets`, fieldsAssets)}`);
for (const [name, file] of [
  ['the built page', 'index.html'],
  ['the built fields page', 'fields/fields.html'],
]) {
  const html = readFileSync(`${distDir}${file}`, 'utf8');
  report.check(
    `${name} has no inline script (the CSP would refuse it)`,
    /<script(?![^>]*\bsrc=)[^>]*>/.test(html) ? [`dist/${file} has a <script> without src`] : [],
  );
}

const server = await startServer();
let browser;
try {
  browser = await launchChromium();
  await checkPage('the app', 'index.html', EXPECTED, [WHOLE_WASM, FIELDS_WASM]);
  await checkPage('the fields page', 'fields/fields.html', EXPECTED_FIELDS, [FIELDS_WASM]);
} catch (error) {
  report.check('the browser run completed', [error.stack ?? String(error)]);
} finally {
  await browser?.close();
  await server.close();
}
report.finish();

/** Runs `vite build` on the app with `args`; says whether it succeeded. */
function build(name, args) {
  try {
    execFileSync(
      process.execPath,
      [`${root}node_modules/vite/bin/vite.js`, 'build', '--config', `${appDir}vite.config.js`, ...args],
      {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    report.check(`vite build succeeds (${name})`, []);
    return true;
  } catch (error) {
    report.check(`vite build succeeds (${name})`, [error.message]);
    return false;
  }
}

/** The sizes of `files` in `folder`, for the output. */
function sizes(folder, files) {
  return files.map((file) => `${file} ${statSync(`${folder}/${file}`).size} B`).join(', ');
}

/**
 * Opens a built page of dist/ (`file`) in a page of its own, and checks that it shows
 * `expected`, that it (with its workers) fetched the modules `wasm` names and no other,
 * and that it saw no CSP violation or console problem.
 */
async function checkPage(name, file, expected, wasm) {
  const page = await browser.newPage();
  const problems = [];
  await watchPage(page, problems);
  const wasmFetched = [];
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path.endsWith('.wasm')) {
      wasmFetched.push(path.slice(path.lastIndexOf('/') + 1));
    }
  });

  await page.goto(`${server.url}tests/vite-app/dist/${file}`);
  await page.waitForSelector('#state[data-state="done"]', { timeout: 30_000 });
  const shown = await page.evaluate(
    (ids) => Object.fromEntries(ids.map((id) => [id, document.getElementById(id)?.textContent ?? null])),
    Object.keys(expected),
  );
  const differences = Object.entries(expected)
    .filter(([id, value]) => shown[id] !== value)
    .map(([id, value]) => `#${id}: shows ${JSON.stringify(shown[id])}, expected ${JSON.stringify(value)}`);
  report.check(`${name} shows the checks' results`, differences);
  // The app's worker fetches the whole module again: modules are told apart by name.
  const fetched = [...new Set(wasmFetched)].sort();
  report.check(
    `${name} fetched ${wasm.map((module) => module.name).join(' and ')}, and no other module`,
    fetched.length === wasm.length && wasm.every((module, index) => module.pattern.test(fetched[index]))
      ? []
      : [`fetched: ${fetched.join(', ') || 'no module'}`],
  );
  report.check(`${name}: no CSP violations`, await cspViolations(page));
  report.check(`${name}: no console errors or warnings, failed requests or uncaught exceptions`, problems);
  await page.close();
}
