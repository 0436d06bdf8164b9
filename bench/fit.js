// The fit rows of the benchmark: kyc-precheck's fitImage against browser-image-compression
// 2.0.2, what a developer would otherwise use to shrink a camera photo for an upload slot,
// on the same bytes, in the same page, samples alternating.
//
// For each photo and each slot:
// - ours: fitImage(bytes, slot) on the main thread, and createWorker().fitImage in the
//   package's module worker (started once, as an application would);
// - theirs: imageCompression(file, { maxSizeMB, preserveExif: false, useWebWorker }) on the
//   main thread and in its worker, with maxWidthOrHeight unset (what its README shows) and
//   at 1600 (ours' default long side: the like-for-like row). maxSizeMB is what a
//   developer reads off the slot: 2 for Kredibel's 2 MB KTP slot, 1 for OY's 1 MB one.
// Each output is then judged the same way, from pixels Chromium decodes: its bytes, its
// displayed size, grey SSIM against the source scaled to its size (bench/ssim.js, not the
// core's own SSIM), and whether it is inside the whole window of the slot (formats, minimum
// and maximum bytes, minimum pixels, as rules() lists them), which browser-image-compression
// does not know of: it has a maximum only.
//
// Their worker: it starts a blob: worker that importScripts() its own UMD build, by default
// from a CDN this machine cannot reach; libURL points it at the copy Vite emits beside the
// page. On any failure it silently compresses on the main thread instead, so every blob:
// worker it starts is counted (the Worker constructor is wrapped) and a row says whether
// its worker really answered.

import imageCompression from 'browser-image-compression';
import theirLibUrl from 'browser-image-compression/dist/browser-image-compression.js?url';
import { checkImage, fitImage, rules } from 'kyc-precheck';
import { createWorker } from 'kyc-precheck/shell';

import { luma, scaleArea, ssim } from './ssim.js';

/** The slots: the rule ours gets, and the maxSizeMB a developer would give theirs. */
export const SLOTS = [
  { id: 'kredibel-ktp', rule: { provider: 'kredibel', field: 'idCard' }, maxSizeMB: 2 },
  { id: 'oy-1mb', rule: { provider: 'oy', field: 'idCard' }, maxSizeMB: 1 },
];

/** The like-for-like long side for theirs (DEFAULT_MAX_SIDE in src/image/fit). */
const LIKE_FOR_LIKE_SIDE = 1600;

/** blob: workers started, failed and answered: did their worker mode run in a worker? */
const blobWorkers = { started: 0, failed: 0, answered: 0, errors: [] };

/**
 * Wraps the page's Worker constructor to count browser-image-compression's blob: workers
 * and what they answer. Other workers (ours) pass through untouched.
 */
export function watchBlobWorkers() {
  const NativeWorker = globalThis.Worker;
  globalThis.Worker = class extends NativeWorker {
    constructor(url, options) {
      const isBlob = String(url).startsWith('blob:');
      try {
        super(url, options);
      } catch (error) {
        if (isBlob) {
          blobWorkers.failed += 1;
          blobWorkers.errors.push(`${error.name}: ${error.message}`);
        }
        throw error;
      }
      if (isBlob) {
        blobWorkers.started += 1;
        this.addEventListener('message', (event) => {
          if (event.data?.file) {
            blobWorkers.answered += 1;
          } else if (event.data?.error) {
            blobWorkers.errors.push(String(event.data.error).split('\n')[0]);
          }
        });
        this.addEventListener('error', (event) =>
          blobWorkers.errors.push(`its error event${event.message ? `: ${event.message}` : ' (no message)'}`),
        );
      }
    }
  };
  return blobWorkers;
}

/** A snapshot of the blob-worker counts. */
function blobWorkerCounts() {
  return { ...blobWorkers, errors: [...new Set(blobWorkers.errors)] };
}

/** The slot's whole window, as the package lists it (rules()). */
function slotWindow(slot) {
  const fields = rules(slot.rule.provider).flatMap((provider) =>
    provider.endpoints.flatMap((endpoint) => endpoint.fields),
  );
  const image = fields.find((field) => field.field === slot.rule.field && field.image)?.image;
  if (!image) {
    throw new Error(`no photo field ${slot.rule.field} in rules(${JSON.stringify(slot.rule.provider)})`);
  }
  return image;
}

/** The format told from the first bytes (JPEG or PNG; anything else is 'other'). */
function magic(bytes) {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return 'jpeg';
  }
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    return 'png';
  }
  return 'other';
}

