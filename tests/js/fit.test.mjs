// fitImage through the built package in Node, imported by name as an application would:
// every JPEG, PNG and SVG under tests/images/good/ and tests/images/providers/ into every
// provider's photo slot. What the fit says is judged by the package's own checkImage and
// by parsers no one here wrote (image-size for the pixels, exifr for the metadata,
// file-type for the format). Then progress, programmer mistakes, and hostile calls
// repeated until a leak or a dead instance would show.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';

import exifr from 'exifr';
import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';

import init, { checkImage, fitImage, rules } from 'kyc-precheck';
// The glue index.js wraps (the same module instance): the pixel entries the browser path
// uses, and the instance's memory and table of JS values.
import { fitPixels, fitSize, initSync as glueExports } from '../../pkg/kyc_precheck.js';

const IMAGES = new URL('../images/', import.meta.url);
const FOLDERS = ['good', 'providers'];
/** The stages of a re-encode: the pixels may be resized again when no quality reaches the window. */
const RE_ENCODE_STAGES = /^decode( resize( encode)+)+ verify$/;

/** Every file of `folder` whose format the core reads, with its bytes. */
function corpus(folder) {
  return readdirSync(new URL(`${folder}/`, IMAGES))
    .filter((name) => /\.(jpg|png|svg)$/.test(name))
    .sort()
    .map((name) => ({ name: `${folder}/${name}`, bytes: new Uint8Array(readFileSync(new URL(`${folder}/${name}`, IMAGES))) }));
}

function read(path) {
  return new Uint8Array(readFileSync(new URL(path, IMAGES)));
}

/** Every provider photo slot, once each: `{ provider, field }` and its limits. */
function slots() {
  const found = new Map();
  for (const provider of rules()) {
    for (const endpoint of provider.endpoints) {
      for (const field of endpoint.fields) {
        if (field.image !== null && !found.has(`${provider.id}.${field.field}`)) {
          found.set(`${provider.id}.${field.field}`, { rule: { provider: provider.id, field: field.field }, limits: field.image });
        }
      }
    }
  }
  return [...found.values()];
}

/** The privacy metadata exifr finds in `bytes` (GPS, camera make, model and serial). */
async function privacyTags(bytes) {
  const tags = await exifr.parse(bytes, { gps: true, tiff: true, exif: true, xmp: true, iptc: true, mergeOutput: true }).catch(() => undefined);
  if (!tags) {
    return [];
  }
  return ['latitude', 'longitude', 'GPSLatitude', 'Make', 'Model', 'BodySerialNumber', 'SerialNumber'].filter(
    (key) => tags[key] !== undefined,
  );
}

let memory;
before(async () => {
  await init();
  memory = glueExports().memory;
});

