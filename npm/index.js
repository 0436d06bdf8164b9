// The browser and bundler entry of kyc-precheck.
//
// A thin layer over the wasm-bindgen glue (`kyc_precheck.js`): it owns loading the
// module, and guards every check so that calling one before `init()` fails with a message
// saying what to do instead of a TypeError from inside the glue.

import initGlue, {
  initSync as initGlueSync,
  checkDate as glueCheckDate,
  checkEmail as glueCheckEmail,
  checkImage as glueCheckImage,
  checkName as glueCheckName,
  checkNik as glueCheckNik,
  checkPhone as glueCheckPhone,
  issueCodes as glueIssueCodes,
  buildRequest as glueBuildRequest,
  readResponse as glueReadResponse,
  readCallback as glueReadCallback,
  rules as glueRules,
} from './kyc_precheck.js';

let ready = false;

function assertReady(name) {
  if (!ready) {
    throw new Error(`kyc-precheck: call await init() (or initSync) before ${name}`);
  }
}

/**
 * Loads and instantiates the WebAssembly module. Resolves once the checks can be called;
 * calling it again after that does nothing.
 *
 * @param {string | URL | Request | Response | Promise<Response> | BufferSource | WebAssembly.Module} [input]
 *   Where the module comes from. By default `kyc_precheck_bg.wasm` next to this file,
 *   written as `new URL(..., import.meta.url)` so that bundlers (Vite, webpack, Rollup)
 *   see the file and emit it with the bundle.
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

// Each check is documented in index.d.ts; here it only gains the init guard.
export function checkNik(input, options) {
  assertReady('checkNik');
  return glueCheckNik(input, options);
}

export function checkPhone(input, options) {
  assertReady('checkPhone');
  return glueCheckPhone(input, options);
}

export function checkEmail(input) {
  assertReady('checkEmail');
  return glueCheckEmail(input);
}

export function checkName(input, options) {
  assertReady('checkName');
  return glueCheckName(input, options);
}

export function checkDate(input, format, options) {
  assertReady('checkDate');
  return glueCheckDate(input, format, options);
}

export function checkImage(bytes, rule) {
  assertReady('checkImage');
  return glueCheckImage(bytes, rule);
}

export function issueCodes() {
  assertReady('issueCodes');
  return glueIssueCodes();
}

// Async so that a slow build (two photos encrypted, or measured for quality) can later move
// off the main thread without changing the API; today it runs in one turn.
export async function buildRequest(provider, endpoint, input, options) {
  assertReady('buildRequest');
  return glueBuildRequest(provider, endpoint, input, options);
}

// Only the Retry-After header matters to a reading; it arrives as a Headers object from
// fetch or as a plain object from a relay or a test.
function retryAfter(headers) {
  if (headers === undefined || headers === null) {
    return undefined;
  }
  if (typeof headers.get === 'function') {
    return headers.get('retry-after') ?? undefined;
  }
  const key = Object.keys(headers).find((name) => name.toLowerCase() === 'retry-after');
  return key === undefined ? undefined : String(headers[key]);
}

// `sent` is the built request (or `{ fields }`): only its field list crosses, never its
// body, which may hold megabytes of photos.
export function readResponse(provider, endpoint, httpStatus, bodyText, headers, sent, options) {
  assertReady('readResponse');
  const fields = sent === undefined || sent === null ? undefined : sent.fields;
  return glueReadResponse(provider, endpoint, httpStatus, bodyText, retryAfter(headers), fields, options);
}

export function readCallback(provider, bodyText) {
  assertReady('readCallback');
  return glueReadCallback(provider, bodyText);
}

export function rules(provider) {
  assertReady('rules');
  return glueRules(provider);
}
