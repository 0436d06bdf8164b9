// The browser and bundler entry of kyc-precheck.
//
// A thin layer over the wasm-bindgen glue (`kyc_precheck.js`): it owns loading the
// module, and guards every check so that calling one before `init()` fails with a message
// saying what to do instead of a TypeError from inside the glue, and so that an instance
// that trapped is replaced before the next call. The field checks and that guard are in
// field-checks.js, which fields.js (the first module a form loads) shares.

import * as glue from './kyc_precheck.js';
import { fieldChecks, messageOf } from './field-checks.js';

const {
  checkImage: glueCheckImage,
  fitImage: glueFitImage,
  fitPixels: glueFitPixels,
  fitSize: glueFitSize,
  buildRequest: glueBuildRequest,
  readResponse: glueReadResponse,
  readCallback: glueReadCallback,
  rules: glueRules,
} = glue;

const whole = fieldChecks(glue, 'kyc_precheck_bg.wasm');
const { run } = whole;

/**
 * Loads and instantiates the WebAssembly module. Resolves once the checks can be called;
 * calling it again after that does nothing.
 *
 * @param {string | URL | Request | Response | Promise<Response> | BufferSource | WebAssembly.Module} [input]
 *   Where the module comes from. By default `kyc_precheck_bg.wasm` next to this file,
 *   written as `new URL(..., import.meta.url)` so that bundlers (Vite, webpack, Rollup)
 *   see the file and emit it with the bundle. A URL, Request or Response is compiled
 *   while it downloads (`WebAssembly.instantiateStreaming`, in the wasm-bindgen glue)
 *   when the server sends it as `application/wasm`, and from its whole bytes otherwise;
 *   a `WebAssembly.Module` compiled once by the page (and handed to a worker, which a
 *   module can cross) is instantiated with no download at all.
 * @returns {Promise<void>}
 */
export default function init(input) {
  return whole.init(input ?? new URL('./kyc_precheck_bg.wasm', import.meta.url));
}

// initSync, the field checks and issueCodes (documented in field-checks.js and index.d.ts).
export const { initSync, checkNik, checkPhone, checkEmail, checkName, checkDate, issueCodes } = whole;

export function checkImage(bytes, rule) {
  return run('checkImage', () => glueCheckImage(bytes, rule));
}

/**
 * The formats fitImage hands to the platform's decoder when the core cannot read them:
 * the ones phones and browsers save photos in. The core tells the format from the bytes
 * (`source.format` of its refusal); this only chooses which refusals are worth a decode.
 */
const PLATFORM_FORMATS = new Set(['webp', 'avif', 'heic']);

/** createImageBitmap and OffscreenCanvas: a page or a worker of a browser, never Node. */
function platformDecodes() {
  return typeof globalThis.createImageBitmap === 'function' && typeof globalThis.OffscreenCanvas === 'function';
}

/** Whether `fit` is the core's refusal of a file the platform may decode. */
function platformMayFit(fit) {
  return (
    !fit.ok &&
    PLATFORM_FORMATS.has(fit.source.format) &&
    fit.issues.some((issue) => issue.code === 'image.format_unsupported')
  );
}

/**
 * The caller's onProgress for the steps this layer runs itself, with the bindings' rule:
 * once it throws it is not called again, and the fit rejects with its message when done.
 */
function progressOf(onProgress) {
  let failure;
  let called = typeof onProgress === 'function';
  let leading = true;
  const report = (event) => {
    if (!called) {
      return;
    }
    try {
      onProgress(event);
    } catch (error) {
      failure = new Error(`fitImage: options.onProgress threw (${messageOf(error)})`, { cause: error });
      called = false;
    }
  };
  return {
    report,
    // The core's stages but its first decode and resize (taking in the pixels, at the
    // size the platform already scaled them to), which were reported here; a later resize
    // (fewer pixels for the window) is its own.
    forward: (event) => {
      if (leading && (event.stage === 'decode' || event.stage === 'resize')) {
        return;
      }
      leading = false;
      report(event);
    },
    finish(result) {
      if (failure) {
        throw failure;
      }
      return result;
    },
  };
}

/**
 * fitImage for a file the core cannot decode (`refused`, its result) on a platform that
 * may: decoded by createImageBitmap (upright, in sRGB), scaled there to the size the core
 * would fit it to, read back and fitted by the core from its pixels. Where the platform
 * cannot decode it (HEIC in Chromium), the core's refusal stands.
 */
