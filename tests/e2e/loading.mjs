// Loading the demo over Chromium's network emulation (issue 12): the demo served by the
// sandbox as scripts/demo.sh serves it (--relay, release build), opened in a fresh
// headless Chromium profile per network preset, with the NIK typed as soon as its field
// exists.
//
//   node tests/e2e/loading.mjs        (after scripts/build.sh; builds the sandbox if missing)
//
// It PRINTS, per preset: the time from navigation until the NIK's check answers, which
// engine ran the package (worker or page), and every asset's bytes on the wire (CDP
// Network.loadingFinished's encodedDataLength: headers and body as received, compressed).
// It ASSERTS only what is deterministic: each asset's body is downloaded at most once per
// page load, each of the two wasm modules exactly once (the page and its worker together);
// each module's transfer is at most its gzip -9 size plus a header margin (it is
// compressed); and a second visit downloads no wasm body (a 304 or the cache). It prints
// when the NIK's check answers (from the field checks' module) and when the photos can be
// checked (the whole module runs). No timing is asserted.
//
// The presets are DevTools' own (ChromeDevTools/devtools-frontend,
// front_end/core/sdk/NetworkManager.ts): "Slow 3G" is 500 kbit/s × 0.8 (50,000 B/s) down
// and up with 400 ms × 5 = 2,000 ms latency; "Fast 3G" (renamed "Slow 4G" in May 2024,
// crbug.com/342406608, same figures) is 1.6 Mbit/s × 0.9 (180,000 B/s) down, 750 kbit/s ×
// 0.9 (84,375 B/s) up, 150 ms × 3.75 = 562.5 ms latency. The page's CDP session throttles
// the page's requests; each worker the page starts is attached (Target.setAutoAttach,
// paused until it is throttled too), so the worker's own scripts pay the same network.
//
// KYC_LOADING_PRESETS="Slow 3G" runs one preset only. Exits non-zero on any failure; the
// last line is `N passed, M failed`.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { launchChromium, watchPage } from '../browser/chromium.mjs';
import { APPLICANT } from './demo-page.mjs';
import { REPOSITORY, ensureSandboxBinary, startSandbox } from './sandbox.mjs';

const PRESETS = {
  'Slow 3G': {
    latency: 400 * 5,
    downloadThroughput: ((500 * 1000) / 8) * 0.8,
    uploadThroughput: ((500 * 1000) / 8) * 0.8,
  },
  'Fast 3G': {
    latency: 150 * 3.75,
    downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
    uploadThroughput: ((750 * 1000) / 8) * 0.9,
  },
};

/** Room for the response's status line and headers (CSP, ETag, …) in encodedDataLength. */
const HEADER_MARGIN = 2_048;
/** How long one visit may take before the run gives up on it (Slow 3G: about a minute today). */
const VISIT_TIMEOUT_MS = 180_000;

/** The package's two modules: the field checks' own, which the demo loads first, and the whole one. */
const WASM_FILES = ['kyc_precheck_fields_bg.wasm', 'kyc_precheck_bg.wasm'];

/**
 * The requests of a page and of the workers it starts, from CDP: url, status, content
 * encoding, whether the cache answered, and encodedDataLength once finished.
 */
