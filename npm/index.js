// The browser and bundler entry of kyc-precheck.
//
// A thin layer over the wasm-bindgen glue (`kyc_precheck.js`): it owns loading the
// module, and guards every check so that calling one before `init()` fails with a message
// saying what to do instead of a TypeError from inside the glue, and so that an instance
// that trapped is replaced before the next call.

import initGlue, {
  initSync as initGlueSync,
  __wbg_reset_state as restartGlue,
  checkDate as glueCheckDate,
  checkEmail as glueCheckEmail,
  checkImage as glueCheckImage,
  fitImage as glueFitImage,
  fitPixels as glueFitPixels,
  fitSize as glueFitSize,
  checkName as glueCheckName,
  checkNik as glueCheckNik,
  checkNikText as glueCheckNikText,
  checkPhone as glueCheckPhone,
  checkPhoneText as glueCheckPhoneText,
  issueCodes as glueIssueCodes,
  buildRequest as glueBuildRequest,
  readResponse as glueReadResponse,
  readCallback as glueReadCallback,
  rules as glueRules,
} from './kyc_precheck.js';

let ready = false;

/** Set when a call trapped: a fresh instance replaces this one before the next call. */
let dead = false;

function assertReady(name) {
  if (!ready) {
    throw new Error(`kyc-precheck: call await init() (or initSync) before ${name}`);
  }
}

/**
 * Runs one call into the module. A trap inside it (a `WebAssembly.RuntimeError`: a bug of
 * this package, or memory left corrupt) or a stack overflow inside it (a `RangeError`)
 * leaves the instance in an unknown state, so the next call first starts a fresh instance
 * from the module it was loaded with (the glue keeps it): a server never needs a restart,
 * a page never a reload. The failed call throws an `Error` that says so, the trap as its
 * `cause`. The functions' own errors pass through unchanged.
 */
function run(name, call) {
  assertReady(name);
  if (dead) {
    restartGlue();
    dead = false;
  }
  try {
    return call();
  } catch (error) {
    return trapped(name, error);
  }
}

/** The message of a thrown value, which may itself be hostile (a getter that throws). */
function messageOf(error) {
  try {
    return typeof error === 'string' ? error : String(error?.message ?? error);
  } catch {
    return 'an exception that cannot be shown';
  }
}

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
let loading;

