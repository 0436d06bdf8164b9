// Runs the image manifests through the package in the browser: fetches each manifest and
// every file it lists, calls checkImage(new Uint8Array(bytes), rule) and compares with the
// same harness as anywhere else (tests/js/image-harness.mjs). Publishes the outcome on
// window.__imageResults for tests/browser/images.mjs (and in the page, for a person).

import init, { checkImage } from '../../pkg/index.js';
import { IMAGE_SUITES, imageCaseFailures, parseCsv, verdictCountFailures } from '../js/image-harness.mjs';

/** Where each suite's manifest lives, relative to this page; files are beside it. */
const MANIFESTS = {
  pngsuite: '/corpus/pngsuite/manifest.csv',
  corpus: '../images/manifest.csv',
};

/** Files fetched at once: enough to keep the connection busy, few enough to stay polite. */
const CONCURRENT_FETCHES = 8;

const violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  violations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
});

async function fetchOk(url, as) {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`fetching ${url}: HTTP ${response.status}`);
  }
  return as === 'text' ? response.text() : new Uint8Array(await response.arrayBuffer());
}

async function runSuite(name) {
  const suite = IMAGE_SUITES[name];
  const manifestUrl = new URL(MANIFESTS[name], location.href);
  const rows = parseCsv(await fetchOk(manifestUrl, 'text'));
  const result = { rows: rows.length, ran: 0, passed: 0, failed: 0, failures: [] };
  const record = (caseName, failures) => {
    if (failures.length === 0) {
      result.passed += 1;
    } else {
      result.failed += 1;
      result.failures.push({ name: caseName, failures });
    }
  };
  const layout = verdictCountFailures(suite, rows);
  if (layout.length > 0) {
    record(`${name} manifest layout`, layout);
  }
  for (let start = 0; start < rows.length; start += CONCURRENT_FETCHES) {
    const batch = rows.slice(start, start + CONCURRENT_FETCHES);
    const files = await Promise.all(
      batch.map((row) => fetchOk(new URL(row.file, manifestUrl), 'bytes').catch((error) => error)),
    );
    batch.forEach((row, index) => {
      const bytes = files[index];
      const caseName = `${name}: ${row.file} (${suite.verdict(row)}${row.code ? ` ${row.code}` : ''})`;
      result.ran += 1;
      record(caseName, bytes instanceof Error ? [bytes.message] : imageCaseFailures(checkImage, suite, row, bytes));
    });
  }
  return result;
}

async function run() {
  // The default init(): fetches kyc_precheck_bg.wasm beside pkg/index.js.
  await init();
  const requested = (new URLSearchParams(location.search).get('suites') ?? 'pngsuite,corpus')
    .split(',')
    .filter((name) => name !== '');
  const results = { suites: {} };
  for (const name of requested) {
    if (!(name in IMAGE_SUITES)) {
      throw new Error(`unknown suite ${JSON.stringify(name)}; known: ${Object.keys(IMAGE_SUITES).join(', ')}`);
    }
    results.suites[name] = await runSuite(name);
  }
  return results;
}

const status = document.getElementById('status');
try {
  const results = await run();
  results.violations = violations;
  window.__imageResults = results;
  const suites = Object.values(results.suites);
  const passed = suites.reduce((sum, suite) => sum + suite.passed, 0);
  const failed = suites.reduce((sum, suite) => sum + suite.failed, 0);
  status.textContent = `${passed} passed, ${failed} failed`;
  const list = document.getElementById('failures');
  for (const suite of suites) {
    for (const { name, failures } of suite.failures) {
      const item = document.createElement('li');
      item.textContent = `${name}: ${failures.join(' ')}`;
      list.append(item);
    }
  }
} catch (error) {
  window.__imageResults = { error: `${error.name}: ${error.message}`, violations };
  status.textContent = `Error: ${error.message}`;
} finally {
  status.dataset.state = 'done';
}