describe('fitImage on the corpus, into every provider slot', () => {
  const files = FOLDERS.flatMap(corpus);

  test('ok exactly when checkImage passes the bytes, and each change means what it says', async (t) => {
    const outcomes = {};
    const problems = [];
    for (const { rule, limits } of slots()) {
      const slotName = `${rule.provider}.${rule.field}`;
      for (const { name, bytes } of files) {
        const where = `${name} into ${slotName}`;
        const input = bytes.slice();
        const fitted = await fitImage(input, rule);
        const fail = (why) => problems.push(`${where}: ${why}`);
        // The caller's photo is never changed.
        if (input.length !== bytes.length || input.some((byte, index) => byte !== bytes[index])) {
          fail('the input was changed');
        }
        if (fitted.source.bytes !== bytes.length) {
          fail(`source.bytes ${fitted.source.bytes}, the file has ${bytes.length}`);
        }
        const outcome = fitted.ok ? fitted.change : fitted.issues.find((issue) => issue.severity === 'error')?.code;
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        if (!fitted.ok) {
          if (fitted.bytes !== undefined) {
            // If the core ever returns bytes it does not vouch for, checkImage must refuse them.
            if (checkImage(fitted.bytes, rule).ok) {
              fail('not ok, yet checkImage passes its bytes');
            }
          }
          if (!fitted.issues.some((issue) => issue.severity === 'error')) {
            fail('not ok without an error issue');
          }
          continue;
        }
        if (!(fitted.bytes instanceof Uint8Array)) {
          fail('ok without bytes');
          continue;
        }
        const checked = checkImage(fitted.bytes, rule);
        if (!checked.ok) {
          fail(`ok, but checkImage refuses the bytes: ${checked.issues.map((issue) => issue.code).join(', ')}`);
          continue;
        }
        assert.deepEqual(fitted.image, checked.image, `${where}: image is checkImage's reading of bytes`);
        const size = fitted.bytes.length;
        if ((limits.minBytes !== null && size < limits.minBytes) || (limits.maxBytes !== null && size > limits.maxBytes)) {
          fail(`${size} bytes, outside the slot's ${limits.minBytes}..${limits.maxBytes}`);
        }
        if (fitted.image.format !== 'svg') {
          // image-size reads the stored size; exifr the orientation.
          const measured = imageSize(fitted.bytes);
          if (measured.width !== fitted.image.width || measured.height !== fitted.image.height) {
            fail(`image-size reads ${measured.width}x${measured.height}, the result says ${fitted.image.width}x${fitted.image.height}`);
          }
          const type = await fileTypeFromBuffer(fitted.bytes);
          if ((type?.ext === 'jpg' ? 'jpeg' : type?.ext) !== fitted.image.format) {
            fail(`file-type reads ${type?.ext}, the result says ${fitted.image.format}`);
          }
          const tags = await privacyTags(fitted.bytes);
          if (tags.length > 0) {
            fail(`privacy metadata left: ${tags.join(', ')}`);
          }
        }
        if (fitted.change === 'none') {
          if (size !== bytes.length || fitted.bytes.some((byte, index) => byte !== bytes[index])) {
            fail('change "none", but the bytes differ from the input');
          }
          if (fitted.fidelity !== null) {
            fail('change "none" with a fidelity');
          }
        } else if (fitted.change === 'metadata') {
          const { width, height, format } = fitted.source;
          if (fitted.image.format !== format || fitted.image.width !== width || fitted.image.height !== height) {
            fail('change "metadata", but the picture is not the same size and format');
          }
          if (size >= bytes.length) {
            fail('change "metadata", but nothing was removed');
          }
        } else if (fitted.change === 'reencoded') {
          if (fitted.image.format !== 'jpeg' || fitted.image.orientation !== 1) {
            fail(`re-encoded as ${fitted.image.format} with orientation ${fitted.image.orientation}`);
          }
          const exif = await exifr.parse(fitted.bytes, ['Orientation']).catch(() => undefined);
          if (exif?.Orientation !== undefined && exif.Orientation !== 1 && exif.Orientation !== 'Horizontal (normal)') {
            fail(`exifr reads orientation ${exif.Orientation}`);
          }
          const { displayWidth, displayHeight } = fitted.source;
          // Never upscaled, the orientation kept as displayed.
          if (fitted.image.width > displayWidth || fitted.image.height > displayHeight) {
            fail(`upscaled: ${displayWidth}x${displayHeight} to ${fitted.image.width}x${fitted.image.height}`);
          }
          if (Math.sign(fitted.image.width - fitted.image.height) !== Math.sign(displayWidth - displayHeight)) {
            fail(`not upright: ${displayWidth}x${displayHeight} displayed, ${fitted.image.width}x${fitted.image.height} out`);
          }
          if (!(fitted.fidelity?.ssim > 0 && fitted.fidelity.ssim <= 1)) {
            fail(`re-encoded with fidelity ${JSON.stringify(fitted.fidelity)}`);
          }
        } else {
          fail(`unknown change ${JSON.stringify(fitted.change)}`);
        }
      }
    }
    t.diagnostic(`outcomes: ${JSON.stringify(outcomes)}`);
    assert.deepEqual(problems, []);
    // Every change happened somewhere, or the corpus does not exercise the fit.
    for (const change of ['none', 'metadata', 'reencoded']) {
      assert.ok(outcomes[change] > 0, `no fit ended with change "${change}"`);
    }
  });

  test('a photo with too few pixels is refused, never upscaled', async () => {
    const fitted = await fitImage(read('providers/selfie-too-small-360x480.jpg'), { provider: 'kredibel', field: 'selfie' });
    assert.equal(fitted.ok, false);
    assert.equal(fitted.bytes, undefined);
    assert.deepEqual(
      fitted.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.code),
      ['image.dimensions_too_small'],
    );
  });

  test('a 12 MP photo over its slot\'s maximum is re-encoded, by default at most 1600 px on its long side', async () => {
    // 70,876 bytes of a smooth synthetic picture: over a 50 KB maximum.
    const bytes = read('good/jpeg-progressive-12mp-4000x3000.jpg');
    const rule = { formats: ['jpeg'], maxBytes: 50_000, minWidth: 480, minHeight: 360 };
    const fitted = await fitImage(bytes, rule);
    assert.equal(fitted.ok, true);
    assert.equal(fitted.change, 'reencoded');
    assert.deepEqual([fitted.image.width, fitted.image.height], [1600, 1200]);
    const smaller = await fitImage(bytes, rule, { maxSide: 800, targetBytes: 60_000 });
    assert.deepEqual([smaller.image.width, smaller.image.height], [800, 600]);
    assert.deepEqual(imageSize(smaller.bytes), { height: 600, width: 800, type: 'jpg' });
  });

  test('a photo over 32 MiB is measured, never copied, as checkImage measures it', async () => {
    const huge = new Uint8Array(40 * 2 ** 20);
    huge.set([0xff, 0xd8, 0xff]);
    const start = memory.buffer.byteLength;
    const fitted = await fitImage(huge, { provider: 'kredibel', field: 'selfie' });
    assert.deepEqual(
      { ...fitted, issues: fitted.issues.map((issue) => [issue.code, issue.params]) },
      {
        ok: false,
        issues: [['image.file_too_large', { bytes: huge.length, maxBytes: 3_000_000 }]],
        image: null,
        source: { format: 'unknown', bytes: huge.length, width: 0, height: 0, orientation: 1, displayWidth: 0, displayHeight: 0, quality: null },
        change: 'none',
        fidelity: null,
      },
    );
    await assert.rejects(fitImage(huge, { minWidth: 1 }), {
      message: `fitImage: the image is ${huge.length} bytes, over the 33554432 (32 MiB) kyc-precheck reads, and the rule sets no maxBytes to report it against`,
    });
    const grown = memory.buffer.byteLength - start;
    assert.ok(grown <= 2 ** 20, `wasm memory grew ${grown} bytes`);
  });

  test('formats the core cannot decode keep their advice in Node', async () => {
    for (const [file, format] of [
      ['bad/format-webp.webp', 'webp'],
      ['bad/format-avif.avif', 'avif'],
      ['bad/format-heic.heic', 'heic'],
    ]) {
      const fitted = await fitImage(read(file), { provider: 'kredibel', field: 'idCard' });
      assert.equal(fitted.ok, false, file);
      assert.equal(fitted.bytes, undefined, file);
      assert.equal(fitted.source.format, format, file);
      assert.deepEqual(
        fitted.issues.map((issue) => issue.code),
        ['image.format_unsupported'],
        file,
      );
    }
  });
});

