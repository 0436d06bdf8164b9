// Photos: reading a chosen file, its preview, its check against the slot's rule and, when
// the check's errors can be fitted away, fitImage on the device; the fitted file is the one
// sent.

import { $, FIELDS, fieldState, FITTABLE, photoState, placedAt, selectedProvider, state, usedFields } from './state.js';
import { renderPhoto, showPageError } from './render.js';
import { dropSummaryIssues, track } from './checks.js';

/**
 * Draws a photo into its preview canvas (no blob: URL: the CSP allows images from 'self'
 * only). `of` says which it is, 'original' or 'fitted'; a later draw wins.
 */
async function drawPreview(key, source, of) {
  const photo = photoState[key];
  const token = ++photo.previewToken;
  const canvas = $(`${FIELDS[key].id}-canvas`);
  try {
    const bitmap = await createImageBitmap(source, { imageOrientation: 'from-image' });
    if (token !== photo.previewToken) {
      bitmap.close();
      return;
    }
    const scale = Math.min(1, 480 / Math.max(bitmap.width, bitmap.height));
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    photo.preview = 'drawn';
    photo.previewOf = of;
  } catch {
    if (token !== photo.previewToken) {
      return;
    }
    canvas.width = 1;
    canvas.height = 1;
    photo.preview = 'failed';
    photo.previewOf = 'none';
  }
  renderPhoto(key);
}

/** The SHA-256 of `bytes` in hex; '' where the page is not a secure context. */
async function sha256Hex(bytes) {
  if (!crypto.subtle) {
    return '';
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Whether fitImage is worth calling: the check's errors, if any, are all ones a fit can resolve. */
function mayFit(check) {
  return check.issues.every((issue) => issue.severity !== 'error' || FITTABLE.has(issue.code));
}

/**
 * Checks a chosen photo against the chosen provider's rule for its slot, then fits it in
 * the worker when it can be: the fitted file is what is sent, the original stays here.
 */
export async function preparePhoto(key) {
  const record = fieldState[key];
  const photo = photoState[key];
  const sequence = ++record.sequence;
  const current = () => sequence === record.sequence;
  const provider = selectedProvider();
  photo.fitting = null;
  photo.fit = null;
  photo.sent = null;
  photo.sentSha256 = '';
  if (photo.bytes === null || !usedFields().has(key)) {
    record.check = null;
    photo.checking = false;
    renderPhoto(key);
    return;
  }
  photo.checking = true;
  renderPhoto(key);
  const rule = { provider, field: key };
  let check;
  try {
    // Copied to the worker: the bytes stay here for buildRequest.
    check = placedAt(key, await state.api.checkImage(photo.bytes, rule));
  } catch (error) {
    showPageError(error);
    return;
  }
  if (!current()) {
    return;
  }
  photo.checking = false;
  record.check = check;
  if (!mayFit(check)) {
    await showOriginal(key, current);
    return;
  }

  photo.fitting = { stage: null, encodes: 0 };
  renderPhoto(key);
  const onProgress = ({ stage }) => {
    if (current() && photo.fitting) {
      photo.fitting = { stage, encodes: photo.fitting.encodes + (stage === 'encode' ? 1 : 0) };
      renderPhoto(key);
    }
  };
  let fit;
  try {
    fit = placedAt(key, await state.api.fitImage(photo.bytes, rule, { onProgress }));
  } catch (error) {
    photo.fitting = null;
    showPageError(error);
    return;
  }
  if (!current()) {
    return;
  }
  if (fit.ok) {
    const sha256 = await sha256Hex(fit.bytes);
    if (!current()) {
      return;
    }
    photo.sent = fit.bytes;
    photo.sentSha256 = sha256;
  }
  photo.fit = fit;
  photo.fitting = null;
  if (fit.ok && fit.change === 'reencoded') {
    // The preview shows what is sent: upright, at its new size.
    await drawPreview(key, new Blob([fit.bytes], { type: 'image/jpeg' }), 'fitted');
  } else {
    await showOriginal(key, current);
  }
  renderPhoto(key);
}

/** Shows the original in the preview again, if the fitted photo of another slot is there. */
async function showOriginal(key, current) {
  const photo = photoState[key];
  if (photo.previewOf === 'fitted' && current()) {
    await drawPreview(key, photo.file, 'original');
  } else {
    renderPhoto(key);
  }
}

export function onPhotoChange(key) {
  fieldState[key].pending = track(readPhoto(key));
}

async function readPhoto(key) {
  const file = $(FIELDS[key].id).files[0] ?? null;
  const photo = photoState[key];
  const record = fieldState[key];
  record.answer = [];
  dropSummaryIssues(key);
  photo.file = file;
  photo.bytes = null;
  photo.fit = null;
  photo.fitting = null;
  photo.sent = null;
  photo.preview = file ? 'loading' : 'none';
  photo.previewOf = 'none';
  record.check = null;
  if (file === null) {
    record.sequence += 1;
    photo.previewToken += 1;
    photo.checking = false;
    renderPhoto(key);
    return;
  }
  photo.checking = true;
  renderPhoto(key);
  void drawPreview(key, file, 'original');
  const bytes = await file.arrayBuffer();
  if (photo.file !== file) {
    return;
  }
  photo.bytes = bytes;
  await preparePhoto(key);
}
