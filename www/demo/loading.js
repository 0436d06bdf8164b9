// Loading the package in two steps. First the field checks' own module
// (`kyc-precheck/fields`, a fraction of the bytes), on this page: the form answers its
// fields as soon as it is in. Then the whole module (photos, fit, providers), downloaded
// and compiled once by the page and handed to the shell's worker, or run on this page
// where no worker starts. A failed import() or init() is not remembered, so a retry loads
// again.

import { state } from './state.js';

/** The field checks' module, beside the package's fields.js. */
const FIELDS_WASM_URL = new URL('../../pkg/kyc_precheck_fields_bg.wasm', import.meta.url);
/** The package's whole module, beside its index.js. */
const WASM_URL = new URL('../../pkg/kyc_precheck_bg.wasm', import.meta.url);

/**
 * The module's download is judged by progress, not by a deadline shorter than a slow
 * network needs: it fails only when no byte has arrived for this long (or on an error).
 */
const WASM_STALL_MS = 15_000;

/**
 * How long the worker may take, once the module is compiled, to answer init (load its own
 * scripts, which on a revisit over Slow 3G are 2 s revalidations each, and instantiate the
 * module) before the page runs the module instead. A worker that cannot load fails at once
 * (its error event), not by this.
 */
const WORKER_START_MS = 15_000;

/** How the shell's worker client's errors begin when the worker itself failed. */
const WORKER_FAILED = 'kyc-precheck: the worker failed';

/**
 * Downloads and compiles the module, once for the worker and the page alike (a compiled
 * `WebAssembly.Module` crosses postMessage). It compiles while it downloads where the
 * server says `application/wasm`, else from the whole bytes. Each chunk that arrives
 * restarts the stall timer; the download fails only when none has come for
 * WASM_STALL_MS, or on an HTTP or network error.
 */
async function compileModule(url) {
  const download = new AbortController();
  let timer;
  const progress = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () => download.abort(new Error(`no byte of the module for ${WASM_STALL_MS / 1000} s`)),
      WASM_STALL_MS,
    );
  };
  progress();
  try {
    const response = await fetch(url, { signal: download.signal });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status} for ${url}`);
    }
    const type = response.headers.get('Content-Type');
    const watched = new Response(
      response.body.pipeThrough(
        new TransformStream({
          transform(chunk, out) {
            progress();
            out.enqueue(chunk);
          },
        }),
      ),
      { headers: { 'Content-Type': type ?? '' } },
    );
    return type === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function'
      ? await WebAssembly.compileStreaming(watched)
      : await WebAssembly.compile(await watched.arrayBuffer());
  } finally {
    clearTimeout(timer);
  }
}

/** The functions the field checks' module has: they answer on this page, from it. */
const FIELD_CHECKS = new Set(['checkNik', 'checkPhone', 'checkEmail', 'checkName', 'checkDate', 'issueCodes']);

/**
 * The package, answering its field checks as soon as their own module is in: `api` has
 * the field checks at once, running on this page from the first module, and every other
 * function of the package once `whole` resolves, running in the worker, else on this
 * page. `whole` resolves to `{ worker, workerFailed }` once the whole module runs:
 * `worker` is the worker's client, or undefined when no worker could start;
 * `workerFailed` resolves if the worker fails once it runs (the page runs everything from
 * then on). `whole` rejects when the whole module or its scripts cannot be loaded, and
 * throws when the first module cannot be; a later call (the retry) tries again, the first
 * module then already running.
 *
 * Nothing of the whole package is fetched before the first module is in (not even its
 * scripts, which would queue before the first module's on HTTP/1.1's six connections), so
 * that on a slow link the first check has the network to itself.
 */
export async function loadPackage() {
  const compiling = compileModule(FIELDS_WASM_URL);
  // Awaited below; a failed import must not leave it an unhandled rejection.
  compiling.catch(() => {});
  const fields = await import('../../pkg/fields.js');
  await fields.default(await compiling);
  const api = Object.fromEntries(
    [...FIELD_CHECKS].map((name) => [name, async (...args) => fields[name](...args)]),
  );
  const whole = loadWhole().then(({ kyc, run, worker, workerFailed }) => {
    for (const name of Object.keys(kyc)) {
      if (name !== 'default' && !FIELD_CHECKS.has(name)) {
        api[name] = async (...args) => run(name, args);
      }
    }
    return { worker, workerFailed };
  });
  return { api, whole };
}

/**
 * The whole module, downloaded and compiled once and run in the worker, else on this
 * page, with the package's scripts: resolves to `{ kyc, run(name, args), worker,
 * workerFailed }` once it runs (`kyc`: the package's exports).
 */
async function loadWhole() {
  const compiling = compileModule(WASM_URL);
  compiling.catch(() => {});
  const early = earlyWorker();
  let kyc;
  let shell;
  try {
    [kyc, shell] = await Promise.all([import('../../pkg/index.js'), import('../../pkg/shell.js')]);
  } catch (error) {
    early?.worker.terminate();
    throw error;
  }
  state.submit = shell.submit;
  state.issueSummary = shell.issueSummary;
  // A worker that already failed (its script did not load) before the client listened
  // would leave init unanswered: the page runs the package instead.
  let client;
  if (early !== undefined && !early.failed()) {
    client = shell.createWorker(early.worker);
  } else {
    early?.worker.terminate();
  }
  let module;
  try {
    module = await compiling;
  } catch (error) {
    client?.terminate();
    throw error;
  }
  const worker = client === undefined ? undefined : await startWorker(client, module);
  // The page's own instance of the whole module, where no worker runs: started before
  // anything is said to run here (the shell's issueSummary, without a worker, reads the
  // rules from it), and started when the worker fails.
  const onThePage = () => kyc.default(module);
  if (worker === undefined) {
    await onThePage();
  }
  // A worker that fails once it runs (its error event) fails every later call too: the
  // page runs them from then on, the failed call included (the calls are pure).
  let failed = false;
  let announceFailure;
  const workerFailed = new Promise((resolve) => {
    announceFailure = resolve;
  });
  const run = async (name, args) => {
    if (worker === undefined || failed) {
      return kyc[name](...args);
    }
    try {
      return await worker[name](...args);
    } catch (error) {
      if (!String(error?.message).startsWith(WORKER_FAILED)) {
        throw error;
      }
      if (!failed) {
        worker.terminate();
        await onThePage();
        failed = true;
        announceFailure();
      }
      return kyc[name](...args);
    }
  };
  return { kyc, run, worker, workerFailed };
}

/**
 * The package's worker (the one shell.createWorker() would start), started as the whole
 * module's download begins: a worker fetches its scripts itself (worker.js, index.js and
 * what that imports), each a round trip over a slow link and a revalidation on a revisit,
 * and they then arrive while the module downloads instead of after the shell's scripts.
 * `failed()` says whether it reported an error before the shell's client listened.
 * Undefined where there is no Worker: the page runs the package.
 */
function earlyWorker() {
  let worker;
  try {
    worker = new Worker(new URL('../../pkg/worker.js', import.meta.url), { type: 'module' });
  } catch {
    return undefined;
  }
  let failed = false;
  worker.addEventListener(
    'error',
    (event) => {
      event.preventDefault();
      failed = true;
    },
    { once: true },
  );
  return { worker, failed: () => failed };
}

/** The worker's client once it has instantiated the module, or undefined (then stopped). */
async function startWorker(client, module) {
  let timer;
  try {
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('the worker did not start in time')), WORKER_START_MS);
    });
    await Promise.race([client.init(module), timeout]);
    return client;
  } catch {
    client.terminate();
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