describe('progress', () => {
  const bytes = read('good/jpeg-exif-orientation-6-640x480-displays-480x640.jpg');
  const rule = { formats: ['jpeg'], maxBytes: 20_000 };

  test('stages arrive in order: decode, then resize and one encode per attempt, then verify', async () => {
    const stages = [];
    const fitted = await fitImage(bytes, rule, { onProgress: (event) => stages.push(event.stage) });
    assert.equal(fitted.ok, true);
    assert.equal(fitted.change, 'reencoded');
    assert.match(stages.join(' '), RE_ENCODE_STAGES);
    // A photo sent as it is is only verified.
    const kept = [];
    const unchanged = await fitImage(read('providers/ktp-1024x640.jpg'), { provider: 'widekyc', field: 'idCard' }, {
      onProgress: (event) => kept.push(event.stage),
    });
    assert.notEqual(unchanged.change, 'reencoded');
    assert.deepEqual(kept, ['verify']);
  });

  test('a callback that throws is called once, and the fit rejects with its message', async () => {
    let calls = 0;
    const onProgress = () => {
      calls += 1;
      throw new Error('progress bar gone');
    };
    await assert.rejects(fitImage(bytes, rule, { onProgress }), {
      constructor: Error,
      message: 'fitImage: options.onProgress threw (progress bar gone)',
    });
    assert.equal(calls, 1);
    // The same instance fits the next photo.
    const fitted = await fitImage(bytes, rule);
    assert.equal(fitted.ok, true);
    assert.equal(glueExports().memory, memory, 'the instance was replaced: a call trapped');
  });
});

