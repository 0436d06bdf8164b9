// fitImage in a real browser, under the production CSP: WebP and AVIF (real encoder output
// from tests/images/bad/, and a larger WebP Chromium encodes itself) go through the
// browser path (createImageBitmap, scaled there, the core's pixel entry) into JPEGs that
// Chromium then decodes; HEIC, which Chromium cannot decode, keeps the core's advice; and
// the same through the worker of kyc-precheck/shell, with its progress events.
//
// Each check compares what Chromium shows with what the fit reports: the fitted JPEG
// decoded by Chromium must have the reported size and look like the source as Chromium
// decodes it (mean difference per channel), and unlike the source upside down.
//
// Publishes { checks, figures } on window.__fitResults; tests/browser/fit.mjs reports them.

import init, { checkImage, fitImage } from '../../pkg/index.js';
import { fitImage as coreFitImage } from '../../pkg/kyc_precheck.js';
import { createWorker } from '../../pkg/shell.js';

const SMALL_RULE = { formats: ['jpeg'], minWidth: 96, minHeight: 64 };
const KTP_SLOT = { provider: 'kredibel', field: 'idCard' };

const checks = [];
const figures = [];
const violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  violations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
});

/** Records a check: `failures` lists what went wrong (falsy entries are dropped). */
function check(name, failures) {
  checks.push({ name, failures: failures.filter(Boolean).map(String) });
}

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

/** The RGBA Chromium decodes from `bytes`, upright, scaled to `size` when given. */
async function pixelsOf(bytes, size) {
  const bitmap = await createImageBitmap(new Blob([bytes]), {
    imageOrientation: 'from-image',
    ...(size && { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'high' }),
  });
  const { width, height } = bitmap;
  const context = new OffscreenCanvas(width, height).getContext('2d');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { width, height, data: context.getImageData(0, 0, width, height).data };
}

/** Mean absolute difference per RGB channel (0–255) of `a` and `b`, `b` upside down if `flip`. */
function meanDifference(a, b, flip = false) {
  let total = 0;
  for (let y = 0; y < a.height; y += 1) {
    const row = flip ? a.height - 1 - y : y;
    for (let x = 0; x < a.width; x += 1) {
      const i = (y * a.width + x) * 4;
      const j = (row * a.width + x) * 4;
      total += Math.abs(a.data[i] - b.data[j]) + Math.abs(a.data[i + 1] - b.data[j + 1]) + Math.abs(a.data[i + 2] - b.data[j + 2]);
    }
  }
  return total / (a.width * a.height * 3);
}

/**
 * The failures of a fit that must have turned `source` (a file the core cannot decode)
 * into a JPEG of `expected` size passing `rule`, judged by Chromium's own decoder.
 */
async function browserFitFailures(label, source, rule, fitted, expected) {
  if (!fitted.ok) {
    return [`not ok: ${fitted.issues.map((issue) => issue.code).join(', ')}`];
  }
  const failures = [];
  if (fitted.change !== 'reencoded' || fitted.image.format !== 'jpeg') {
    failures.push(`change ${fitted.change}, format ${fitted.image.format}`);
  }
  if (!checkImage(fitted.bytes, rule).ok) {
    failures.push('checkImage refuses the fitted bytes');
  }
  const out = await pixelsOf(fitted.bytes);
  if (out.width !== expected.width || out.height !== expected.height) {
    failures.push(`Chromium decodes ${out.width}x${out.height}; expected ${expected.width}x${expected.height}`);
  }
  if (out.width !== fitted.image.width || out.height !== fitted.image.height) {
    failures.push(`Chromium decodes ${out.width}x${out.height}; the result says ${fitted.image.width}x${fitted.image.height}`);
  }
  if (failures.length === 0) {
    const reference = await pixelsOf(source, expected);
    const same = meanDifference(out, reference);
    const flipped = meanDifference(out, reference, true);
    figures.push(
      `${label}: ${fitted.source.bytes} B ${fitted.source.format} ${fitted.source.width}x${fitted.source.height} -> ${fitted.bytes.length} B jpeg ${out.width}x${out.height}, ssim ${fitted.fidelity?.ssim?.toFixed(4)}, mean difference ${same.toFixed(2)} (upside down: ${flipped.toFixed(2)})`,
    );
    if (!(same <= 8)) {
      failures.push(`mean difference from the source ${same.toFixed(2)} per channel, over 8`);
    }
    if (!(flipped > 2 * same)) {
      failures.push(`the difference (${same.toFixed(2)}) does not tell the picture from itself upside down (${flipped.toFixed(2)})`);
    }
  }
  return failures;
}

/**
 * The failures of the stages of a re-encode, which must come in order: decode, then a
 * resize and one encode per attempt (the pixels may be resized again when no quality
 * reaches the window), then verify.
 */