async function recordNetwork(context, page, conditions) {
  const requests = new Map();
  const listen = (session, origin) => {
    // The status as it came over the network (a revalidated entry is a 304 here, a 200
    // in responseReceived).
    session.on('Network.responseReceivedExtraInfo', ({ requestId, statusCode }) => {
      const entry = requests.get(`${origin}:${requestId}`);
      if (entry) {
        entry.wireStatus = statusCode;
      }
    });
    session.on('Network.requestWillBeSent', ({ requestId, request, timestamp }) => {
      requests.set(`${origin}:${requestId}`, { url: request.url, origin, status: null, bytes: null, cached: false, sent: timestamp });
    });
    session.on('Network.responseReceived', ({ requestId, response }) => {
      const entry = requests.get(`${origin}:${requestId}`);
      if (entry) {
        entry.status = response.status;
        // What had arrived with the headers: the rest of encodedDataLength is the body.
        entry.headerBytes = response.encodedDataLength;
        entry.encoding = response.headers['content-encoding'] ?? response.headers['Content-Encoding'] ?? null;
        entry.cached = response.fromDiskCache || response.fromMemoryCache || response.fromPrefetchCache || false;
      }
    });
    session.on('Network.requestServedFromCache', ({ requestId }) => {
      const entry = requests.get(`${origin}:${requestId}`);
      if (entry) {
        entry.cached = true;
      }
    });
    session.on('Network.loadingFinished', ({ requestId, encodedDataLength, timestamp }) => {
      const entry = requests.get(`${origin}:${requestId}`);
      if (entry) {
        entry.bytes = encodedDataLength;
        entry.finished = timestamp;
      }
    });
    session.on('Network.loadingFailed', ({ requestId, errorText }) => {
      const entry = requests.get(`${origin}:${requestId}`);
      if (entry) {
        entry.failed = errorText;
      }
    });
  };
  const session = await context.newCDPSession(page);
  listen(session, 'page');
  await session.send('Network.enable');
  await session.send('Network.setCacheDisabled', { cacheDisabled: false });
  await session.send('Network.emulateNetworkConditions', { offline: false, ...conditions });
  // The workers: attached through this session (its own messages, since Playwright's
  // session cannot address a flattened child), each held at its start until its network
  // is throttled and recorded like the page's.
  const workers = new Map();
  let nextId = 1;
  const toWorker = (sessionId, method, params = {}) =>
    session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: nextId++, method, params }) });
  session.on('Target.attachedToTarget', async ({ sessionId, targetInfo }) => {
    const events = new (await import('node:events')).EventEmitter();
    workers.set(sessionId, events);
    listen(events, targetInfo.type);
    await toWorker(sessionId, 'Network.enable');
    await toWorker(sessionId, 'Network.emulateNetworkConditions', { offline: false, ...conditions });
    await toWorker(sessionId, 'Runtime.runIfWaitingForDebugger');
  });
  session.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
    const { method, params } = JSON.parse(message);
    if (method !== undefined) {
      workers.get(sessionId)?.emit(method, params);
    }
  });
  await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
  return { session, requests };
}

/** One visit: navigates, types the NIK as soon as its field exists, waits for its check. */
async function visit(page, url) {
  await page.goto(url, { waitUntil: 'commit', timeout: VISIT_TIMEOUT_MS });
  await page.fill('#nik', APPLICANT.nik, { timeout: VISIT_TIMEOUT_MS });
  await page.waitForSelector('#nik-issues li', { timeout: VISIT_TIMEOUT_MS });
  const firstCheckMs = await page.evaluate(() => window.__firstCheckAt);
  const message = await page.textContent('#nik-issues li');
  await page.waitForSelector('#load-status[data-state="ready"]', { timeout: VISIT_TIMEOUT_MS });
  await page.waitForFunction(() => document.documentElement.dataset.engine !== undefined, null, {
    timeout: VISIT_TIMEOUT_MS,
  });
  // When the whole module runs (the photos can be checked), to the poll's precision.
  const wholeMs = await page.evaluate(() => performance.now());
  const engine = await page.evaluate(() => document.documentElement.dataset.engine);
  return { firstCheckMs, wholeMs, message, engine };
}

