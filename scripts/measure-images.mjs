// Times checkImage and reads the WebAssembly memory it takes, through the built package's
// glue (pkg/kyc_precheck.js), one fresh module instance per file and rule: wasm memory
// never shrinks, so the memory's size after one call on a fresh instance is that call's
// peak. Each file runs in its own worker thread, whose instances are freed when it ends.
//
//   node scripts/measure-images.mjs [--pkg DIR] [--rule JSON]... [--warmup N] [--repeat N] [--json] FILE|DIR...
//
// --pkg     the built package to measure (default: pkg/ of this repository)
// --rule    a checkImage rule, repeatable (default: the three rules of issue 9 below)
// --warmup  calls on a separate instance first, so that the measured call runs compiled
//           code, not V8's first tier (default 1; 0 times a page's very first call)
// --repeat  calls on the measured instance; the time printed is the fastest (default 1).
//           The memory is always that of its first call.
// --json    one JSON object per line instead of the table
//
// A measurement, not a test: tests/js/image-budget.test.mjs asserts the memory budget over
// the corpus with the same function; no timing is asserted anywhere.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The rules of issue 9: a slot with quality, one without, and the default with quality. */
export const DEFAULT_RULES = [
  { provider: 'kredibel', field: 'selfie' },
  { provider: 'quantum-elixir', field: 'photo' },
  { quality: true },
];

const MIB = 1024 * 1024;

/**
 * Checks `bytes` under each of `rules`, each on a fresh instance of the package in `pkgDir`,
 * in a worker thread. Resolves to one result per rule: `{ rule, ms, memoryBytes,
 * baseMemoryBytes, ok, errors, warnings }` (`errors`/`warnings` are issue codes), or
 * `{ rule, threw }` when checkImage threw.
 */
export function measure(bytes, { pkgDir = join(root, 'pkg'), rules = DEFAULT_RULES, warmup = 1, repeat = 1 } = {}) {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(fileURLToPath(import.meta.url), {
      workerData: { bytes, pkgDir: resolve(pkgDir), rules, warmup, repeat },
    });
    worker.once('message', resolvePromise);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the measuring worker exited with ${code}`)));
  });
}

async function measureInWorker({ bytes, pkgDir, rules, warmup, repeat }) {
  const module = new WebAssembly.Module(readFileSync(join(pkgDir, 'kyc_precheck_bg.wasm')));
  const glueUrl = pathToFileURL(join(pkgDir, 'kyc_precheck.js')).href;
  // Compiled code belongs to the module, so a warm-up instance warms the measured ones.
  const warm = await import(`${glueUrl}?instance=warmup`);
  warm.initSync({ module });
  const results = [];
  for (const [index, rule] of rules.entries()) {
    for (let run = 0; run < warmup; run += 1) {
      try {
        warm.checkImage(bytes, rule);
      } catch {
        // The measured call reports it.
      }
    }
    // A distinct URL is a distinct module record: its own glue state, its own instance.
    const glue = await import(`${glueUrl}?instance=${index}`);
    const exports = glue.initSync({ module });
    const baseMemoryBytes = exports.memory.buffer.byteLength;
    let checked;
    let ms = Infinity;
    let memoryBytes;
    try {
      for (let run = 0; run < repeat; run += 1) {
        const start = performance.now();
        checked = glue.checkImage(bytes, rule);
        ms = Math.min(ms, performance.now() - start);
        memoryBytes ??= exports.memory.buffer.byteLength;
      }
    } catch (error) {
      results.push({ rule, threw: `${error?.name}: ${error?.message}` });
      continue;
    }
    const codes = (severity) => checked.issues.filter((i) => i.severity === severity).map((i) => i.code);
    results.push({
      rule,
      ms,
      memoryBytes,
      baseMemoryBytes,
      ok: checked.ok,
      errors: codes('error'),
      warnings: codes('warning'),
    });
  }
  return results;
}

if (!isMainThread) {
  parentPort.postMessage(await measureInWorker(workerData));
  process.exit(0);
}

function files(paths) {
  return paths.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((name) => !name.endsWith('.md') && !name.endsWith('.csv'))
          .sort()
          .map((name) => join(path, name))
      : [path],
  );
}

function ruleName(rule) {
  return rule.provider ? `${rule.provider}/${rule.field}${'quality' in rule ? ` q=${rule.quality}` : ''}` : JSON.stringify(rule);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      pkg: { type: 'string', default: join(root, 'pkg') },
      rule: { type: 'string', multiple: true },
      warmup: { type: 'string', default: '1' },
      repeat: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
    },
  });
  const rules = values.rule?.map((text) => JSON.parse(text)) ?? DEFAULT_RULES;
  for (const path of files(positionals)) {
    const bytes = new Uint8Array(readFileSync(path));
    const results = await measure(bytes, {
      pkgDir: values.pkg,
      rules,
      warmup: Number(values.warmup),
      repeat: Number(values.repeat),
    });
    for (const result of results) {
      if (values.json) {
        console.log(JSON.stringify({ file: path, bytes: bytes.length, ...result }));
      } else if (result.threw) {
        console.log(`${path}\t${ruleName(result.rule)}\tthrew ${result.threw}`);
      } else {
        const verdict = result.ok ? 'ok' : result.errors.join(' ');
        const warnings = result.warnings.length > 0 ? ` (warnings: ${result.warnings.join(' ')})` : '';
        console.log(
          `${path}\t${bytes.length} B\t${ruleName(result.rule)}\t${result.ms.toFixed(1)} ms\t` +
            `${(result.memoryBytes / MIB).toFixed(1)} MiB\t${verdict}${warnings}`,
        );
      }
    }
  }
}