function stageFailures(stages) {
  return /^decode( resize( encode)+)+ verify$/.test(stages.join(' ')) ? [] : [`stages: ${stages.join(', ')}`];
}

/** A WebP of the KTP photo, encoded by Chromium itself. */
async function chromiumWebp() {
  const ktp = await bytesOf('../images/providers/ktp-1024x640.jpg');
  const bitmap = await createImageBitmap(new Blob([ktp]));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  canvas.getContext('2d').drawImage(bitmap, 0, 0);
  bitmap.close();
  const blob = await canvas.convertToBlob({ type: 'image/webp', quality: 0.9 });
  check('Chromium encodes a WebP (OffscreenCanvas.convertToBlob)', [blob.type !== 'image/webp' && `got ${blob.type}`]);
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * A 12 MP camera-like photo encoded by Chromium: the KTP photo scaled to 4000x3000 with
 * sensor-like noise (a fixed seed), as a quality-92 JPEG of a few megabytes.
 */
async function chromiumCameraPhoto() {
  const ktp = await createImageBitmap(new Blob([await bytesOf('../images/providers/ktp-1024x640.jpg')]));
  const [width, height] = [4000, 3000];
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  context.drawImage(ktp, 0, 0, width, height);
  ktp.close();
  const image = context.getImageData(0, 0, width, height);
  let seed = 12_345;
  for (let index = 0; index < image.data.length; index += 1) {
    if (index % 4 !== 3) {
      seed = (seed * 1_103_515_245 + 12_345) >>> 0;
      image.data[index] += ((seed >>> 24) % 25) - 12;
    }
  }
  context.putImageData(image, 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
  return new Uint8Array(await blob.arrayBuffer());
}

async function mainThread() {
  await init();
  const webp = await bytesOf('../images/bad/format-webp.webp');
  const avif = await bytesOf('../images/bad/format-avif.avif');
  const heic = await bytesOf('../images/bad/format-heic.heic');
  const large = await chromiumWebp();

  for (const [label, bytes] of [
    ['format-webp.webp', webp],
    ['format-avif.avif', avif],
  ]) {
    const stages = [];
    const fitted = await fitImage(bytes, SMALL_RULE, { onProgress: ({ stage }) => stages.push(stage) });
    check(`${label} (96x64) fits into a JPEG Chromium decodes at 96x64`, [
      fitted.source.format !== label.slice(-4) && `source.format ${fitted.source.format}`,
      ...(await browserFitFailures(label, bytes, SMALL_RULE, fitted, { width: 96, height: 64 })),
    ]);
    check(`${label}: progress in order`, stageFailures(stages));
  }

  // Too few pixels for Kredibel's KTP slot (480x360): refused with the decoded size, never upscaled.
  const small = await fitImage(webp, KTP_SLOT);
  check('format-webp.webp (96x64) into Kredibel\'s KTP slot: image.dimensions_too_small at 96x64', [
    small.ok && 'ok',
    small.bytes !== undefined && 'bytes',
    JSON.stringify(small.issues.map((issue) => [issue.code, issue.params.width, issue.params.height])) !==
      '[["image.dimensions_too_small",96,64]]' && `issues ${JSON.stringify(small.issues)}`,
  ]);

  const source = await pixelsOf(large);
  const ktp800 = await fitImage(large, KTP_SLOT, { maxSide: 800 });
  check('a 1024x640 WebP from Chromium fits Kredibel\'s KTP slot at maxSide 800: 800x500', [
    ktp800.source.format !== 'webp' && `source.format ${ktp800.source.format}`,
    (ktp800.source.width !== source.width || ktp800.source.height !== source.height) &&
      `source ${ktp800.source.width}x${ktp800.source.height}`,
    ...(await browserFitFailures('chromium webp, maxSide 800', large, KTP_SLOT, ktp800, { width: 800, height: 500 })),
  ]);
  for (const rule of [KTP_SLOT, { provider: 'oy', field: 'idCard' }, { provider: 'oy', field: 'selfie' }]) {
    const fitted = await fitImage(large, rule);
    check(`the same WebP fits ${rule.provider}.${rule.field} by default, never upscaled: 1024x640`, [
      ...(await browserFitFailures(`chromium webp into ${rule.provider}.${rule.field}`, large, rule, fitted, {
        width: 1024,
        height: 640,
      })),
    ]);
  }

  // HEIC: Chromium has no decoder, so the core's advice comes back unchanged.
  const decodes = await failure(createImageBitmap(new Blob([heic])));
  check('Chromium cannot decode HEIC here (what the next check assumes)', [decodes === 'resolved' && 'it decoded it']);
  const heicFit = await fitImage(heic, KTP_SLOT);
  const core = coreFitImage(heic, KTP_SLOT);
  check('HEIC keeps the core\'s image.format_unsupported, unchanged', [
    heicFit.ok && 'ok',
    JSON.stringify(heicFit) !== JSON.stringify(core) && `${JSON.stringify(heicFit)} differs from the core's ${JSON.stringify(core)}`,
    JSON.stringify(heicFit.issues.map((issue) => [issue.code, issue.params.format])) !== '[["image.format_unsupported","HEIC"]]' &&
      `issues ${JSON.stringify(heicFit.issues)}`,
  ]);

  let calls = 0;
  const thrown = await failure(
    fitImage(webp, SMALL_RULE, {
      onProgress() {
        calls += 1;
        throw new Error('bar gone');
      },
    }),
  );
  check('a throwing onProgress on the browser path is called once, and the fit rejects with its message', [
    thrown !== 'Error: fitImage: options.onProgress threw (bar gone)' && thrown,
    calls !== 1 && `called ${calls} times`,
  ]);
  return large;
}

async function inWorker(large) {
  const kyc = createWorker();
  await kyc.init();
  const photo = await chromiumCameraPhoto();
  const kept = photo.slice();
  check('Chromium\'s 12 MP camera-like JPEG weighs 3-6 MB, as a camera\'s does', [
    !(photo.length >= 3e6 && photo.length <= 6e6) && `${photo.length} bytes`,
  ]);

  for (const [label, bytes, rule, options, expected] of [
    ['the Chromium WebP into Kredibel\'s KTP slot at maxSide 800', large, KTP_SLOT, { maxSide: 800 }, { width: 800, height: 500 }],
    ['format-avif.avif', await bytesOf('../images/bad/format-avif.avif'), SMALL_RULE, {}, { width: 96, height: 64 }],
  ]) {
    const stages = [];
    const fitted = await kyc.fitImage(bytes, rule, { ...options, onProgress: ({ stage }) => stages.push(stage) });
    check(`worker: ${label}`, await browserFitFailures(`worker: ${label}`, bytes, rule, fitted, expected));
    check(`worker: ${label}: progress events in order, before the answer`, stageFailures(stages));
  }

  const stages = [];
  let answered = false;
  const started = performance.now();
  const fitted = await kyc.fitImage(photo, { provider: 'oy', field: 'selfie' }, {
    onProgress: ({ stage }) => stages.push(answered ? `${stage} after the answer` : stage),
  });
  answered = true;
  figures.push(`worker: 12 MP camera-like JPEG into oy.selfie in ${Math.round(performance.now() - started)} ms (stages ${stages.join(' ')})`);
  check(
    'worker: a 12 MP camera-like JPEG into OY\'s selfie slot: 1600x1200 as Chromium decodes it',
    await browserFitFailures('worker: 12 MP camera-like JPEG into oy.selfie', photo, { provider: 'oy', field: 'selfie' }, fitted, {
      width: 1600,
      height: 1200,
    }),
  );
  check('worker: the 12 MP fit\'s progress events in order, before the answer', stageFailures(stages));
  check('worker: the caller\'s photo is kept (copied to the worker by default)', [
    (photo.byteLength !== kept.byteLength || photo.some((byte, index) => byte !== kept[index])) && 'it changed',
  ]);

  let calls = 0;
  const thrown = await failure(
    kyc.fitImage(photo, { provider: 'oy', field: 'selfie' }, {
      onProgress() {
        calls += 1;
        throw new Error('bar gone');
      },
    }),
  );
  check('worker: a throwing onProgress is called once, and the fit rejects with its message', [
    thrown !== 'Error: fitImage: options.onProgress threw (bar gone)' && thrown,
    calls !== 1 && `called ${calls} times`,
  ]);
  check('worker: a mistake in the options rejects with the package\'s Error', [
    (await failure(kyc.fitImage(photo, KTP_SLOT, { quality: 90 }))).startsWith('Error: fitImage: invalid options: unknown field `quality`')
      ? null
      : 'other outcome',
  ]);
  kyc.terminate();

  // With transfer: true, the photo's buffer moves to the worker and is detached here.
  const mover = createWorker(undefined, { transfer: true });
  await mover.init();
  const copy = large.slice();
  const moved = await mover.fitImage(copy, KTP_SLOT);
  check('worker with transfer: true: the input is detached, the fit is the same', [
    copy.byteLength !== 0 && `the copy still has ${copy.byteLength} bytes`,
    !moved.ok && 'not ok',
  ]);
  mover.terminate();
}

const status = document.getElementById('status');
try {
  const large = await mainThread();
  await inWorker(large);
  window.__fitResults = { checks, figures, violations };
  status.textContent = 'Done.';
} catch (error) {
  window.__fitResults = { error: `${error.name}: ${error.message}\n${error.stack}`, checks, figures, violations };
  status.textContent = `Failed: ${error.message}`;
} finally {
  status.dataset.state = 'done';
}
