// The benchmark page: kyc-precheck's checkImage, through the npm package as an application
// imports it, against what a developer would otherwise use in the browser, on the same
// bytes, in one run. A benchmark, not a test: it reports ratios and asserts nothing.
//
// 1. Header path, per file: checkImage(bytes, { quality: false }) against file-type's
//    fileTypeFromBuffer + image-size's imageSize + exifr.orientation.
// 2. Quality path, per `quality` file: checkImage(bytes, { quality: true }) against the
//    browser's own decode to RGBA (createImageBitmap + drawImage + getImageData).
// 3. The wasm module's linear memory after one quality check of the first `quality` file,
//    measured before anything else has run in the module (memory only grows, so this is
//    the check's peak), and again after the first fit of the first `fit` file (the peak of
//    check and fit together).
// 4. Fit path, per `fit` file: fitImage against browser-image-compression (bench/fit.js).
// 5. Base64 inside buildRequest (Kredibel, a 4 MB selfie) against the browser's
//    Uint8Array.prototype.toBase64 and JSON.stringify (bench/base64.js).
// 6. Field checks, calls per second: checkNik against nik-parser, checkPhone against
//    libphonenumber-js/max, valid and invalid inputs (bench/fields.js).
//
// `base64=0` and `fields=0` leave rows 5 and 6 out; empty `files`, `quality` and `fit`
// lists leave out rows 1, 2 (and 3) and 4.
//
// With `probe=their-worker` the page does only one thing: it tells whether
// browser-image-compression's worker mode runs in a worker under the page's CSP.
//
// Each figure is the median of `runs` samples after `warmup` discarded ones; a sample
// times a batch of calls long enough for performance.now()'s coarse clock (100 µs in a
// page that is not cross-origin isolated), divided by the batch's size. Ours and theirs
// alternate sample by sample, so drift on a busy machine affects both alike.

import exifr from 'exifr';
import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import init, { checkImage } from 'kyc-precheck';

import { base64Row } from './base64.js';
import { fieldRows } from './fields.js';
import { fitRows, probeTheirWorker, watchBlobWorkers } from './fit.js';

// A debug hook for the benchmark only: the wasm-bindgen glue behind the package. Once the
// package's init() has run, the glue's initSync returns the running instance's exports
// (which include `memory`) without compiling anything.
import { initSync as glueInitSync } from '../pkg/kyc_precheck.js';

/** The shortest batch worth timing with a 100 µs clock: 1% resolution. */
const MIN_BATCH_MS = 10;
const MAX_BATCH_CALLS = 1 << 16;

const parameters = new URLSearchParams(location.search);
const FILES = (parameters.get('files') ?? '').split(',').filter((name) => name !== '');
const QUALITY_FILES = (parameters.get('quality') ?? 'photo-12mp.jpg').split(',').filter((name) => name !== '');
const RUNS = Number(parameters.get('runs') ?? 15);
const WARMUP = Number(parameters.get('warmup') ?? 3);
const INPUTS = parameters.get('inputs') ?? '/bench-inputs/';
const FIT_FILES = (parameters.get('fit') ?? '').split(',').filter((name) => name !== '');
const FIT_RUNS = Number(parameters.get('fitRuns') ?? 5);
const FIT_WARMUP = Number(parameters.get('fitWarmup') ?? 1);
const PROBE = parameters.get('probe');
/** Whether the base64 row and the field rows (checkNik, checkPhone) run: all but `0`. */
const BASE64 = parameters.get('base64') !== '0';
const FIELDS = parameters.get('fields') !== '0';
/** The photo the base64 row's pictures are drawn from. */
const BASE64_SOURCE = 'photo-1600x1200.jpg';

function wasmMemory() {
  // An empty module does not compile: had the bundler duplicated the glue, so that this
  // were not the package's instance, this throws instead of measuring the wrong memory.
  return glueInitSync({ module: new Uint8Array(0) }).memory;
}

