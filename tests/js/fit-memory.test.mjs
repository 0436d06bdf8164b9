// The wasm memory of a page that checks a camera photo and then fits it (issue 12: at most
// 64 MiB for a 12 MP photo through check and fit), through the built package imported by
// name, one module instance for the whole file as a page has. Wasm memory never shrinks,
// so its size after the calls is their peak, fragmentation between them included. Each
// 12 MP photo of the fit corpus (tests/images/fit/, made by scripts/setup.sh) is checked
// with quality measured (what a form shows before it offers the fit: a camera photo is over
// every slot's maximum, which is refused unread), then fitted into Kredibel's KTP slot and
// into OY's 1 MB one.
// Deterministic: the same calls on the same bytes allocate the same; nothing is timed.
//
//   node --test tests/js/fit-memory.test.mjs     (after scripts/build.sh)

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import init, { checkImage, fitImage } from 'kyc-precheck';
// The glue index.js wraps (the same module instance): initSync() on a loaded module
// returns its exports, whose memory is the instance's.
import { initSync as glueExports } from '../../pkg/kyc_precheck.js';

const MIB = 1024 * 1024;
const BUDGET = 64 * MIB;
const PHOTOS = [
  'jpeg-12mp-4000x3000.jpg',
  'jpeg-12mp-progressive-4000x3000.jpg',
  'jpeg-12mp-exif6-4000x3000-displays-3000x4000.jpg',
  'jpeg-12mp-display-p3-4032x3024.jpg',
];
const SLOTS = [
  { provider: 'kredibel', field: 'idCard' },
  { provider: 'oy', field: 'idCard' },
];

test('checking and fitting every 12 MP photo stays within 64 MiB of wasm memory', { timeout: 10 * 60_000 }, async () => {
  await init();
  const memory = glueExports({ module: new Uint8Array(0) }).memory;
  const start = memory.buffer.byteLength;
  const steps = [];
  for (const name of PHOTOS) {
    const bytes = new Uint8Array(readFileSync(new URL(`../images/fit/${name}`, import.meta.url)));
    const checked = checkImage(bytes, { quality: true });
    assert.ok(checked.image?.quality, `${name}: the check measured quality (${JSON.stringify(checked.issues)})`);
    steps.push({ step: `checkImage ${name}`, bytes: memory.buffer.byteLength });
    for (const slot of SLOTS) {
      const fitted = await fitImage(bytes, slot);
      assert.ok(fitted.ok && fitted.change === 'reencoded', `${name} into ${slot.provider}: ${JSON.stringify(fitted.issues)}`);
      steps.push({ step: `fitImage ${name} → ${slot.provider}.${slot.field}`, bytes: memory.buffer.byteLength });
    }
  }
  console.log(`# wasm memory: ${(start / MIB).toFixed(1)} MiB after init`);
  for (const { step, bytes } of steps) {
    console.log(`#   ${(bytes / MIB).toFixed(1).padStart(5)} MiB after ${step}`);
  }
  const peak = memory.buffer.byteLength;
  assert.ok(peak <= BUDGET, `${(peak / MIB).toFixed(1)} MiB after checking and fitting ${PHOTOS.length} 12 MP photos`);
});