/** Records, in the page, when the NIK's first message appears (ms since navigation start). */
function watchFirstCheck(page) {
  return page.addInitScript(() => {
    window.__firstCheckAt = null;
    new MutationObserver((_, observer) => {
      if (document.querySelector('#nik-issues li') !== null) {
        window.__firstCheckAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
}

function bodyBytes(entry) {
  return (entry.bytes ?? 0) - (entry.headerBytes ?? 0);
}

function assetName(url) {
  const { pathname } = new URL(url);
  return pathname;
}

function table(requests) {
  // CDP's timestamps are seconds on one monotonic clock per session: from the document's
  // request (the page's first), for the page's requests only.
  const start = requests.find((entry) => entry.origin === 'page')?.sent;
  const at = (entry) =>
    entry.origin === 'page' && entry.sent !== undefined && entry.finished !== undefined
      ? `${(entry.sent - start).toFixed(1)}–${(entry.finished - start).toFixed(1)} s`
      : '';
  const rows = [...requests]
    .filter((entry) => !entry.url.startsWith('data:'))
    .map((entry) => ({
      asset: assetName(entry.url),
      from: entry.origin === 'page' ? 'page' : 'worker',
      status: entry.cached ? `${entry.status} (cache)` : String(entry.wireStatus ?? entry.status ?? entry.failed ?? '-'),
      encoding: entry.encoding ?? '',
      bytes: entry.bytes ?? 0,
      body: bodyBytes(entry),
      at: at(entry),
    }));
  const total = rows.reduce((sum, row) => sum + row.bytes, 0);
  return { rows, total };
}

function printTable(title, { rows, total }) {
  console.log(`#   ${title}`);
  for (const row of rows) {
    console.log(
      `#     ${row.asset.padEnd(28)} ${row.from.padEnd(6)} ${row.status.padEnd(11)} ${row.encoding.padEnd(5)} ${String(row.bytes).padStart(9)} B (body ${row.body} B) ${row.at}`,
    );
  }
  console.log(`#     ${'total'.padEnd(28)} ${''.padEnd(6)} ${''.padEnd(11)} ${''.padEnd(5)} ${String(total).padStart(9)} B`);
}

async function runPreset(name, conditions, sandbox, results) {
  const failures = [];
  const chromium = await launchChromium();
  try {
    const page = await chromium.newPage();
    const problems = [];
    await watchPage(page, problems);
    await watchFirstCheck(page);
    const { requests } = await recordNetwork(chromium.context, page, conditions);
    const url = `${sandbox.url}www/`;

    const first = await visit(page, url);
    const firstRequests = [...requests.values()];
    requests.clear();
    const second = await visit(page, url);
    const secondRequests = [...requests.values()];

    console.log(
      `# ${name}: first visit, NIK checked ${(first.firstCheckMs / 1000).toFixed(1)} s after navigation, photos ready ${(first.wholeMs / 1000).toFixed(1)} s (engine: ${first.engine}); second visit ${(second.firstCheckMs / 1000).toFixed(1)} s, ${(second.wholeMs / 1000).toFixed(1)} s (engine: ${second.engine})`,
    );
    const firstTable = table(firstRequests);
    const secondTable = table(secondRequests);
    printTable('first visit', firstTable);
    printTable('second visit', secondTable);
    results.push({ name, first, second, firstTotal: firstTable.total, secondTotal: secondTable.total });

    // A body came over the network: bytes past the headers, not from the cache (a 304,
    // which the worker's session reports as the 200 it revalidated, has none).
    const downloaded = (entries) => entries.filter((entry) => !entry.cached && bodyBytes(entry) > 0);
    for (const [visitName, entries] of [
      ['first visit', firstRequests],
      ['second visit', secondRequests],
    ]) {
      const counts = new Map();
      for (const entry of downloaded(entries)) {
        counts.set(entry.url, (counts.get(entry.url) ?? 0) + 1);
      }
      for (const [asset, count] of counts) {
        if (count > 1) {
          failures.push(`${name}, ${visitName}: ${assetName(asset)} downloaded ${count} times`);
        }
      }
    }
    for (const file of WASM_FILES) {
      const wasmUrl = `${sandbox.url}pkg/${file}`;
      const wasmGzip = gzipSync(readFileSync(join(REPOSITORY, 'pkg', file)), { level: 9 }).length;
      const wasmFirst = firstRequests.filter((entry) => entry.url === wasmUrl);
      if (wasmFirst.length !== 1 || downloaded(wasmFirst).length !== 1) {
        failures.push(
          `${name}: ${file} was requested ${wasmFirst.length} times on the first visit (${JSON.stringify(wasmFirst)}), not once`,
        );
      } else if (!(wasmFirst[0].bytes <= wasmGzip + HEADER_MARGIN)) {
        failures.push(
          `${name}: ${file} took ${wasmFirst[0].bytes} B on the wire, more than its gzip -9 size ${wasmGzip} B + ${HEADER_MARGIN} B (is it compressed? ${wasmFirst[0].encoding})`,
        );
      }
      const wasmSecond = secondRequests.filter((entry) => entry.url === wasmUrl);
      const wasmBodies = downloaded(wasmSecond);
      if (wasmSecond.length !== 1 || wasmBodies.length !== 0 || !(wasmSecond[0].bytes <= HEADER_MARGIN)) {
        failures.push(`${name}: the second visit downloaded ${file} again: ${JSON.stringify(wasmSecond)}`);
      }
    }
    for (const [visitName, result] of [
      ['first visit', first],
      ['second visit', second],
    ]) {
      if (result.message !== 'NIK ini valid.') {
        failures.push(`${name}, ${visitName}: the NIK's message is ${JSON.stringify(result.message)}`);
      }
    }
    failures.push(...problems.map((problem) => `${name}: ${problem}`));
  } catch (error) {
    failures.push(`${name}: ${error.stack ?? error}`);
  } finally {
    await chromium.close();
  }
  return failures;
}

ensureSandboxBinary();
const sandbox = await startSandbox();
const chosen = process.env.KYC_LOADING_PRESETS?.split(',').map((preset) => preset.trim()) ?? Object.keys(PRESETS);
let passed = 0;
let failed = 0;
const results = [];
try {
  // Warm the sandbox's compressed copies (brotli is made in the background): the figures
  // are those of a server that has served the files before, as a deployed one has.
  for (const path of [
    'pkg/kyc_precheck_fields_bg.wasm',
    'pkg/kyc_precheck_fields.js',
    'pkg/fields.js',
    'pkg/field-checks.js',
    'pkg/kyc_precheck_bg.wasm',
    'pkg/kyc_precheck.js',
    'pkg/index.js',
    'pkg/shell.js',
    'pkg/worker.js',
  ]) {
    for (let tries = 0; tries < 600; tries += 1) {
      const response = await fetch(`${sandbox.url}${path}`, { headers: { 'accept-encoding': 'br, gzip' } });
      await response.arrayBuffer();
      // gzip: the brotli copy is still being made.
      if (response.headers.get('content-encoding') !== 'gzip') {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  for (const name of chosen) {
    if (!PRESETS[name]) {
      throw new Error(`no preset ${JSON.stringify(name)}; known: ${Object.keys(PRESETS).join(', ')}`);
    }
    const failures = await runPreset(name, PRESETS[name], sandbox, results);
    if (failures.length === 0) {
      passed += 1;
      console.log(`ok - ${name}: one download per asset, both modules compressed, a revisit downloads no wasm`);
    } else {
      failed += 1;
      console.log(`not ok - ${name}`);
      for (const failure of failures) {
        console.log(`#   ${failure}`);
      }
    }
  }
} finally {
  await sandbox.close();
}
for (const { name, first, second, firstTotal, secondTotal } of results) {
  console.log(
    `# ${name}: first check ${(first.firstCheckMs / 1000).toFixed(1)} s, photos ready ${(first.wholeMs / 1000).toFixed(1)} s, ${firstTotal} B; revisit ${(second.firstCheckMs / 1000).toFixed(1)} s, ${(second.wholeMs / 1000).toFixed(1)} s, ${secondTotal} B`,
  );
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
