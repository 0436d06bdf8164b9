// The image benchmark: builds bench/ with Vite, serves it with scripts/serve.mjs (the
// demo's CSP), opens it in headless Chromium and prints one table of ratios, ours against
// the JS libraries a developer would use and the browser's own decoder (see bench/main.js
// for what is measured and how). A benchmark, not a test: no timing is asserted, and it
// is not part of any test script. It exits non-zero only when it could not measure.
//
//   npm run bench [-- --out results.json] [--inputs DIR] [--runs 15] [--warmup 3]
//                    [--fit-runs 5] [--fit-warmup 1] [--only header,quality,base64,fit,fields]
//
// --only runs the named groups of rows alone (all by default): header and quality are the
// checkImage rows, base64 the buildRequest row, fit the fitImage rows, fields the checkNik
// and checkPhone rows (bench/fields.js) against nik-parser and libphonenumber-js/max.
//
// The fit rows (bench/fit.js) compare fitImage with browser-image-compression, whose worker
// mode starts blob: workers: the page is served with the demo's CSP plus
// `worker-src 'self' blob:` so that it can. A second page, under the demo's CSP alone,
// tells what its worker mode does there.
//
// The base64 row (bench/base64.js) times buildRequest('kredibel') with a 4 MB selfie less
// its two checkImage calls against Uint8Array.prototype.toBase64 and JSON.stringify.
//
// Inputs come from `scripts/make-image-corpus.py --bench-out` into a temporary folder, or
// from --inputs DIR when they were generated already. The generator runs in a virtual
// environment of its own, `.venv-images/`, which the bench makes with `python3 -m venv` and
// the pinned `scripts/requirements-images.txt` when it is missing or the requirements
// changed (PyPI only; PYTHON names another interpreter that has them, and skips the venv).
// Needs a built pkg/ (scripts/build.sh) and `npm ci`.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

import { CONTENT_SECURITY_POLICY, startServer } from '../scripts/serve.mjs';
import { cspViolations, launchChromium, watchPage } from '../tests/browser/chromium.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The photos the generator writes, in the order of the table. */
const FILES = ['photo-12mp.jpg', 'photo-1600x1200.jpg', 'portrait-exif6.jpg', 'screenshot.png'];
const QUALITY_FILES = ['photo-12mp.jpg'];
const FIT_FILES = ['camera-12mp.jpg', 'photo-1600x1200.jpg', 'portrait-exif6.jpg'];
/** The rows of bench/fields.js, in a table of their own: calls per second. */
const FIELD_PATHS = new Set(['checkNik', 'checkPhone']);
/** The photo the base64 row draws its pictures from (bench/main.js). */
const BASE64_FILE = 'photo-1600x1200.jpg';

/** The demo's policy, and blob: workers for browser-image-compression's worker mode. */
const BENCH_POLICY = `${CONTENT_SECURITY_POLICY}; worker-src 'self' blob:`;

const { values: options } = parseArgs({
  options: {
    out: { type: 'string' },
    inputs: { type: 'string' },
    runs: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    'fit-runs': { type: 'string', default: '5' },
    'fit-warmup': { type: 'string', default: '1' },
    only: { type: 'string', default: 'header,quality,base64,fit,fields' },
  },
});
const GROUPS = ['header', 'quality', 'base64', 'fit', 'fields'];
const only = new Set(options.only.split(','));
if ([...only].some((group) => !GROUPS.includes(group))) {
  console.error(`bench: --only takes a comma-separated list of ${GROUPS.join(', ')}`);
  process.exit(2);
}
/** The photos of the groups that run. */
const files = only.has('header') ? FILES : [];
const qualityFiles = only.has('quality') ? QUALITY_FILES : [];
const fitFiles = only.has('fit') ? FIT_FILES : [];
const base64Files = only.has('base64') ? [BASE64_FILE] : [];
const runs = Number(options.runs);
const warmup = Number(options.warmup);
const fitRuns = Number(options['fit-runs']);
const fitWarmup = Number(options['fit-warmup']);
if ([runs, fitRuns].some((count) => !Number.isInteger(count) || count < 1)
  || [warmup, fitWarmup].some((count) => !Number.isInteger(count) || count < 0)) {
  console.error('bench: --runs and --fit-runs need a whole number ≥ 1, --warmup and --fit-warmup one ≥ 0');
  process.exit(2);
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exitCode = 1;
}

