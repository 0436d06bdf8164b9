// The shell in a real browser, under the production CSP: the package runs only in the
// module worker that createWorker() starts from pkg/worker.js (the main thread never loads
// the WebAssembly module), photos are copied or transferred, the Standard Schema
// validates through the worker, and submit() sends the worker-built request to /relay/
// (answered by tests/browser/shell.mjs through Playwright: 503, then 200).
//
// Publishes what it observed on window.__shellResults; the runner compares.

import { checkNik } from '../../pkg/index.js';
import { createWorker, schema, submit } from '../../pkg/shell.js';

const TODAY = '2026-11-22';

const violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  violations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
});

async function bytesOf(path) {
  const response = await fetch(new URL(path, import.meta.url));
  if (!response.ok) {
    throw new Error(`fetching ${path}: HTTP ${response.status}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

async function failure(promise) {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return `${error.name}: ${error.message}`;
  }
}

async function run() {
  const seen = {};

  // The default worker: new URL('../worker.js', import.meta.url) in pkg/shell/worker-client.js.
  const kyc = createWorker();
  await kyc.init();
  seen.phone = (await kyc.checkPhone('0812-3456-7890')).value;
  seen.nikMessage = (await kyc.checkNik('31710101019000')).issues[0]?.message.id;
  seen.dateError = await failure(kyc.checkDate('2000-01-01', 'YYYY/MM/DD'));
  seen.codes = (await kyc.issueCodes()).length > 0;

  // Photos are copied by default: the page's bytes stay usable.
  const selfie = await bytesOf('../images/providers/selfie-512x1024.jpg');
  const idCard = await bytesOf('../images/providers/ktp-1024x640.jpg');
  const selfieBytes = selfie.byteLength;
  seen.selfieOk = (await kyc.checkImage(selfie, { provider: 'kredibel', field: 'selfie' })).ok;
  seen.selfieKept = selfie.byteLength === selfieBytes;
  const built = await kyc.buildRequest(
    'kredibel',
    'certificate-issuance',
    {
      // Made-up applicant.
      nik: '3273015205900001',
      name: 'Siti Rahayu',
      birthDate: '1990-05-12',
      email: 'siti.rahayu@example.com',
      phone: '0812-3456-7890',
      selfie,
      idCard,
    },
    { today: TODAY },
  );
  seen.built = built.ok;
  seen.builtPath = built.request?.path;

  // With transfer: true, the buffer moves to the worker and is detached here.
  const mover = createWorker(new URL('../../pkg/worker.js', import.meta.url), { transfer: true });
  await mover.init();
  const copy = selfie.slice();
  seen.transferredOk = (await mover.checkImage(copy, { provider: 'kredibel', field: 'selfie' })).ok;
  seen.transferredDetached = copy.byteLength === 0;
  mover.terminate();
  seen.afterTerminate = await failure(mover.checkPhone('0812-3456-7890'));

  // The Standard Schema, validating in the worker.
  const tdApplicant = schema('td', 'id-verification', { worker: kyc, today: TODAY });
  const invalid = await tdApplicant['~standard'].validate({ nik: '3273', name: 'B', phone: '0812' });
  seen.schemaPaths = invalid.issues?.map((issue) => issue.path.join('.'));
  seen.schemaFirstMessage = invalid.issues?.[0]?.message;

  // submit() from the page, reading the answers in the worker: 503, then 200.
  const result = await submit(built.request, { endpoint: '/relay/', backoffMs: 10, worker: kyc });
  seen.submit = { outcome: result.outcome, status: result.status, attempts: result.attempts };
  const controller = new AbortController();
  // A copy: the built request itself was delivered above, and is never sent twice.
  const aborted = submit({ ...built.request }, { endpoint: '/relay/hang/', worker: kyc, signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  seen.abort = await failure(aborted);

  // Nothing above loaded the module on the main thread.
  seen.mainThread = await failure(Promise.resolve().then(() => checkNik('3273015205900001')));

  // A worker that cannot load fails every call instead of leaving it waiting.
  const missing = createWorker('/pkg/no-such-worker.js');
  seen.missingWorker = await failure(missing.checkPhone('0812-3456-7890'));
  seen.missingWorkerAgain = await failure(missing.checkPhone('0812-3456-7890'));

  kyc.terminate();
  return seen;
}

const status = document.getElementById('status');
try {
  window.__shellResults = { seen: await run(), violations };
  status.textContent = 'Done.';
} catch (error) {
  window.__shellResults = { error: `${error.name}: ${error.message}`, violations };
  status.textContent = `Failed: ${error.message}`;
} finally {
  status.dataset.state = 'done';
}