/** Chromium's decode, EXIF orientation applied: width, height and the luma plane. */
async function decodeLuma(bytes) {
  const bitmap = await createImageBitmap(new Blob([bytes]), { imageOrientation: 'from-image' });
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const pixels = context.getImageData(0, 0, width, height).data;
  return { width, height, plane: luma(pixels, width, height) };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The variants of one photo and slot, each a call resolving to `{ bytes, result }`. */
function variants(bytes, name, slot, ourWorker) {
  const file = new File([bytes], name, { type: 'image/jpeg' });
  const ours = (thread, fit) => ({
    who: 'ours',
    thread,
    run: async () => {
      const result = await fit(bytes, slot.rule);
      return { bytes: result.bytes ?? null, result };
    },
  });
  const theirs = (thread, maxWidthOrHeight) => ({
    who: maxWidthOrHeight === undefined ? 'bic' : `bic ${maxWidthOrHeight}`,
    thread,
    run: async () => {
      const options = {
        maxSizeMB: slot.maxSizeMB,
        preserveExif: false,
        useWebWorker: thread === 'worker',
        libURL: new URL(theirLibUrl, location.href).href,
        ...(maxWidthOrHeight === undefined ? {} : { maxWidthOrHeight }),
      };
      const blob = await imageCompression(file, options);
      return { bytes: new Uint8Array(await blob.arrayBuffer()), result: null };
    },
  });
  return [
    ours('main', fitImage),
    ours('worker', (input, rule) => ourWorker.fitImage(input, rule)),
    theirs('main', undefined),
    theirs('main', LIKE_FOR_LIKE_SIDE),
    theirs('worker', undefined),
    theirs('worker', LIKE_FOR_LIKE_SIDE),
  ];
}

/** Bytes, pixels, SSIM and the window of one output. */
async function judge(output, source, reference, slot, window) {
  if (output.bytes === null) {
    return { bytes: null, inside: false };
  }
  const format = magic(output.bytes);
  const decoded = await decodeLuma(output.bytes);
  const key = `${decoded.width}x${decoded.height}`;
  if (!reference.has(key)) {
    reference.set(key, scaleArea(source.plane, source.width, source.height, decoded.width, decoded.height));
  }
  const similarity = ssim(decoded.plane, reference.get(key), decoded.width, decoded.height);
  const checks = {
    format: window.formats.includes(format),
    minBytes: output.bytes.length >= (window.minBytes ?? 0),
    maxBytes: window.maxBytes === null || output.bytes.length <= window.maxBytes,
    minWidth: decoded.width >= (window.minWidth ?? 0),
    minHeight: decoded.height >= (window.minHeight ?? 0),
  };
  const checked = checkImage(output.bytes, slot.rule);
  return {
    bytes: output.bytes.length,
    format,
    width: decoded.width,
    height: decoded.height,
    // The source's shape: an output left lying on its side would not be.
    upright: decoded.width > decoded.height === source.width > source.height,
    ssim: similarity,
    inside: Object.values(checks).every(Boolean),
    missed: Object.keys(checks).filter((check) => !checks[check]),
    checkImageOk: checked.ok,
    checkImageErrors: checked.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.code),
  };
}

/**
 * The fit rows: for each photo and slot, the median time of every variant over `runs`
 * samples after `warmup` (the variants' order rotating run by run), then its first output
 * judged. `memory` is the package's wasm memory, read after the first fit of the first photo.
 */
export async function fitRows({ inputs, files, runs, warmup, memory }) {
  const ourWorker = createWorker();
  await ourWorker.init();
  const rows = [];
  let memoryAfterFirstFit = null;
  try {
    for (const name of files) {
      const bytes = inputs[name];
      const source = await decodeLuma(bytes);
      const reference = new Map([[`${source.width}x${source.height}`, source.plane]]);
      for (const slot of SLOTS) {
        const window = slotWindow(slot);
        const tasks = variants(bytes, name, slot, ourWorker);
        const samples = tasks.map(() => []);
        const outputs = tasks.map(() => null);
        const workersBefore = blobWorkerCounts();
        for (let run = 0; run < warmup + runs; run += 1) {
          for (let step = 0; step < tasks.length; step += 1) {
            const index = (step + run) % tasks.length;
            const start = performance.now();
            const output = await tasks[index].run();
            const elapsed = performance.now() - start;
            outputs[index] ??= output;
            if (memoryAfterFirstFit === null && tasks[index].who === 'ours' && tasks[index].thread === 'main') {
              memoryAfterFirstFit = { file: name, bytes: memory.buffer.byteLength };
            }
            if (run >= warmup) {
              samples[index].push(elapsed);
            }
          }
        }
        const workersAfter = blobWorkerCounts();
        for (const [index, task] of tasks.entries()) {
          const result = outputs[index].result;
          rows.push({
            file: name,
            sourceBytes: bytes.length,
            sourceWidth: source.width,
            sourceHeight: source.height,
            slot: slot.id,
            window,
            maxSizeMB: task.who === 'ours' ? null : slot.maxSizeMB,
            who: task.who,
            thread: task.thread,
            ms: median(samples[index]),
            samples: samples[index],
            ...(await judge(outputs[index], source, reference, slot, window)),
            ours: result && {
              ok: result.ok,
              change: result.change,
              coreSsim: result.fidelity?.ssim ?? null,
              issues: result.issues.map((issue) => issue.code),
            },
          });
        }
        // Their worker rows ran in a worker only if every call's worker answered.
        const theirWorkerCalls = tasks.filter((task) => task.who !== 'ours' && task.thread === 'worker').length;
        const answered = workersAfter.answered - workersBefore.answered;
        for (const row of rows.slice(-tasks.length)) {
          if (row.who !== 'ours' && row.thread === 'worker') {
            row.inWorker = answered === theirWorkerCalls * (warmup + runs);
          }
        }
      }
    }
  } finally {
    ourWorker.terminate();
  }
  return { rows, memoryAfterFirstFit, blobWorkers: blobWorkerCounts() };
}

/**
 * Whether browser-image-compression's worker mode runs in a worker under this page's CSP:
 * one call, and the blob: workers counted.
 */
export async function probeTheirWorker(bytes, name) {
  const before = blobWorkerCounts();
  const file = new File([bytes], name, { type: 'image/jpeg' });
  await imageCompression(file, {
    maxSizeMB: 1,
    preserveExif: false,
    useWebWorker: true,
    libURL: new URL(theirLibUrl, location.href).href,
  });
  const after = blobWorkerCounts();
  return {
    started: after.started - before.started,
    failed: after.failed - before.failed,
    answered: after.answered - before.answered,
    errors: after.errors.filter((error) => !before.errors.includes(error)),
  };
}