describe('programmer mistakes throw an Error naming the argument', () => {
  const bytes = read('providers/ktp-1024x640.jpg');
  const rule = { provider: 'kredibel', field: 'idCard' };

  test('fitImage', async () => {
    const cases = [
      [['a photo', rule], /^fitImage: expected a Uint8Array or ArrayBuffer, got string$/],
      [[[1, 2, 3], rule], /^fitImage: expected a Uint8Array or ArrayBuffer, got object$/],
      [[bytes], /^fitImage: a rule is required/],
      [[bytes, { provider: 'kredibel', field: 'passport' }], /^fitImage: kredibel has no photo field "passport"/],
      [[bytes, rule, 'fast'], /^fitImage: options must be an object$/],
      [[bytes, rule, []], /^fitImage: options must be an object$/],
      [[bytes, rule, { quality: 90 }], /^fitImage: invalid options: unknown field `quality`/],
      [[bytes, rule, { maxSide: '1600' }], /^fitImage: invalid options: invalid type: string "1600"/],
      [[bytes, rule, { targetBytes: -1 }], /^fitImage: invalid options: invalid value: integer `-1`/],
      [[bytes, rule, { onProgress: 'log' }], /^fitImage: options\.onProgress must be a function$/],
      [[bytes, rule, { onprogress: () => {} }], /^fitImage: invalid options: unknown function option "onprogress"/],
    ];
    for (const [args, message] of cases) {
      await assert.rejects(fitImage(...args), (error) => error.constructor === Error && message.test(error.message));
    }
  });

  test('fitPixels and fitSize, the entries the browser path calls', () => {
    const source = { format: 'webp', bytes: 2240, width: 4, height: 2 };
    const pixels = new Uint8ClampedArray(4 * 2 * 4);
    const cases = [
      [() => fitPixels(pixels, 4, 3, source, {}), /^fitPixels: rgba is 32 bytes; width x height x 4 is 48$/],
      [() => fitPixels(Array.from(pixels), 4, 2, source, {}), /^fitPixels: rgba must be a Uint8Array or Uint8ClampedArray/],
      [() => fitPixels(new Uint16Array(16), 4, 2, source, {}), /^fitPixels: rgba must be a Uint8Array or Uint8ClampedArray/],
      [() => fitPixels(pixels, 0, 2, source, {}), /^fitPixels: width must be a whole number of pixels, at least 1$/],
      [() => fitPixels(pixels, 4, 2.5, source, {}), /^fitPixels: height must be a whole number of pixels, at least 1$/],
      [() => fitPixels(pixels, '4', 2, source, {}), /^fitPixels: width must be a whole number/],
      [() => fitPixels(pixels, 4, 2, undefined, {}), /^fitPixels: source must be \{ format, bytes, width, height \}$/],
      [() => fitPixels(pixels, 4, 2, { format: 'webp' }, {}), /^fitPixels: invalid source: missing field `bytes`/],
      [() => fitPixels(pixels, 4, 2, { ...source, orientation: 6 }, {}), /^fitPixels: invalid source: unknown field `orientation`/],
      [() => fitPixels(pixels, 4, 2, { ...source, format: 'jfif' }, {}), /^fitPixels: invalid source: unknown variant `jfif`/],
      [() => fitPixels(pixels, 4, 2, source), /^fitPixels: a rule is required/],
      // Checked before anything is copied: the pixels the rule allows bound the copy.
      [() => fitPixels(new Uint8Array(0), 3000, 3000, source, { maxPixels: 1_000_000 }), /^fitPixels: 3000 x 3000 is 9000000 pixels, over the rule's maxPixels \(1000000\)/],
      [() => fitSize(-1, 10, {}), /^fitSize: width must be a whole number of pixels, at least 1$/],
      [() => fitSize(10, 10, {}, { onProgress: 1 }), /^fitSize: invalid options: unknown field `onProgress`/],
      [() => fitSize(10, 10), /^fitSize: a rule is required/],
    ];
    for (const [call, message] of cases) {
      assert.throws(call, (error) => error.constructor === Error && message.test(error.message), String(message));
    }
  });

  test('fitSize and fitPixels answer as the core does', () => {
    // Fewer pixels than the slot's minimum: nothing to fit to.
    assert.equal(fitSize(360, 480, { provider: 'kredibel', field: 'selfie' }), null);
    assert.deepEqual(fitSize(4000, 3000, {}), { width: 1600, height: 1200 });
    assert.deepEqual(fitSize(4000, 3000, {}, { maxSide: 1000 }), { width: 1000, height: 750 });
    // A gradient with noise, as a browser's getImageData would give it.
    const width = 320;
    const height = 240;
    const rgba = new Uint8ClampedArray(width * height * 4);
    let seed = 1;
    for (let index = 0; index < width * height; index += 1) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const noise = (seed >> 16) % 32;
      rgba.set([(index % width) * 0.7 + noise, (index / width) * 0.9 + noise, 128 + noise, 255], index * 4);
    }
    const stages = [];
    const source = { format: 'webp', bytes: 9_000, width, height };
    const fitted = fitPixels(rgba, width, height, source, { formats: ['jpeg'], minWidth: 320, minHeight: 240 }, {
      onProgress: ({ stage }) => stages.push(stage),
    });
    assert.equal(fitted.ok, true);
    assert.equal(fitted.change, 'reencoded');
    assert.deepEqual(imageSize(fitted.bytes), { height: 240, width: 320, type: 'jpg' });
    assert.deepEqual(fitted.source, { ...source, orientation: 1, displayWidth: width, displayHeight: height, quality: null });
    assert.match(stages.join(' '), RE_ENCODE_STAGES);
  });
});

