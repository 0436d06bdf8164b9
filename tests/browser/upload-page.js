// submit() on a throttled upload, in real Chromium (tests/browser/upload.mjs throttles the
// upload to 50 KB/s through CDP): a Kredibel request with two real photos finishes though
// it takes longer than timeoutMs, with progress events; a second submit of it sends
// nothing; an upload whose connection is lost midway says so (submit.upload_incomplete).
//
// Publishes what it observed on window.__uploadResults; the runner compares.

import init, { buildRequest } from '../../pkg/index.js';
import { issueSummary, submit } from '../../pkg/shell.js';

async function bytesOf(path) {
  const response = await fetch(new URL(path, import.meta.url));
  return new Uint8Array(await response.arrayBuffer());
}

async function build() {
  const built = await buildRequest(
    'kredibel',
    'certificate-issuance',
    {
      // Made-up applicant.
      nik: '3273015205900001',
      name: 'Siti Rahayu',
      birthDate: '1990-05-12',
      email: 'siti.rahayu@example.com',
      phone: '0812-3456-7890',
      selfie: await bytesOf('../images/providers/selfie-512x1024.jpg'),
      idCard: await bytesOf('../images/providers/ktp-1024x640.jpg'),
    },
    { today: '2026-11-22' },
  );
  if (!built.ok) {
    throw new Error(JSON.stringify(built.issues));
  }
  return built.request;
}

async function run() {
  await init();
  const seen = {};
  const request = await build();
  seen.bodyBytes = new TextEncoder().encode(request.body).byteLength;

  // 1. A slow upload that keeps moving finishes, though it takes longer than timeoutMs.
  const events = [];
  const started = performance.now();
  const result = await submit(request, {
    endpoint: '/relay/slow/',
    timeoutMs: 3_000,
    onProgress: (event) => events.push(event),
  });
  seen.slowMs = Math.round(performance.now() - started);
  seen.slow = { outcome: result.outcome, status: result.status, attempts: result.attempts, transportError: result.transportError };
  seen.uploadEvents = events.filter((event) => event.stage === 'upload').length;
  seen.lastEvent = events.at(-1);
  seen.progressRises = events.every((event, index) => index === 0 || event.sentBytes >= events[index - 1].sentBytes);

  // 2. A second tap: nothing is sent, the first answer comes back.
  const again = await submit(request, { endpoint: '/relay/slow/' });
  seen.again = { outcome: again.outcome, repeated: again.repeated, attempts: again.attempts, last: again.issues.at(-1)?.code };

  // 3. An upload cut off: the server drops the connection after 100 KB of it. Telling an
  // unfinished upload from a network failure needs its progress, so onProgress is given.
  const cut = await build();
  const cutResult = await submit(cut, { endpoint: '/relay/cut/', onProgress: () => {} });
  seen.cut = { transportError: cutResult.transportError, codes: cutResult.issues.map((issue) => issue.code), retryable: cutResult.retryable };
  seen.cutLines = (await issueSummary(cutResult.issues, { provider: 'kredibel' })).map((line) => line.text);
  return seen;
}

const status = document.getElementById('status');
try {
  window.__uploadResults = { seen: await run() };
  status.textContent = 'Done.';
} catch (error) {
  window.__uploadResults = { error: `${error.name}: ${error.message}` };
  status.textContent = `Failed: ${error.message}`;
} finally {
  status.dataset.state = 'done';
}