async function fetchBytes(name) {
  const response = await fetch(new URL(name, new URL(INPUTS, location.href)));
  if (!response.ok) {
    throw new Error(`fetching ${name}: HTTP ${response.status}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** Milliseconds per call of `task` over a batch of `calls` calls. */
async function timeBatch(task, calls) {
  if (task.async) {
    const start = performance.now();
    for (let call = 0; call < calls; call += 1) {
      await task.run();
    }
    return (performance.now() - start) / calls;
  }
  const start = performance.now();
  for (let call = 0; call < calls; call += 1) {
    task.run();
  }
  return (performance.now() - start) / calls;
}

/** The batch size that makes one sample last at least MIN_BATCH_MS. */
async function calibrate(task) {
  let calls = 1;
  while (calls < MAX_BATCH_CALLS && (await timeBatch(task, calls)) * calls < MIN_BATCH_MS) {
    calls *= 2;
  }
  return calls;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Medians of ours and theirs, sampled alternately. */
async function compare(ours, theirs) {
  const calls = { ours: await calibrate(ours), theirs: await calibrate(theirs) };
  const samples = { ours: [], theirs: [] };
  for (let run = 0; run < WARMUP + RUNS; run += 1) {
    const order = run % 2 === 0 ? ['ours', 'theirs'] : ['theirs', 'ours'];
    for (const side of order) {
      const task = side === 'ours' ? ours : theirs;
      const perCall = await timeBatch(task, calls[side]);
      if (run >= WARMUP) {
        samples[side].push(perCall);
      }
    }
  }
  const oursMs = median(samples.ours);
  const theirsMs = median(samples.theirs);
  return { oursMs, theirsMs, ratio: oursMs / theirsMs, callsPerSample: calls, samples };
}

/** The browser's own decode of the whole image to RGBA pixels. */
async function browserDecode(bytes) {
  const bitmap = await createImageBitmap(new Blob([bytes]));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  // willReadFrequently: what a page that reads pixels back should ask for (and without it
  // Chromium warns on the console).
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(bitmap, 0, 0);
  const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height);
  bitmap.close();
  return pixels;
}

async function theirHeader(bytes) {
  const type = await fileTypeFromBuffer(bytes);
  const size = imageSize(bytes);
  const orientation = await exifr.orientation(bytes);
  return { type, size, orientation };
}

/** Whether both sides read the same facts: format, stored size, orientation. */
function headerAgreement(checked, theirs) {
  const image = checked.image;
  const format = { jpg: 'jpeg' }[theirs.type?.ext] ?? theirs.type?.ext;
  const ourFacts = image && {
    format: image.format,
    width: image.width,
    height: image.height,
    orientation: image.orientation,
  };
  const theirFacts = {
    format,
    width: theirs.size.width,
    height: theirs.size.height,
    orientation: theirs.orientation ?? 1,
  };
  return {
    agree: JSON.stringify(ourFacts) === JSON.stringify(theirFacts),
    facts: { ours: ourFacts, theirs: theirFacts },
  };
}

async function run() {
  watchBlobWorkers();
  await init();
  const memory = wasmMemory();
  const inputs = {};
  for (const name of new Set([...FILES, ...QUALITY_FILES, ...FIT_FILES, ...(BASE64 ? [BASE64_SOURCE] : [])])) {
    inputs[name] = await fetchBytes(name);
  }
  if (PROBE === 'their-worker') {
    return { probe: await probeTheirWorker(inputs[FIT_FILES[0]], FIT_FILES[0]) };
  }
  const results = {
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    runs: RUNS,
    warmup: WARMUP,
    minBatchMs: MIN_BATCH_MS,
    rows: [],
    memory: null,
    fit: null,
  };

  // 3 first, while the module has run nothing else.
  if (QUALITY_FILES.length > 0) {
    const name = QUALITY_FILES[0];
    const afterInit = memory.buffer.byteLength;
    const checked = checkImage(inputs[name], { quality: true });
    results.memory = {
      file: name,
      afterInitBytes: afterInit,
      afterQualityCheckBytes: memory.buffer.byteLength,
      qualityCheckOk: checked.ok,
      quality: checked.image?.quality ?? null,
      issues: checked.issues.map((issue) => issue.code),
    };
  }

  if (FIELDS) {
    results.rows.push(...(await fieldRows(compare)));
  }

  for (const name of FILES) {
    const bytes = inputs[name];
    const agreement = headerAgreement(checkImage(bytes, { quality: false }), await theirHeader(bytes));
    const timing = await compare(
      { async: false, run: () => checkImage(bytes, { quality: false }) },
      { async: true, run: () => theirHeader(bytes) },
    );
    results.rows.push({
      file: name,
      bytes: bytes.length,
      path: 'header',
      baseline: 'fileTypeFromBuffer + imageSize + exifr.orientation',
      ...agreement,
      ...timing,
    });
  }

  for (const name of QUALITY_FILES) {
    const bytes = inputs[name];
    const checked = checkImage(bytes, { quality: true });
    const decoded = await browserDecode(bytes);
    const timing = await compare(
      { async: false, run: () => checkImage(bytes, { quality: true }) },
      { async: true, run: () => browserDecode(bytes) },
    );
    results.rows.push({
      file: name,
      bytes: bytes.length,
      path: 'quality',
      baseline: 'createImageBitmap + drawImage + getImageData',
      // createImageBitmap applies the EXIF orientation, so it yields the displayed size.
      agree:
        checked.ok && checked.image?.displayWidth === decoded.width && checked.image?.displayHeight === decoded.height,
      facts: {
        ours: {
          ok: checked.ok,
          displayWidth: checked.image?.displayWidth,
          displayHeight: checked.image?.displayHeight,
          quality: checked.image?.quality ?? null,
          issues: checked.issues.map((issue) => issue.code),
        },
        theirs: { width: decoded.width, height: decoded.height },
      },
      ...timing,
    });
  }
  if (BASE64) {
    results.rows.push(await base64Row({ source: inputs[BASE64_SOURCE], runs: RUNS, warmup: WARMUP }));
  }
  if (FIT_FILES.length > 0) {
    results.fit = { runs: FIT_RUNS, warmup: FIT_WARMUP, ...(await fitRows({
      inputs,
      files: FIT_FILES,
      runs: FIT_RUNS,
      warmup: FIT_WARMUP,
      memory,
    })) };
  }
  if (results.memory) {
    results.memory.afterFirstFit = results.fit?.memoryAfterFirstFit ?? null;
    results.memory.endOfRunBytes = memory.buffer.byteLength;
  }
  return results;
}

const status = document.getElementById('status');
try {
  const results = await run();
  window.__benchResults = results;
  document.getElementById('table').textContent = (results.rows ?? [])
    .map((row) => {
      const cells = [row.file, row.path, `${row.oursMs.toFixed(3)} ms`, `${row.theirsMs.toFixed(3)} ms`];
      return [...cells, `${row.ratio.toFixed(2)}×`].join('\t');
    })
    .join('\n');
  status.textContent = 'done';
} catch (error) {
  window.__benchResults = { error: `${error.name}: ${error.message}` };
  status.textContent = `Error: ${error.message}`;
} finally {
  status.dataset.state = 'done';
}
