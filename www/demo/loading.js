// Loading the package: the shell's worker if it starts, else the package on this page,
// behind the same async API. The page downloads and compiles the wasm once and hands the
// compiled module to the worker (or to itself). A failed import() or init() is not
// remembered, so a retry loads again.

import { state } from './state.js';

/** The package's WebAssembly module, beside its index.js. */
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
async function compileModule() {
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
    const response = await fetch(WASM_URL, { signal: download.signal });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status} for ${WASM_URL}`);
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

/**
 * What the page's own instance answers even when the worker runs: the field checks take
 * microseconds and need no worker, and they answer while the worker still loads its own
 * scripts (on a slow link, a round trip each). Photos, requests and answers go to the
 * worker once it runs, so a 12 MP decode never blocks the page.
 */
const ON_THE_PAGE = new Set(['checkNik', 'checkPhone', 'checkEmail', 'checkName', 'checkDate', 'rules', 'issueCodes']);

/**
 * The package, answering as soon as the module is compiled: `api` has every function of
 * the package; the field checks run on the page, the rest in the worker when it starts
 * (they wait for it), else on the page. `worker` resolves to the worker's client, or to
 * undefined when no worker could start; `workerFailed` resolves if the worker fails once
 * it runs (the page runs everything from then on). The module is downloaded and compiled
 * once, while the package's scripts load and the worker starts. Throws when the package's
 * modules or its wasm cannot be loaded; a later call tries again.
 */
export async function loadPackage() {
  const compiling = compileModule();
  // Awaited below; a failed import must not leave it an unhandled rejection.
  compiling.catch(() => {});
  const [kyc, shell] = await Promise.all([import('../../pkg/index.js'), import('../../pkg/shell.js')]);
  state.submit = shell.submit;
  state.issueSummary = shell.issueSummary;
  let client;
  try {
    client = shell.createWorker();
  } catch {
    // No Worker here: the page runs the package.
  }
  let module;
  try {
    module = await compiling;
  } catch (error) {
    client?.terminate();
    throw error;
  }
  await kyc.default(module);
  const direct = Object.fromEntries(
    Object.entries(kyc)
      .filter(([name]) => name !== 'default')
      .map(([name, run]) => [name, async (...args) => run(...args)]),
  );
  const started = client === undefined ? Promise.resolve(undefined) : startWorker(client, module);
  // A worker that fails once it runs (its error event) fails every later call too: the
  // page runs them from then on, the failed call included (the calls are pure).
  let failed = false;
  let announceFailure;
  const workerFailed = new Promise((resolve) => {
    announceFailure = resolve;
  });
  const api = Object.fromEntries(
    Object.entries(direct).map(([name, run]) => [
      name,
      ON_THE_PAGE.has(name)
        ? run
        : async (...args) => {
            const running = await started;
            if (running === undefined || failed) {
              return run(...args);
            }
            try {
              return await running[name](...args);
            } catch (error) {
              if (!String(error?.message).startsWith(WORKER_FAILED)) {
                throw error;
              }
              if (!failed) {
                failed = true;
                running.terminate();
                announceFailure();
              }
              return run(...args);
            }
          },
    ]),
  );
  return { api, worker: started, workerFailed };
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
