// Loading the package: the shell's worker if it starts in time, else the package on this
// page, behind the same async API. A failed import() or init() is not remembered, so a
// retry loads again.

import { state } from './state.js';

/** How long to wait for the worker to load the module before using the page instead. */
const WORKER_START_MS = 15_000;

/**
 * The worker if it starts, else the package on this page; the same async API either way.
 * Throws when the package's modules or its wasm cannot be loaded; a later call tries
 * again (a failed import() and a failed init() are not remembered).
 */
export async function loadPackage() {
  const [kyc, shell] = await Promise.all([import('../../pkg/index.js'), import('../../pkg/shell.js')]);
  state.submit = shell.submit;
  state.issueSummary = shell.issueSummary;
  let client;
  try {
    client = shell.createWorker();
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('the worker did not start in time')), WORKER_START_MS);
    });
    await Promise.race([client.init(), timeout]).finally(() => clearTimeout(timer));
    return { api: client, worker: client, engine: 'worker' };
  } catch {
    client?.terminate();
  }
  await kyc.default();
  const direct = Object.fromEntries(
    Object.entries(kyc)
      .filter(([name]) => name !== 'default')
      .map(([name, run]) => [name, async (...args) => run(...args)]),
  );
  return { api: direct, worker: undefined, engine: 'main' };
}
