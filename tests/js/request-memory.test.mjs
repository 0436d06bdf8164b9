// A provider request holds the applicant's photos in wasm memory, which never shrinks: the
// peak of one buildRequest stays for the page's life. This holds the largest request of
// each kind to a budget of twice its photos plus 64 MiB (a budget, not a timing).
//
// The photos are real JPEGs padded to the slot's largest file with APP15 segments, which
// every decoder skips, so each request is as large as its rule allows.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';

import init, { buildRequest } from 'kyc-precheck';
import { initSync as glueExports } from '../../pkg/kyc_precheck.js';
import { paddedJpeg } from './padded-jpeg.mjs';

const MiB = 1024 * 1024;
const TODAY = '2026-11-22';
const repo = new URL('../../', import.meta.url);
const SELFIE = readFileSync(new URL('tests/images/providers/selfie-512x1024.jpg', repo));
const KTP = readFileSync(new URL('tests/images/providers/ktp-1024x640.jpg', repo));

let memory;
before(async () => {
  await init();
  memory = glueExports().memory;
});

const CASES = [
  {
    name: 'Kredibel with a 3,000,000-byte selfie and a 1,500,000-byte KTP (the base64 limits)',
    provider: 'kredibel',
    endpoint: 'certificate-issuance',
    photos: { selfie: paddedJpeg(SELFIE, 3_000_000), idCard: paddedJpeg(KTP, 1_500_000) },
    rest: {
      nik: '3273015205900001', name: 'Siti Nurhaliza', birthDate: '1990-05-12',
      email: 'siti.nurhaliza@gmail.com', phone: '0812-3456-7890',
    },
  },
  {
    name: 'WideKYC liveness with a 10,000,000-byte selfie (the ceiling of a slot without a stated limit)',
    provider: 'widekyc',
    endpoint: 'passive-liveness',
    photos: { selfie: paddedJpeg(SELFIE, 10_000_000) },
    rest: { custRefNo: '3322873' },
  },
];

for (const { name, provider, endpoint, photos, rest } of CASES) {
  test(name, async () => {
    const input = Object.values(photos).reduce((sum, photo) => sum + photo.length, 0);
    const start = memory.buffer.byteLength;
    const built = await buildRequest(provider, endpoint, { ...rest, ...photos }, { today: TODAY });
    assert.equal(built.ok, true, JSON.stringify(built.issues.map((issue) => issue.code)));
    const grown = memory.buffer.byteLength - start;
    const peak = memory.buffer.byteLength;
    console.log(`# ${provider} ${endpoint}: photos ${(input / MiB).toFixed(1)} MiB, wasm memory ${(peak / MiB).toFixed(1)} MiB (grew ${(grown / MiB).toFixed(1)} MiB)`);
    assert.ok(peak <= 2 * input + 64 * MiB, `wasm memory ${peak} B, over twice the photos (${input} B) plus 64 MiB`);
  });
}