const work = mkdtempSync(join(tmpdir(), 'kyc-precheck-bench-'));
const site = join(work, 'site');
let inputs = options.inputs;

let server;
let strictServer;
let browser;
try {
  if (!existsSync(`${root}pkg/kyc_precheck_bg.wasm`)) {
    throw new Error('pkg/ is not built: run bash scripts/build.sh');
  }

  const needed = [...files, ...qualityFiles, ...fitFiles, ...base64Files];
  if (inputs === undefined && needed.length === 0) {
    inputs = join(work, 'inputs');
    mkdirSync(inputs);
  } else if (inputs === undefined) {
    inputs = join(work, 'inputs');
    const python = process.env.PYTHON ?? imagePython();
    console.error(`bench: generating the photos with ${python} scripts/make-image-corpus.py --bench-out`);
    try {
      execFileSync(python, [`${root}scripts/make-image-corpus.py`, '--bench-out', inputs], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    } catch (error) {
      throw new Error(
        `generating the inputs failed (${error.message.split('\n')[0]}); ` +
          'or pass --inputs DIR',
      );
    }
  }
  const missing = needed.filter((name) => !existsSync(join(inputs, name)));
  if (missing.length > 0) {
    throw new Error(`${inputs} lacks ${missing.join(', ')}`);
  }

  console.error('bench: vite build');
  execFileSync(
    process.execPath,
    [
      `${root}node_modules/vite/bin/vite.js`,
      'build',
      '--config',
      `${root}bench/vite.config.js`,
      '--outDir',
      site,
      '--emptyOutDir',
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (/<script(?![^>]*\bsrc=)[^>]*>/.test(readFileSync(join(site, 'index.html'), 'utf8'))) {
    throw new Error('the built page has an inline script, which the CSP refuses');
  }

  const mounts = { bench: site, 'bench-inputs': inputs };
  server = await startServer({ mounts, contentSecurityPolicy: BENCH_POLICY });
  strictServer = await startServer({ mounts });
  browser = await launchChromium();
  const page = await browser.newPage();
  const problems = [];
  await watchPage(page, problems);
  const query = new URLSearchParams({
    files: files.join(','),
    quality: qualityFiles.join(','),
    fit: fitFiles.join(','),
    base64: only.has('base64') ? '1' : '0',
    fields: only.has('fields') ? '1' : '0',
    runs: String(runs),
    warmup: String(warmup),
    fitRuns: String(fitRuns),
    fitWarmup: String(fitWarmup),
    inputs: '/bench-inputs/',
  });
  console.error(
    `bench: measuring in headless Chromium (${runs} runs after ${warmup} warm-up; ` +
      `fit rows ${fitRuns} after ${fitWarmup})`,
  );
  await page.goto(`${server.url}bench/index.html?${query}`);
  await page.waitForSelector('#status[data-state="done"]', { timeout: 60 * 60_000 });
  const results = await page.evaluate(() => window.__benchResults);
  problems.push(...(await cspViolations(page)));
  if (results.error) {
    throw new Error(`the page failed: ${results.error}`);
  }

  // Their worker mode under the demo's own policy, in the same browser. A refusal there is
  // the finding, not a problem of the run.
  if (only.has('fit')) {
    const probePage = await browser.newPage();
    const probeProblems = [];
    await watchPage(probePage, probeProblems);
    const probeQuery = new URLSearchParams({ probe: 'their-worker', fit: 'photo-1600x1200.jpg', inputs: '/bench-inputs/' });
    await probePage.goto(`${strictServer.url}bench/index.html?${probeQuery}`);
    await probePage.waitForSelector('#status[data-state="done"]', { timeout: 5 * 60_000 });
    const probe = await probePage.evaluate(() => window.__benchResults);
    if (probe.error) {
      throw new Error(`the CSP probe page failed: ${probe.error}`);
    }
    results.theirWorkerUnderDemoPolicy = {
      ...probe.probe,
      cspViolations: await cspViolations(probePage),
      consoleAndErrors: probeProblems,
    };
  }

  results.contentSecurityPolicy = BENCH_POLICY;
  results.loadAverage = loadavg();
  results.problems = problems;
  printTable(results);
  printFieldTable(results);
  if (results.fit) {
    printFitTable(results);
  }
  if (options.out) {
    writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nwrote ${options.out}`);
  }
  if (problems.length > 0) {
    fail(`the page reported problems:\n  ${problems.join('\n  ')}`);
  }
} catch (error) {
  fail(error.message);
} finally {
  await browser?.close();
  await server?.close();
  await strictServer?.close();
  rmSync(work, { recursive: true, force: true });
}

/**
 * The interpreter of `.venv-images/`, made from the pinned requirements when it is missing
 * or they changed since (a stamp in the venv holds their hash), so that the bench works on
 * a fresh machine with nothing but Python 3 and PyPI.
 */
function imagePython() {
  const venv = `${root}.venv-images`;
  const requirements = `${root}scripts/requirements-images.txt`;
  const stamp = `${venv}/requirements.sha256`;
  const python = `${venv}/bin/python`;
  const wanted = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  if (existsSync(python) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === wanted) {
    return python;
  }
  const base = process.env.PYTHON3 ?? 'python3';
  console.error(`bench: making ${venv} from scripts/requirements-images.txt (once; a few minutes)`);
  const run = (command, args) => {
    try {
      execFileSync(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    } catch (error) {
      throw new Error(`${command} ${args.join(' ')} failed (${error.message.split('\n')[0]})`);
    }
  };
  run(base, ['-m', 'venv', '--clear', venv]);
  run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '-r', requirements]);
  writeFileSync(stamp, `${wanted}\n`);
  return python;
}

function printTable(results) {
  const megabytes = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  const rows = results.rows.filter((row) => !FIELD_PATHS.has(row.path)).map((row) => [
    row.file,
    row.path,
    row.oursMs.toFixed(3),
    row.theirsMs.toFixed(3),
    `${row.ratio.toFixed(2)}×`,
    // Reported, never asserted.
    target(row),
    row.agree ? 'yes' : 'NO',
  ]);
  const header = ['file', 'path', 'ours ms', 'theirs ms', 'ratio', 'target', 'same answer'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  // Numbers right-aligned, text left-aligned.
  const line = (cells) =>
    cells
      .map((cell, column) => (column >= 2 && column <= 4 ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  const browserName = results.userAgent.match(/HeadlessChrome\/[\d.]+|Chrome\/[\d.]+/)?.[0] ?? 'Chromium';
  console.log(`\nkyc-precheck checkImage in ${browserName}`);
  console.log(`median of ${results.runs} runs after ${results.warmup} warm-up`);
  console.log('ratio = ours / theirs (below 1: ours faster)');
  console.log('header: checkImage(bytes, { quality: false }) vs fileTypeFromBuffer + imageSize + exifr.orientation');
  console.log('quality: checkImage(bytes, { quality: true }) vs createImageBitmap + drawImage + getImageData');
  const base64 = results.rows.find((row) => row.path === 'base64');
  if (base64) {
    console.log(
      `base64: buildRequest('kredibel', …, { limits: 'file' }) less its two checkImage calls ` +
        `(${base64.buildMs.toFixed(3)} − ${base64.checksMs.toFixed(3)} ms, medians; the difference per sample pair), ` +
        `photos of small pictures grown with COM segments, vs ${base64.baseline}`,
    );
  }
  console.log('');
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  rows.forEach((row) => console.log(line(row)));
  for (const row of results.rows.filter((candidate) => !candidate.agree && !FIELD_PATHS.has(candidate.path))) {
    console.log(`  ${row.file} ${row.path}: ours ${JSON.stringify(row.facts.ours)},`);
    console.log(`    theirs ${JSON.stringify(row.facts.theirs)}`);
  }
  if (results.memory) {
    const memory = results.memory;
    const afterFit = memory.afterFirstFit
      ? `, ${megabytes(memory.afterFirstFit.bytes)} after it and one fit of ${memory.afterFirstFit.file}`
      : '';
    console.log(
      '\nwasm memory (WebAssembly.Memory buffer.byteLength), target under 64 MiB: ' +
        `${megabytes(memory.afterQualityCheckBytes)} after one quality check of ${memory.file}${afterFit} ` +
        `(${megabytes(memory.afterInitBytes)} after init, ${megabytes(memory.endOfRunBytes)} at the end of the run)`,
    );
  }
  const load = results.loadAverage.map((average) => average.toFixed(2)).join(' ');
  console.log(`load average after the run: ${load} on ${results.hardwareConcurrency} cores`);
}

function printFieldTable(results) {
  const rows = results.rows.filter((row) => FIELD_PATHS.has(row.path));
  if (rows.length === 0) {
    return;
  }
  const perSecond = (value) => (value >= 1e6 ? `${(value / 1e6).toFixed(2)} M` : `${(value / 1e3).toFixed(0)} k`);
  const table = rows.map((row) => [
    row.path,
    row.file,
    perSecond(row.oursPerSecond),
    perSecond(row.theirsPerSecond),
    `${row.ratio.toFixed(2)}×`,
    // Reported, never asserted.
    `≥ 1 M/s: ${row.oursPerSecond >= 1e6 ? 'met' : 'missed'}`,
    row.agree ? 'yes' : `NO (ours ${row.facts.ours}, theirs ${row.facts.theirs}, expected ${row.facts.expected})`,
  ]);
  const header = ['check', 'input', 'ours /s', 'theirs /s', 'ratio', 'target', 'both right'];
  console.log(`\nfield checks through the public API, calls per second, median of ${results.runs} samples after ${results.warmup} warm-up`);
  console.log('ratio = our time per call / theirs (below 1: ours faster); both right = valid or not as expected, on both sides');
  for (const path of FIELD_PATHS) {
    const row = rows.find((candidate) => candidate.path === path);
    if (row) {
      console.log(`${path} vs ${row.baseline}`);
    }
  }
  console.log('');
  formatTable(header, table, new Set([2, 3, 4])).forEach((line) => console.log(line));
}

/** Each row's goal (issue 12), reported beside it. */
function target(row) {
  const [bound, met] = {
    header: ['≤ 2×', row.ratio <= 2],
    quality: ['≤ 0.5×', row.ratio <= 0.5],
    base64: ['≤ 1.5×', row.ratio <= 1.5],
  }[row.path];
  return `${bound}: ${met ? 'met' : 'missed'}`;
}

/** Left-aligned text, right-aligned numbers; `numeric` names the right-aligned columns. */
function formatTable(header, rows, numeric) {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells) =>
    cells
      .map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

function printFitTable(results) {
  const { rows, runs, warmup } = results.fit;
  const thousands = (value) => value.toLocaleString('en-US');
  const ourRow = (row) =>
    rows.find((other) => other.who === 'ours' && other.file === row.file && other.slot === row.slot && other.thread === row.thread);
  const table = rows.map((row) => {
    const ours = ourRow(row);
    const thread = row.inWorker === false ? 'main (worker fell back)' : row.thread;
    return [
      row.file,
      row.slot,
      thread,
      row.who,
      row.ms.toFixed(1),
      row.who === 'ours' ? '' : `${(ours.ms / row.ms).toFixed(2)}×`,
      row.bytes === null ? '—' : thousands(row.bytes),
      row.bytes === null ? '—' : `${row.width}×${row.height}`,
      row.ours?.change ?? '',
      row.bytes === null ? '—' : row.ssim.toFixed(4),
      row.ours?.coreSsim == null ? '' : row.ours.coreSsim.toFixed(4),
      row.inside ? 'yes' : `NO (${row.bytes === null ? (row.ours?.issues ?? []).join(' ') : row.missed.join(' ')})`,
      row.bytes === null ? '' : row.checkImageOk ? 'ok' : row.checkImageErrors.join(' '),
    ];
  });
  const header = ['file', 'slot', 'thread', 'who', 'median ms', 'ours/this', 'bytes', 'pixels', 'change', 'SSIM', 'core SSIM', 'inside window', 'checkImage'];
  console.log(`\nfitImage vs browser-image-compression 2.0.2, median of ${runs} runs after ${warmup} warm-up`);
  console.log('ours = fitImage(bytes, slot) on the main thread, createWorker().fitImage in the worker (default options)');
  console.log('bic = imageCompression(file, { maxSizeMB, preserveExif: false, useWebWorker }); bic 1600 adds maxWidthOrHeight: 1600');
  console.log('maxSizeMB = 2 for kredibel-ktp (Kredibel idCard), 1 for oy-1mb (OY idCard)');
  const windows = new Map(rows.map((row) => [row.slot, row.window]));
  for (const [slot, window] of windows) {
    const bytes = `${thousands(window.minBytes ?? 0)}–${thousands(window.maxBytes)} B`;
    const pixels = window.minWidth || window.minHeight ? `, ≥ ${window.minWidth ?? 0}×${window.minHeight ?? 0} px` : ', no pixel minimum';
    console.log(`window ${slot}: ${bytes}${pixels}, ${window.formats.join('/')}`);
  }
  console.log('SSIM: grey, Wang et al., JS on Chromium-decoded pixels against the source area-averaged to the output size');
  console.log('core SSIM = the fidelity fitImage reports; change = what fitImage did');
  console.log('ours/this = our median / this row\'s median, same file, slot and thread\n');
  formatTable(header, table, new Set([4, 5, 6, 9, 10])).forEach((line) => console.log(line));

  const pairs = rows
    .filter((row) => row.who !== 'ours')
    .map((row) => ({ row, ours: ourRow(row) }))
    .map(({ row, ours }) => ({
      faster: ours.ms / row.ms <= 0.33,
      sharper: ours.bytes !== null && row.bytes !== null && ours.ssim >= row.ssim,
    }));
  const met = pairs.filter((pair) => pair.faster && pair.sharper).length;
  const count = (who) => rows.filter((row) => who(row.who));
  const inside = (list) => `${list.filter((row) => row.inside).length} of ${list.length}`;
  console.log(`\ngoal ≤ 0.33× their time at ≥ their SSIM: met in ${met} of ${pairs.length} pairs ` +
    `(faster in ${pairs.filter((pair) => pair.faster).length}, SSIM ≥ in ${pairs.filter((pair) => pair.sharper).length})`);
  console.log(`inside the whole window: ours ${inside(count((who) => who === 'ours'))}, ` +
    `browser-image-compression ${inside(count((who) => who !== 'ours'))}`);
  const fellBack = rows.filter((row) => row.inWorker === false).length;
  if (fellBack > 0) {
    console.log(`browser-image-compression's worker did not answer in ${fellBack} rows (it compressed on the main thread): ` +
      `${results.fit.blobWorkers.errors.join('; ')}`);
  }
  const probe = results.theirWorkerUnderDemoPolicy;
  if (probe) {
    const ranInWorker = probe.answered > 0;
    console.log(`\nunder the demo's CSP alone (${CONTENT_SECURITY_POLICY}), browser-image-compression's useWebWorker: ` +
      `${ranInWorker ? 'ran in its worker' : 'did not run in a worker, it compressed on the main thread'} ` +
      `(blob: workers started ${probe.started}, refused ${probe.failed}, answered ${probe.answered}` +
      `${probe.errors.length > 0 ? `; ${probe.errors.join('; ')}` : ''}` +
      `${probe.cspViolations.length > 0 ? `; CSP: ${probe.cspViolations.join('; ')}` : ''})`);
  }
  console.log(`the bench page's CSP: ${results.contentSecurityPolicy}`);
}