describe('hostile calls, repeated, keep the instance alive and small', () => {
  const REPETITIONS = 2_000;
  const bytes = read('good/jpeg-odd-size-97x61.jpg');
  const rule = { formats: ['jpeg'], maxBytes: 1_500 };

  function revoked(target = {}) {
    const { proxy, revoke } = Proxy.revocable(target, {});
    revoke();
    return proxy;
  }

  function detached() {
    const buffer = new ArrayBuffer(16);
    structuredClone(buffer, { transfer: [buffer] });
    return buffer;
  }

  function throwing() {
    throw new Error('boom');
  }

  test('getters, revoked Proxies, detached buffers and throwing callbacks', async (t) => {
    const calls = [
      [() => fitImage(bytes, rule, { get maxSide() { return throwing(); } }), 'Error: fitImage: options could not be read'],
      [() => fitImage(bytes, rule, revoked()), 'Error: fitImage: options could not be read'],
      [() => fitImage(bytes, revoked()), 'Error: fitImage: options could not be read'],
      [() => fitImage(revoked(), rule), 'Error: fitImage: expected a Uint8Array or ArrayBuffer, got object'],
      [() => fitImage(detached(), rule), 'Error: fitImage: the bytes could not be read'],
      [() => fitImage(bytes, rule, { toJSON: throwing }), 'Error: fitImage: options could not be read'],
      [() => fitImage(bytes, rule, { get onProgress() { return throwing(); } }), 'Error: fitImage: options could not be read'],
      [() => fitImage(bytes, rule, { onProgress: throwing }), 'Error: fitImage: options.onProgress threw'],
      [() => fitImage(bytes, rule, { onProgress: revoked(() => {}) }), 'Error: fitImage: options.onProgress threw'],
      [() => fitPixels(revoked(), 1, 1, { format: 'webp', bytes: 1, width: 1, height: 1 }, {}), 'Error: fitPixels: rgba must be a Uint8Array or Uint8ClampedArray'],
    ];
    const start = memory.buffer.byteLength;
    const slots = glueExports().__wbindgen_externrefs.length;
    const outcomes = {};
    const expected = {};
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    const started = performance.now();
    try {
      for (let i = 0; i < REPETITIONS; i += 1) {
        const [call, outcome] = calls[i % calls.length];
        expected[outcome] = (expected[outcome] ?? 0) + 1;
        let seen;
        try {
          await call();
          seen = 'returned';
        } catch (error) {
          seen = `${error?.constructor?.name}: ${String(error?.message).split(' (')[0]}`;
        }
        outcomes[seen] = (outcomes[seen] ?? 0) + 1;
      }
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    t.diagnostic(`${REPETITIONS} calls in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    assert.deepEqual(outcomes, expected);
    const grown = memory.buffer.byteLength - start;
    assert.ok(grown <= 2 ** 20, `wasm memory grew ${grown} bytes`);
    const slotsGrown = glueExports().__wbindgen_externrefs.length - slots;
    assert.ok(slotsGrown <= 64, `the externref table grew by ${slotsGrown} slots`);
    assert.equal(glueExports().memory, memory, 'the instance was replaced: a call trapped');
    const fitted = await fitImage(bytes, rule);
    assert.equal(fitted.ok, true, JSON.stringify(fitted.issues));
  });
});
