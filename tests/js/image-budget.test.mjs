// The memory budget of checkImage, through the built package in Node: every file of the
// image corpus (tests/images/**, PngSuite) and two worst cases made here (a 10 MB JPEG
// whose coefficients just fit the decode budget, a 10 MB PNG of noise) is checked on a
// fresh module instance, and the wasm memory it leaves (which never shrinks, so it is the
// call's peak) must stay within 64 MiB. Measured by scripts/measure-images.mjs, which also
// times each call: the times are printed, never asserted.
//
//   node --test tests/js/image-budget.test.mjs     (after scripts/build.sh)

import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

import { measure } from '../../scripts/measure-images.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkgDir = `${root}pkg`;
const MIB = 1024 * 1024;
const BUDGET = 64 * MIB;
/** Every decode and the walk, and the walk alone. */
const RULES = [{ quality: true }, {}];

function corpus() {
  const folders = ['good', 'bad', 'providers', 'calibration'].map((name) => `${root}tests/images/${name}/`);
  folders.push(`${root}../shared/corpus/pngsuite/`);
  return folders.flatMap((folder) =>
    readdirSync(folder)
      .filter((name) => /\.(jpe?g|png|svg|bin|heic|avif|webp|gif|bmp|tif|pdf|jxl|svgz)$/.test(name))
      .sort()
      .map((name) => ({ name: `${folder.slice(root.length)}${name}`, bytes: new Uint8Array(readFileSync(folder + name)) })),
  );
}

/** `jpeg` grown past `size` bytes with COM segments right after SOI. */
function withComments(jpeg, size) {
  const parts = [jpeg.subarray(0, 2)];
  let length = jpeg.length;
  while (length < size) {
    const segment = new Uint8Array(65535 + 2);
    segment.set([0xff, 0xfe, 0xff, 0xff]);
    parts.push(segment);
    length += segment.length;
  }
  parts.push(jpeg.subarray(2));
  return Buffer.concat(parts);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) {
    c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An RGB PNG of `side` × `side` pixels of noise (a fixed xorshift), which deflate cannot shrink. */
function noisePng(side) {
  const rowBytes = 1 + 3 * side;
  const raw = Buffer.alloc(rowBytes * side);
  let state = 0x9e3779b9;
  for (let i = 0; i < raw.length; i += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    raw[i] = i % rowBytes === 0 ? 0 : state & 0xff;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const progressive12mp = readFileSync(`${root}tests/images/good/jpeg-progressive-12mp-4000x3000.jpg`);
const worstCases = [
  { name: 'jpeg-progressive-12mp padded to 10 MB', bytes: new Uint8Array(withComments(progressive12mp, 10_000_000)), measured: true },
  { name: 'png-noise-1830x1830 (10 MB)', bytes: new Uint8Array(noisePng(1830)), measured: true },
];

/** Runs `work` over `items`, two at a time (the machines have two cores). */
async function pool(items, work) {
  const results = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all([lane(), lane()]);
  return results;
}

test('every checkImage call stays within 64 MiB of wasm memory', { timeout: 15 * 60_000 }, async () => {
  const files = [...corpus(), ...worstCases];
  const rows = (
    await pool(files, async (file) => {
      const results = await measure(file.bytes, { pkgDir, rules: RULES });
      return results.map((result) => ({ ...file, ...result }));
    })
  ).flat();

  const threw = rows.filter((row) => row.threw);
  assert.deepEqual(threw.map((row) => `${row.name}: ${row.threw}`), [], 'no file may make checkImage throw');

  for (const worst of worstCases) {
    const row = rows.find((r) => r.name === worst.name && r.rule.quality);
    assert.ok(worst.bytes.length >= 10_000_000, `${worst.name} is ${worst.bytes.length} bytes`);
    assert.ok(row.ok && !row.warnings.includes('image.quality_not_measured'), `${worst.name} was measured: ${JSON.stringify(row)}`);
  }

  const peak = rows.reduce((max, row) => (row.memoryBytes > max.memoryBytes ? row : max));
  const slowest = [...rows].sort((a, b) => b.ms - a.ms).slice(0, 12);
  console.log(`# ${files.length} files x ${RULES.length} rules; fresh instance ${(rows[0].baseMemoryBytes / MIB).toFixed(1)} MiB`);
  console.log(`# peak: ${(peak.memoryBytes / MIB).toFixed(1)} MiB, ${peak.name} (${peak.bytes.length} bytes) ${JSON.stringify(peak.rule)}`);
  console.log(`# over 200 ms (after one warm-up call; not asserted): ${rows.filter((r) => r.ms > 200).length}`);
  for (const row of slowest) {
    console.log(`#   ${row.ms.toFixed(1).padStart(7)} ms ${(row.memoryBytes / MIB).toFixed(1).padStart(5)} MiB ${JSON.stringify(row.rule)} ${row.name}`);
  }

  const over = rows.filter((row) => row.memoryBytes > BUDGET);
  assert.deepEqual(
    over.map((row) => `${row.name} ${JSON.stringify(row.rule)}: ${(row.memoryBytes / MIB).toFixed(1)} MiB`),
    [],
  );
});