export default function init(input) {
  // One load however many callers race: a second instantiation would leave two modules,
  // and the checks would run in whichever the glue saw last. A failed load is forgotten
  // so that a later call can try again.
  loading ??= (async () => {
    const moduleOrPath = input ?? new URL('./kyc_precheck_bg.wasm', import.meta.url);
    // The glue takes an object: a bare argument makes it log a deprecation warning.
    await initGlue({ module_or_path: moduleOrPath });
    ready = true;
  })().catch((error) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/**
 * Instantiates the WebAssembly module synchronously from its bytes or a compiled module.
 * Browsers refuse to compile modules larger than 8 MB on the main thread this way; this
 * one is far smaller, but prefer `init()` where an `await` is possible.
 *
 * @param {BufferSource | WebAssembly.Module} bytesOrModule
 * @returns {void}
 */
export function initSync(bytesOrModule) {
  if (ready) {
    return;
  }
  const isBytes = ArrayBuffer.isView(bytesOrModule) || bytesOrModule instanceof ArrayBuffer;
  if (!isBytes && !(bytesOrModule instanceof WebAssembly.Module)) {
    throw new TypeError(
      'kyc-precheck: initSync expects the bytes of kyc_precheck_bg.wasm (an ArrayBuffer or a typed array) or a WebAssembly.Module',
    );
  }
  initGlueSync({ module: bytesOrModule });
  ready = true;
}

/** Today on the caller's calendar, and the local day it stands for (see today()). */
let todayNumber = 0;
let todayStarts = 0;
let todayEnds = 0;

/**
 * Today on the caller's calendar as year * 10000 + month * 100 + day, for checkNik: the
 * century of a NIK's birth year is decided on it. Read afresh when the clock leaves the
 * local day it was read in (midnight, or a clock set back); a form checks a NIK on every
 * keystroke, and Date.now() is a tenth of what new Date() and its three getters cost.
 */
function today() {
  const now = Date.now();
  if (now < todayStarts || now >= todayEnds) {
    const date = new Date(now);
    const [year, month, day] = [date.getFullYear(), date.getMonth(), date.getDate()];
    todayNumber = year * 10000 + (month + 1) * 100 + day;
    todayStarts = new Date(year, month, day).getTime();
    todayEnds = new Date(year, month, day + 1).getTime();
  }
  return todayNumber;
}

// Each check is documented in index.d.ts; here it gains the init guard and, for the two
// checks a form runs on every keystroke, the result of a valid answer built from the
// tab-separated text the module returns for it (see checkNik and checkPhone in
// src/bindings.rs): a few strings across the boundary instead of a JSON document. A
// string as long as a form field's, without options, crosses as text (checkNikText,
// checkPhoneText): the same check, one call across the boundary fewer.
const SHORT_TEXT = 256;

function plain(input, options) {
  return typeof input === 'string' && input.length <= SHORT_TEXT && (options === undefined || options === null);
}

/**
 * `run` for the checks a form calls on every keystroke: the same guard and the same
 * handling of a trap, without a closure made per call.
 */
function runCheck(name, check, checkText, input, options, extra) {
  assertReady(name);
  if (dead) {
    restartGlue();
    dead = false;
  }
  try {
    return plain(input, options) ? checkText(input, extra) : check(input, options, extra);
  } catch (error) {
    return trapped(name, error);
  }
}

/** Rethrows `error` of the call `name`, marking the instance dead when it trapped (see run). */
function trapped(name, error) {
  if (error instanceof WebAssembly.RuntimeError || error instanceof RangeError) {
    dead = true;
    throw new Error(
      `kyc-precheck: ${name} failed inside the WebAssembly module (${error.message}); the module is started afresh for the next call`,
      { cause: error },
    );
  }
  throw error;
}

/** Where refusedResult and the valid answers' readers read their next field. */
let cursor = 0;

/** The field of `text` at the cursor (its length, `:`, itself), the cursor moved past it. */
function nextField(text) {
  let length = 0;
  for (let digit = text.charCodeAt(cursor); digit !== 58 && cursor < text.length; digit = text.charCodeAt(cursor)) {
    length = length * 10 + digit - 48;
    cursor += 1;
  }
  const start = cursor + 1;
  cursor = start + length;
  return text.slice(start, cursor);
}

/** Whether `text` is a refusal (see refused in src/bindings.rs): it starts `T` or `F`. */
function isRefusal(text) {
  const first = text.charCodeAt(0);
  return first === 84 || first === 70;
}

/**
 * The result of a field check that found no details, from the module's text for it (see
 * refused in src/bindings.rs), with the keys in the order of the JSON path's; `details`
 * is the name of the key that is `null` (`nik`, `phone`).
 */
function refusedResult(text, details) {
  cursor = 2;
  const value = text.charCodeAt(1) === 118 ? nextField(text) : null;
  const issues = [];
  while (cursor < text.length) {
    const code = nextField(text);
    const severity = nextField(text);
    const params = {};
    for (let count = Number(nextField(text)); count > 0; count -= 1) {
      const name = nextField(text);
      const param = nextField(text);
      params[name] = param.charCodeAt(0) === 110 ? Number(param.slice(1)) : param.slice(1);
    }
    const en = nextField(text);
    const id = nextField(text);
    issues.push({ path: [], code, severity, params, message: { en, id } });
  }
  return { ok: text.charCodeAt(0) === 84, value, issues, [details]: null };
}

/** The tab-separated field of `text` at the cursor, the cursor moved past its tab. */
function nextTab(text) {
  const start = cursor;
  const end = text.indexOf('\t', start);
  cursor = end === -1 ? text.length : end + 1;
  return text.slice(start, end === -1 ? text.length : end);
}

// A valid answer's fields are tab-separated, in their order (see src/bindings.rs): read by
// indexOf and slice, no array made for them.
export function checkNik(input, options) {
  const checked = runCheck('checkNik', glueCheckNik, glueCheckNikText, input, options, today());
  if (typeof checked !== 'string') {
    return checked;
  }
  if (isRefusal(checked)) {
    return refusedResult(checked, 'nik');
  }
  cursor = 0;
  const value = nextTab(checked);
  const provinceCode = nextTab(checked);
  const provinceName = nextTab(checked);
  const regencyCode = nextTab(checked);
  const districtCode = nextTab(checked);
  const birthDate = nextTab(checked);
  const gender = nextTab(checked);
  const serial = nextTab(checked);
  const sandbox = nextTab(checked) === '1';
  return {
    ok: true,
    value,
    issues: [],
    nik: {
      provinceCode,
      provinceName,
      regencyCode,
      districtCode,
      birthDate: birthDate || null,
      gender: gender || null,
      serial,
      sandbox,
    },
  };
}

export function checkPhone(input, options) {
  const checked = runCheck('checkPhone', glueCheckPhone, glueCheckPhoneText, input, options);
  if (typeof checked !== 'string') {
    return checked;
  }
  if (isRefusal(checked)) {
    return refusedResult(checked, 'phone');
  }
  cursor = 0;
  const e164 = nextTab(checked);
  const national = nextTab(checked);
  const international = nextTab(checked);
  const operator = nextTab(checked);
  return { ok: true, value: e164, issues: [], phone: { e164, national, international, operator: operator || null } };
}

export function checkEmail(input) {
  return run('checkEmail', () => glueCheckEmail(input));
}

export function checkName(input, options) {
  return run('checkName', () => glueCheckName(input, options));
}

export function checkDate(input, format, options) {
  return run('checkDate', () => glueCheckDate(input, format, options));
}

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

export function issueCodes() {
  return run('issueCodes', () => glueIssueCodes());
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
