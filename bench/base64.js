// The base64 row of the benchmark: what buildRequest spends writing a 4 MB photo as base64
// into Kredibel's JSON body, against the browser's own Uint8Array.prototype.toBase64 (or,
// where a browser lacks it, btoa over 48 KiB chunks) and JSON.stringify of the same body.
//
// buildRequest also checks each photo (checkImage with the slot's rule, quality included),
// so the photos are made to be cheap to check and long to encode: small pictures (drawn
// from the bench's 1600×1200 photo by the browser's own JPEG encoder) grown to their
// length with COM segments, which the check steps over and base64 must encode like any
// byte. The row times three things, alternating sample by sample: buildRequest; the same
// two checkImage calls alone; and the browser's base64 and JSON. Ours is buildRequest less
// the checks, per sample pair: the base64, the body's assembly and the copies across the
// JS boundary.

import { buildRequest, checkImage } from 'kyc-precheck';

/** Kredibel's selfie holds 4 MB read as a file (`limits: 'file'`); its KTP slot 2 MB, at least 100 KB. */
const SELFIE_BYTES = 4_000_000;
const ID_CARD_BYTES = 150_000;
const TODAY = '2026-11-22';
const APPLICANT = {
  nik: '3273015205900001',
  name: 'Siti Nurhaliza',
  birthDate: '1990-05-12',
  email: 'siti.nurhaliza@gmail.com',
  phone: '0812-3456-7890',
};
/** The rules buildRequest applies to the two photos under `limits: 'file'` (src/provider/kredibel.rs). */
const SELFIE_RULE = { formats: ['jpeg', 'png', 'svg'], minBytes: 102_400, maxBytes: SELFIE_BYTES, minWidth: 480, minHeight: 640, quality: true };
const ID_CARD_RULE = { ...SELFIE_RULE, maxBytes: 2_000_000, minHeight: 360 };

/** A `width` × `height` JPEG of `source`, by the browser's encoder, grown to `length` bytes with COM segments after SOI. */
async function paddedJpeg(source, width, height, length) {
  const bitmap = await createImageBitmap(new Blob([source]));
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d').drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
  const out = new Uint8Array(length);
  out.set(jpeg.subarray(0, 2));
  let at = 2;
  let left = length - jpeg.length;
  while (left > 0) {
    // A segment is 4 bytes of marker and length plus up to 65,533 bytes of comment.
    const size = Math.min(65_537, left);
    if (size < 4) {
      throw new Error('cannot pad by fewer than 4 bytes');
    }
    const body = size - 4;
    const segment = out.subarray(at, at + size);
    segment.set([0xff, 0xfe, (body + 2) >> 8, (body + 2) & 0xff]);
    for (let i = 4; i < size; i += 1) {
      segment[i] = (i * 131 + at) & 0x7f;
    }
    at += size;
    left -= size;
  }
  out.set(jpeg.subarray(2), at);
  return out;
}

/** The browser's base64: toBase64 where it exists, else btoa over whole 3-byte groups. */
function browserBase64(bytes) {
  if (typeof bytes.toBase64 === 'function') {
    return bytes.toBase64();
  }
  const parts = [];
  for (let start = 0; start < bytes.length; start += 49_152) {
    parts.push(btoa(String.fromCharCode.apply(null, bytes.subarray(start, start + 49_152))));
  }
  return parts.join('');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The base64 row: medians of buildRequest, the checks alone, their difference, and the browser's base64 + JSON. */
export async function base64Row({ source, runs, warmup }) {
  const selfie = await paddedJpeg(source, 480, 640, SELFIE_BYTES);
  const idCard = await paddedJpeg(source, 640, 480, ID_CARD_BYTES);
  const applicant = { ...APPLICANT, selfie, idCard };
  const options = { limits: 'file', today: TODAY };

  const ours = () => buildRequest('kredibel', 'certificate-issuance', applicant, options);
  const checks = () => [checkImage(selfie, SELFIE_RULE), checkImage(idCard, ID_CARD_RULE)];
  const theirs = () =>
    JSON.stringify({
      identityId: APPLICANT.nik,
      fullName: APPLICANT.name,
      birthDate: APPLICANT.birthDate,
      emailAddress: APPLICANT.email,
      phoneNumber: '6281234567890',
      faceImage: browserBase64(selfie),
      identityImage: browserBase64(idCard),
    });

  const built = await ours();
  if (!built.ok) {
    throw new Error(`base64 row: buildRequest refused the photos: ${built.issues.map((issue) => issue.code).join(' ')}`);
  }
  const checked = checks();
  const body = JSON.parse(built.request.body);
  const expected = JSON.parse(theirs());
  const samples = { build: [], checks: [], ours: [], theirs: [] };
  for (let run = 0; run < warmup + runs; run += 1) {
    let start = performance.now();
    await ours();
    const build = performance.now() - start;
    start = performance.now();
    checks();
    const check = performance.now() - start;
    start = performance.now();
    theirs();
    const their = performance.now() - start;
    if (run >= warmup) {
      samples.build.push(build);
      samples.checks.push(check);
      samples.ours.push(build - check);
      samples.theirs.push(their);
    }
  }
  const oursMs = median(samples.ours);
  const theirsMs = median(samples.theirs);
  return {
    file: `selfie ${SELFIE_BYTES.toLocaleString('en-US')} B + KTP ${ID_CARD_BYTES.toLocaleString('en-US')} B`,
    path: 'base64',
    baseline: typeof selfie.toBase64 === 'function' ? 'Uint8Array.prototype.toBase64 + JSON.stringify' : 'btoa over 48 KiB chunks + JSON.stringify',
    buildMs: median(samples.build),
    checksMs: median(samples.checks),
    oursMs,
    theirsMs,
    ratio: oursMs / theirsMs,
    // Same base64 text, and checkImage answers as buildRequest did (so the subtraction subtracts the same work).
    agree:
      body.faceImage === expected.faceImage &&
      body.identityImage === expected.identityImage &&
      checked.every((result) => result.ok && result.image?.quality),
    samples,
  };
}
