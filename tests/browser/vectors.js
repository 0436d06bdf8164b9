// Runs every vector file through the package in the browser with the same harness as
// the Node tests, and publishes the outcome on window.__vectorResults for
// tests/browser/run.mjs (and in the page, for a person looking at it).
//
// vectors.html?entry=fields runs them through `kyc-precheck/fields` (pkg/fields.js, the
// field checks' own module) instead of the main entry; the provider vectors need the whole
// module and run through the main entry only.

import { caseFailures, caseName, codeTableOf, fileFailures, VECTOR_KINDS } from '../js/vector-harness.mjs';
import { buildFailures, PROVIDER_IDS, readFailures, rowName } from '../js/provider-harness.mjs';

// Repo-relative paths (as the provider vectors name photos and keys), fetched from the
// server, which serves the repository's tests/ beside pkg/.
const load = {
  bytes: async (path) => new Uint8Array(await (await fetchOk(`../../${path}`)).arrayBuffer()),
  text: async (path) => (await fetchOk(`../../${path}`)).text(),
};

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`fetching ${url}: HTTP ${response.status}`);
  }
  return response;
}

const violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  violations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
});

/** The package's entries, by the name the page's `entry` parameter gives them. */
const ENTRIES = {
  main: { url: '../../pkg/index.js', providers: true },
  fields: { url: '../../pkg/fields.js', providers: false },
};

async function run() {
  const entryName = new URLSearchParams(location.search).get('entry') ?? 'main';
  const entry = ENTRIES[entryName];
  if (entry === undefined) {
    throw new Error(`no package entry ${JSON.stringify(entryName)}`);
  }
  const api = await import(entry.url);
  // The default init(), with no argument: fetches the entry's module beside it, from its
  // own new URL(..., import.meta.url) (kyc_precheck_bg.wasm, kyc_precheck_fields_bg.wasm).
  await api.default();
  const context = { codeTable: codeTableOf(api) };
  const results = { passed: 0, failed: 0, failures: [], perFile: {} };
  for (const kind of VECTOR_KINDS) {
    const response = await fetch(`../vectors/${kind}.json`);
    if (!response.ok) {
      throw new Error(`fetching ${kind}.json: HTTP ${response.status}`);
    }
    const file = await response.json();
    const counts = { passed: 0, failed: 0 };
    const layout = fileFailures(kind, file);
    const outcomes = layout.length > 0 ? [{ name: `${kind}.json layout`, failures: layout }] : [];
    file.cases.forEach((row, index) => {
      outcomes.push({ name: caseName(kind, index, row), failures: caseFailures(api, kind, file, row, context) });
    });
    for (const { name, failures } of outcomes) {
      if (failures.length === 0) {
        counts.passed += 1;
      } else {
        counts.failed += 1;
        results.failures.push({ name, failures });
      }
    }
    results.perFile[kind] = counts;
    results.passed += counts.passed;
    results.failed += counts.failed;
  }
  // The provider vectors: exact requests built in the browser (none may carry a
  // credential) and every documented answer read.
  for (const provider of entry.providers ? PROVIDER_IDS : []) {
    const file = await (await fetchOk(`../providers/${provider}.json`)).json();
    const counts = { passed: 0, failed: 0 };
    const outcomes = [];
    for (const [index, row] of file.build.entries()) {
      outcomes.push({ name: rowName(provider, 'build', index, row), failures: await buildFailures(api, file, row, load) });
    }
    for (const [index, row] of file.read.entries()) {
      outcomes.push({ name: rowName(provider, 'read', index, row), failures: readFailures(api, file, row) });
    }
    for (const { name, failures } of outcomes) {
      counts[failures.length === 0 ? 'passed' : 'failed'] += 1;
      if (failures.length > 0) {
        results.failures.push({ name, failures });
      }
    }
    results.perFile[`providers/${provider}`] = counts;
    results.passed += counts.passed;
    results.failed += counts.failed;
  }
  return results;
}

const status = document.getElementById('status');
try {
  const results = await run();
  results.violations = violations;
  window.__vectorResults = results;
  status.textContent = `${results.passed} passed, ${results.failed} failed`;
  const list = document.getElementById('failures');
  for (const { name, failures } of results.failures) {
    const item = document.createElement('li');
    item.textContent = `${name}: ${failures.join(' ')}`;
    list.append(item);
  }
} catch (error) {
  window.__vectorResults = { error: `${error.name}: ${error.message}`, violations };
  status.textContent = `Error: ${error.message}`;
} finally {
  status.dataset.state = 'done';
}
