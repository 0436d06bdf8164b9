// The package's boundary in a real browser, under the production CSP: hostile arguments
// past the count that used to kill the instance, a trap forced by corrupting memory, and
// submit() against /relay/ (answered by tests/browser/boundary.mjs through Playwright):
// a 307 to another path, a 307 loop, a 502, a connection refused, a 10 MB answer.
//
// Publishes what it observed on window.__boundaryResults; the runner compares.

import init, { buildRequest, checkNik } from '../../pkg/index.js';
import { initSync as glueExports } from '../../pkg/kyc_precheck.js';
import { submit } from '../../pkg/shell.js';

const TODAY = '2026-11-22';
const NIK = '3273015205900001';
/** More than the 1,040 throwing calls after which the instance used to be dead. */
const HOSTILE_CALLS = 5_000;

async function failure(promise) {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return `${error.name}: ${error.message}`;
  }
}

/** What a submit resolved to, in a few words. */
function summary(result) {
  return {
    outcome: result.outcome,
    status: result.status,
    attempts: result.attempts,
    transportError: result.transportError,
    codes: result.issues.map((issue) => issue.code),
  };
}

async function run() {
  const seen = {};
  await init();
  const nik = JSON.stringify(checkNik(NIK, { today: TODAY }));
  const memory = glueExports().memory;

  // Hostile arguments: each an Error of the function, never a dead instance.
  const messages = new Set();
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  for (let i = 0; i < HOSTILE_CALLS; i += 1) {
    const hostile = [
      () => buildRequest('td', 'id-verification', { get nik() { throw new Error('boom'); } }),
      () => checkNik(NIK, revoked.proxy),
      () => checkNik(NIK, { toJSON: () => undefined }),
    ][i % 3];
    messages.add((await failure(Promise.resolve().then(hostile))).split(' (')[0]);
  }
  seen.hostileMessages = [...messages].sort();
  seen.hostileThenNormal = JSON.stringify(checkNik(NIK, { today: TODAY })) === nik;
  seen.sameInstance = glueExports().memory === memory;

  // A trap: the call says so, the next runs in a fresh instance.
  new Uint8Array(glueExports().memory.buffer).fill(0xff);
  seen.trap = await failure(Promise.resolve().then(() => checkNik(NIK, { today: TODAY })));
  seen.afterTrap = JSON.stringify(checkNik(NIK, { today: TODAY })) === nik;

  const built = await buildRequest(
    'td',
    'id-verification',
    // Made-up applicant.
    { nik: NIK, name: 'Budi Santoso', phone: '0812-3456-7890' },
    { today: TODAY },
  );
  const options = { backoffMs: 1, retries: 2, headers: { 'X-CSRF-Token': 'csrf-3' } };
  // Each send a copy: a built request that was delivered is never sent twice.
  seen.redirect = summary(await submit({ ...built.request }, { ...options, endpoint: '/relay/redirect' }));
  seen.loop = summary(await submit({ ...built.request }, { ...options, endpoint: '/relay/loop' }));
  seen.badGateway = summary(await submit({ ...built.request }, { ...options, endpoint: '/relay/502' }));
  seen.refused = summary(await submit({ ...built.request }, { ...options, endpoint: '/relay/refused' }));
  seen.tooLarge = summary(await submit({ ...built.request }, { ...options, endpoint: '/relay/big' }));
  return seen;
}

const status = document.getElementById('status');
try {
  window.__boundaryResults = { seen: await run() };
  status.textContent = 'Done.';
} catch (error) {
  window.__boundaryResults = { error: `${error.name}: ${error.message}` };
  status.textContent = `Failed: ${error.message}`;
} finally {
  status.dataset.state = 'done';
}
