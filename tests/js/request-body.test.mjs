// buildRequest hands the request's body over as a string of its own, not inside the JSON
// text of the whole result (see built_to_js in src/bindings.rs). This holds what that must
// not change, and what it is for:
// - the result has the documented keys in the documented order, body in its place;
// - the body is the exact text the core built, its photos' base64 that of Node's own
//   encoder (Buffer), on a request of the largest photo a slot takes;
// - the body is in wasm memory once: the module grows by at most the photos, two bodies'
//   worth (the base64 of the photos and the body made of them) and 8 MiB: 43.0 MiB for
//   the WideKYC request below, which grew it by 69.1 MiB when the body went through JSON
//   (the escaped JSON text of the whole result, grown as it was written) and 30.9 after.
//   A memory budget, not a timing.
//
// Each file of node --test runs in a process of its own, so the module here is fresh.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';

import init, { buildRequest } from 'kyc-precheck';
import { initSync as glueExports } from '../../pkg/kyc_precheck.js';
import { paddedJpeg } from './padded-jpeg.mjs';

const MiB = 1024 * 1024;
const TODAY = '2026-11-22';
const SELFIE = readFileSync(new URL('../images/providers/selfie-512x1024.jpg', import.meta.url));
const KTP = readFileSync(new URL('../images/providers/ktp-1024x640.jpg', import.meta.url));

/** The keys of `Built` and `Request` (src/provider/request.rs, npm/index.d.ts), in order. */
const BUILT_KEYS = ['ok', 'issues', 'request'];
const REQUEST_KEYS = ['provider', 'endpoint', 'method', 'path', 'query', 'headers', 'body', 'sandbox', 'fields'];

let memory;
before(async () => {
  await init();
  memory = glueExports().memory;
});

// First, while the module has built nothing: its growth is this request's.
test('a 10,000,000-byte WideKYC selfie: its base64 is Node’s, and the body is in wasm memory once', async () => {
  const selfie = paddedJpeg(SELFIE, 10_000_000, 0x5a);
  const start = memory.buffer.byteLength;
  const built = await buildRequest('widekyc', 'passive-liveness', { custRefNo: '3322873', selfie }, { today: TODAY });
  const grown = memory.buffer.byteLength - start;
  assert.equal(built.ok, true, JSON.stringify(built.issues.map((issue) => issue.code)));
  assert.deepEqual(Object.keys(built), BUILT_KEYS);
  assert.deepEqual(Object.keys(built.request), REQUEST_KEYS);
  const { body } = built.request;
  assert.equal(typeof body, 'string');
  const base64 = Buffer.from(selfie).toString('base64');
  const fields = Object.values(JSON.parse(body));
  assert.ok(fields.includes(base64), 'the selfie is in the body as Node encodes it');
  const budget = selfie.length + 2 * body.length + 8 * MiB;
  console.log(
    `# body ${(body.length / MiB).toFixed(1)} MiB; wasm memory grew ${(grown / MiB).toFixed(1)} MiB ` +
      `(budget ${(budget / MiB).toFixed(1)} MiB)`,
  );
  assert.ok(grown <= budget, `wasm memory grew ${grown} B, over ${budget} B`);
});

test('a Kredibel request with its largest photos: the documented keys, the bodies Node writes', async () => {
  const selfie = paddedJpeg(SELFIE, 3_000_000, 0x5a);
  const idCard = paddedJpeg(KTP, 1_500_000, 0x5a);
  const applicant = {
    nik: '3273015205900001',
    name: 'Siti Nurhaliza',
    birthDate: '1990-05-12',
    email: 'siti.nurhaliza@gmail.com',
    phone: '0812-3456-7890',
    selfie,
    idCard,
  };
  const built = await buildRequest('kredibel', 'certificate-issuance', applicant, { today: TODAY });
  assert.equal(built.ok, true, JSON.stringify(built.issues.map((issue) => issue.code)));
  assert.deepEqual(Object.keys(built), BUILT_KEYS);
  assert.deepEqual(Object.keys(built.request), REQUEST_KEYS);
  const body = JSON.parse(built.request.body);
  const values = Object.values(body);
  assert.ok(values.includes(Buffer.from(selfie).toString('base64')), 'the selfie as Node encodes it');
  assert.ok(values.includes(Buffer.from(idCard).toString('base64')), 'the KTP as Node encodes it');
  // The rest of the result is the JSON the core wrote: a refusal has no request at all.
  const refused = await buildRequest('kredibel', 'certificate-issuance', { ...applicant, nik: '1' }, { today: TODAY });
  assert.deepEqual(Object.keys(refused), BUILT_KEYS);
  assert.equal(refused.ok, false);
  assert.equal(refused.request, null);
});