async function fitDecoded(bytes, rule, options, refused) {
  let onProgress;
  let fitOptions;
  try {
    ({ onProgress, ...fitOptions } = options ?? {});
  } catch (error) {
    throw new Error(`fitImage: options could not be read (${messageOf(error)})`, { cause: error });
  }
  const progress = progressOf(onProgress);
  progress.report({ stage: 'decode' });
  let decoded;
  try {
    decoded = await createImageBitmap(new Blob([bytes]), {
      imageOrientation: 'from-image',
      colorSpaceConversion: 'default',
    });
  } catch {
    return progress.finish(refused);
  }
  let scaled;
  try {
    const source = {
      format: refused.source.format,
      bytes: refused.source.bytes,
      width: decoded.width,
      height: decoded.height,
    };
    const size = run('fitImage', () => glueFitSize(decoded.width, decoded.height, rule, fitOptions));
    if (size === null) {
      // Too few pixels: the core refuses from the source's size, so no pixels need cross.
      const fitted = run('fitImage', () => glueFitPixels(new Uint8Array(4), 1, 1, source, rule, fitOptions));
      return progress.finish(fitted);
    }
    const { width, height } = size;
    progress.report({ stage: 'resize' });
    if (width === decoded.width && height === decoded.height) {
      scaled = decoded;
    } else {
      scaled = await createImageBitmap(decoded, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
      decoded.close();
    }
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    context.drawImage(scaled, 0, 0);
    scaled.close();
    const { data } = context.getImageData(0, 0, width, height);
    const fitted = run('fitImage', () =>
      glueFitPixels(data, width, height, source, rule, { ...fitOptions, onProgress: progress.forward }),
    );
    return progress.finish(fitted);
  } finally {
    decoded.close();
    scaled?.close();
  }
}

// Async so that a browser can decode what the core cannot (see index.d.ts); in Node, and
// for the formats the core reads, it runs in one turn.
export async function fitImage(bytes, rule, options) {
  const fitted = run('fitImage', () => glueFitImage(bytes, rule, options));
  if (!platformDecodes() || !platformMayFit(fitted)) {
    return fitted;
  }
  return fitDecoded(bytes, rule, options, fitted);
}

// Async so that a slow build (two photos encrypted, or measured for quality) can later move
// off the main thread without changing the API; today it runs in one turn.
export async function buildRequest(provider, endpoint, input, options) {
  return run('buildRequest', () => glueBuildRequest(provider, endpoint, input, options));
}

// Only the Retry-After header matters to a reading; it arrives as a Headers object from
// fetch or as a plain object from a relay or a test.
function retryAfter(headers) {
  if (headers === undefined || headers === null) {
    return undefined;
  }
  try {
    if (typeof headers.get === 'function') {
      return headers.get('retry-after') ?? undefined;
    }
    const key = Object.keys(headers).find((name) => name.toLowerCase() === 'retry-after');
    return key === undefined ? undefined : String(headers[key]);
  } catch (error) {
    throw new Error(`readResponse: headers could not be read (${messageOf(error)})`, { cause: error });
  }
}

// Of the request that was sent (built.request, or { fields }), the reading needs only the
// neutral names of the fields it carried. Read here, once, into a plain array: a getter or
// a Proxy of the caller's then throws an Error from readResponse, never inside the module.
function sentFields(sent) {
  if (sent === undefined || sent === null) {
    return undefined;
  }
  if (typeof sent !== 'object') {
    throw new Error('readResponse: sent must be the request that was sent (built.request) or { fields }');
  }
  try {
    const { fields } = sent;
    return Array.isArray(fields) ? Array.from(fields) : fields;
  } catch (error) {
    throw new Error(`readResponse: sent.fields could not be read (${messageOf(error)})`, { cause: error });
  }
}

export function readResponse(provider, endpoint, httpStatus, bodyText, headers, sent, options) {
  return run('readResponse', () =>
    glueReadResponse(provider, endpoint, httpStatus, bodyText, retryAfter(headers), sentFields(sent), options),
  );
}

export function readCallback(provider, bodyText) {
  return run('readCallback', () => glueReadCallback(provider, bodyText));
}

export function rules(provider) {
  return run('rules', () => glueRules(provider));
}
