// submit() of kyc-precheck's shell: sends a request built by buildRequest() to the
// integrator's relay, with a timeout, retries of only what was certainly not processed,
// Retry-After, and pacing for the providers' documented rate limits; never follows a
// redirect, reads at most 1 MiB of an answer; returns readResponse()'s reading.
// shell.d.ts documents it. Nothing here logs: the requests and answers carry personal data.

import { issueCodes, readResponse, rules } from '../index.js';
import { describe, isPlainObject } from './arguments.js';

/**
 * The rate limits the providers' pages document, per endpoint URL: at most `requests`
 * sends in any `perMs` window. Quantum Elixir Identity Platform: "Rate limit · 30/min"
 * (../shared/seeds/003). The other pages name no number.
 */
export const RATE_LIMITS = Object.freeze({
  'quantum-elixir': Object.freeze({ requests: 30, perMs: 60_000 }),
});

const DEFAULTS = Object.freeze({
  timeoutMs: 30_000,
  retries: 2,
  backoffMs: 1_000,
});

/** The longest backoff between two attempts, whatever the attempt number. */
const MAX_BACKOFF_MS = 30_000;

/**
 * A Retry-After longer than this is not waited out inside one submit(): the reading is
 * returned (retryable, with retryAfterSeconds) for the application to schedule.
 */
const MAX_RETRY_AFTER_SECONDS = 60;

/** The longest setTimeout delay browsers and Node honour (2^31 - 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The most of an answer read, in bytes: 1 MiB. A provider's answer is a few kilobytes of
 * JSON (the largest in the pages, OCR data, is under 2 KB); anything longer is not one,
 * and is cut off unread rather than held in memory.
 */
const MAX_ANSWER_BYTES = 1_048_576;

/**
 * HTTP statuses that say the request was not acted upon, so sending it again cannot bill
 * it twice: 408 (the server did not receive the whole request, RFC 9110 15.5.9), 425 (it
 * refused to risk processing it, RFC 8470), 429 (refused for the rate, RFC 6585) and 503
 * (it could not handle it, RFC 9110 15.6.4). Not 500, 502 or 504: the relay or a gateway
 * may have forwarded the request, and the provider may have processed and billed it.
 */
const NOT_PROCESSED_STATUSES = new Set([408, 425, 429, 503]);

/**
 * Errors of Node's fetch (undici, in `error.cause.code`) that mean the connection was
 * never made, so nothing was sent: refused, no such host, DNS failure, no route, the
 * connect timeout. Every other network failure (a reset, a cut connection, TLS) may
 * come after the request left.
 */
const NOT_SENT_ERRORS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const SUBMIT_OPTIONS = [
  'endpoint',
  'onProgress',
  'headers',
  'timeoutMs',
  'retries',
  'backoffMs',
  'rateLimit',
  'signal',
  'fetch',
  'worker',
  'read',
];

function isStringRecord(value) {
  return isPlainObject(value) && Object.values(value).every((entry) => typeof entry === 'string');
}

/**
 * The request as buildRequest made it, or a TypeError saying what was passed instead.
 * There is no way to tell a request built by buildRequest from a copy (the worker's
 * requests are copies), so this checks the shape and that the provider and endpoint exist.
 */
function checkRequest(request) {
  const fail = (why) => {
    throw new TypeError(`kyc-precheck: submit needs the request buildRequest made (built.request): ${why}`);
  };
  if (request === null || request === undefined) {
    fail(`got ${request}; when built.ok is false there is no request to send: show built.issues instead`);
  }
  if (typeof request !== 'object') {
    fail(`got ${describe(request)}`);
  }
  if ('ok' in request && 'issues' in request && 'request' in request) {
    fail('got the whole result of buildRequest; pass built.request, after checking built.ok');
  }
  if (typeof request.provider !== 'string' || typeof request.endpoint !== 'string') {
    fail('it has no provider and endpoint');
  }
  if (request.method !== 'POST') {
    fail(`its method is ${JSON.stringify(request.method)}, not "POST"`);
  }
  if (typeof request.path !== 'string' || !request.path.startsWith('/')) {
    fail('its path is not a string starting with "/"');
  }
  if (!isStringRecord(request.query) || !isStringRecord(request.headers)) {
    fail('its query and headers are not objects of strings');
  }
  if (typeof request.body !== 'string') {
    fail('its body is not a string');
  }
  if (typeof request.sandbox !== 'boolean') {
    fail('it has no sandbox flag');
  }
}

/**
 * The package's functions submit() reads with: the package's own, or a worker's (async),
 * so that a page that runs everything in the worker needs no module on the main thread.
 */
const PACKAGE = { rules, issueCodes, readResponse };

/** The provider and endpoint exist (rules() also fails if init() has not resolved). */
async function checkEndpoint(api, request) {
  let providers;
  try {
    providers = await api.rules();
  } catch (error) {
    throw new Error(
      `kyc-precheck: call await init() (or initSync) before submit, which reads the answer: ${error.message}`,
    );
  }
  const provider = providers.find((entry) => entry.id === request.provider);
  if (!provider || !provider.endpoints.some((endpoint) => endpoint.id === request.endpoint)) {
    throw new TypeError(
      `kyc-precheck: submit needs the request buildRequest made: no endpoint ${JSON.stringify(request.endpoint)} of provider ${JSON.stringify(request.provider)}`,
    );
  }
}

function checkNumber(name, value, { min, max, integer }) {
  if (
    typeof value !== 'number' ||
    Number.isNaN(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw new TypeError(
      `kyc-precheck: submit option ${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${String(value)}`,
    );
  }
  return value;
}

function readSubmitOptions(options) {
  if (!isPlainObject(options)) {
    throw new TypeError(`kyc-precheck: submit needs options with an endpoint, got ${describe(options)}`);
  }
  const unknown = Object.keys(options).filter((key) => !SUBMIT_OPTIONS.includes(key));
  if (unknown.length > 0) {
    throw new TypeError(
      `kyc-precheck: unknown submit option ${unknown.join(', ')}; known: ${SUBMIT_OPTIONS.join(', ')}`,
    );
  }
  const settings = { ...DEFAULTS };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) {
      settings[key] = value;
    }
  }
  if (typeof settings.endpoint !== 'string' && !(settings.endpoint instanceof URL)) {
    throw new TypeError('kyc-precheck: submit needs options.endpoint, the URL of your relay (a string or a URL)');
  }
  checkNumber('timeoutMs', settings.timeoutMs, { min: 1, max: MAX_TIMER_MS, integer: false });
  checkNumber('retries', settings.retries, { min: 0, max: 10, integer: true });
  checkNumber('backoffMs', settings.backoffMs, { min: 0, max: MAX_BACKOFF_MS, integer: false });
  const { rateLimit, signal } = settings;
  if (rateLimit !== undefined && rateLimit !== null) {
    if (!isPlainObject(rateLimit)) {
      throw new TypeError('kyc-precheck: submit option rateLimit must be { requests, perMs } or null');
    }
    checkNumber('rateLimit.requests', rateLimit.requests, { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true });
    checkNumber('rateLimit.perMs', rateLimit.perMs, { min: 1, max: MAX_TIMER_MS, integer: false });
  }
  if (
    signal !== undefined &&
    (signal === null || typeof signal.aborted !== 'boolean' || typeof signal.addEventListener !== 'function')
  ) {
    throw new TypeError('kyc-precheck: submit option signal must be an AbortSignal');
  }
  if (
    settings.worker !== undefined &&
    ['rules', 'issueCodes', 'readResponse'].some((name) => typeof settings.worker?.[name] !== 'function')
  ) {
    throw new TypeError('kyc-precheck: submit option worker must be what createWorker() returns');
  }
  if (settings.onProgress !== undefined && typeof settings.onProgress !== 'function') {
    throw new TypeError(`kyc-precheck: submit option onProgress must be a function, got ${describe(settings.onProgress)}`);
  }
  if (settings.read !== undefined && !isPlainObject(settings.read)) {
    throw new TypeError(`kyc-precheck: submit option read must be an object of readResponse options, got ${describe(settings.read)}`);
  }
  settings.fetchGiven = settings.fetch !== undefined;
  settings.fetch ??= globalThis.fetch;
  if (typeof settings.fetch !== 'function') {
    throw new TypeError('kyc-precheck: submit option fetch must be a function (and no global fetch exists)');
  }
  return settings;
}

/**
 * Where a request goes: the endpoint's path with any trailing slash removed, then
 * request.path; the endpoint's query kept, then each request.query parameter set (a
 * parameter of the same name in the endpoint is replaced). A relative endpoint is resolved
 * against the page's (or worker's) location.
 */
function requestUrl(endpoint, request) {
  const location = globalThis.location?.href;
  let base;
  try {
    base = new URL(endpoint, location);
  } catch {
    throw new TypeError(
      `kyc-precheck: submit option endpoint ${JSON.stringify(String(endpoint))} is not ${location ? 'a URL' : 'an absolute URL'}`,
    );
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new TypeError(`kyc-precheck: submit option endpoint must be an http: or https: URL, got ${base.protocol}`);
  }
  if (base.username !== '' || base.password !== '') {
    throw new TypeError('kyc-precheck: submit option endpoint must not carry a user name or password');
  }
  if (base.hash !== '') {
    throw new TypeError('kyc-precheck: submit option endpoint must not have a #fragment');
  }
  const url = new URL(base.href);
  url.pathname = base.pathname.replace(/\/+$/, '') + request.path;
  for (const [name, value] of Object.entries(request.query)) {
    url.searchParams.set(name, value);
  }
  return url;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Settles as `promise` does, or rejects with the signal's reason as soon as it aborts. */
function untilAborted(promise, signal) {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Send times per endpoint URL (origin and path), in performance.now() milliseconds,
 * ascending; a waiting submit() holds its future slot here, so that concurrent calls
 * queue instead of all going out when the window opens.
 */
const sendTimes = new Map();

/** Waits until one more send to `key` keeps within `limit`, then counts it. */
async function pace(key, limit, signal) {
  if (!limit) {
    return;
  }
  const now = performance.now();
  const times = (sendTimes.get(key) ?? []).filter((time) => time > now - limit.perMs);
  let at = now;
  if (times.length >= limit.requests) {
    at = Math.max(at, times[times.length - limit.requests] + limit.perMs);
  }
  if (times.length > 0) {
    at = Math.max(at, times[times.length - 1]);
  }
  times.push(at);
  sendTimes.set(key, times);
  if (at > now) {
    try {
      await sleep(at - now, signal);
    } catch (error) {
      // A cancelled wait gives its slot back.
      const current = sendTimes.get(key);
      const index = current?.indexOf(at) ?? -1;
      if (index !== -1) {
        current.splice(index, 1);
      }
      throw error;
    }
  }
}

/** The code table, read once, to write the issues of attempts the shell reads itself. */
let codeTable;

/**
 * The reading of an attempt whose answer the shell does not pass to readResponse: none
 * came (`request.timeout`, `request.network_error`: retryable, for the application to
 * decide), or the relay answered with a redirect (`response.redirected`) or with more
 * than MAX_ANSWER_BYTES (`response.too_large`), which no retry mends.
 */
function shellReading(code, params = {}) {
  return {
    outcome: 'failed',
    retryable: code.startsWith('request.') || code === 'submit.upload_incomplete',
    charged: null,
    providerCode: null,
    issues: [shellIssue(code, params)],
    retryAfterSeconds: null,
    data: null,
  };
}

/** An issue of `code` written by the shell, its message from the package's own texts. */
function shellIssue(code, params = {}) {
  const info = codeTable.find((entry) => entry.code === code);
  return {
    path: [],
    code: info.code,
    severity: info.severity,
    params,
    message: { en: fillTemplate(info.en, params, 'en'), id: fillTemplate(info.id, params, 'id') },
  };
}

/**
 * The template with its `{name}` parameters filled in, byte counts written as the core
 * writes them (see fileSizes): the shell's own issues read like the package's.
 */
function fillTemplate(template, params, language) {
  const sizes = fileSizes(
    Object.entries(params).filter(([name, value]) => name.endsWith('ytes') && Number.isInteger(value)),
    language,
  );
  return template.replace(/\{(\w+)\}/g, (whole, name) => sizes.get(name) ?? (name in params ? String(params[name]) : whole));
}

/**
 * Byte counts as people read them, the way src/issue.rs writes them: all in MB when one
 * reaches 1,000,000 bytes, else in KB, with the fewest decimals (at least one for MB) at
 * which different counts read differently.
 */
function fileSizes(entries, language) {
  const largest = Math.max(0, ...entries.map(([, value]) => value));
  const [unit, divisor, first, last] = largest >= 1_000_000 ? ['MB', 1_000_000, 1, 6] : ['KB', 1_000, 0, 3];
  let written;
  for (let decimals = first; decimals <= last; decimals += 1) {
    written = new Map(entries.map(([name, value]) => [name, `${(value / divisor).toFixed(decimals)} ${unit}`]));
    const distinctValues = new Set(entries.map(([, value]) => value)).size;
    if (new Set(written.values()).size === distinctValues) {
      break;
    }
  }
  if (language === 'id') {
    for (const [name, text] of written) {
      written.set(name, text.replace('.', ','));
    }
  }
  return written;
}

/** Whether a failed fetch shows that the connection was never made (see NOT_SENT_ERRORS). */
function neverSent(error) {
  const cause = error?.cause;
  // Several addresses tried (IPv6, then IPv4): an AggregateError of one error each.
  const causes = Array.isArray(cause?.errors) && cause.errors.length > 0 ? cause.errors : [cause];
  if (causes.every((each) => NOT_SENT_ERRORS.has(each?.code))) {
    return true;
  }
  // Browsers give no reason for a failed fetch; one that knows it is offline sent nothing.
  return globalThis.navigator?.onLine === false;
}

/** A redirect, which is never followed, or the answer of one an injected fetch followed. */
function isRedirect(response) {
  return (
    response.type === 'opaqueredirect' ||
    response.redirected === true ||
    (response.status >= 300 && response.status <= 399)
  );
}

/** Lets go of an answer's body unread, so that the connection is closed or reused. */
function discard(response) {
  try {
    response.body?.cancel?.().catch(() => {});
  } catch {
    // A body already locked or read: nothing to let go of.
  }
}

/**
 * The answer's body as text, or `null` when it is longer than MAX_ANSWER_BYTES: a
 * declared Content-Length over it is not read at all, and a body without one is read as
 * a stream and cut off where it passes it.
 */
async function readBody(response, signal) {
  const declared = Number(response.headers?.get?.('content-length') ?? Number.NaN);
  if (declared > MAX_ANSWER_BYTES) {
    discard(response);
    return null;
  }
  const body = response.body;
  if (typeof body?.getReader !== 'function') {
    // An injected fetch's answer without a stream: read whole, then measured.
    const text = await untilAborted(Promise.resolve(response.text()), signal);
    return new TextEncoder().encode(text).byteLength > MAX_ANSWER_BYTES ? null : text;
  }
  const reader = body.getReader();
  const chunks = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await untilAborted(reader.read(), signal);
      if (done) {
        break;
      }
      length += value.byteLength;
      if (length > MAX_ANSWER_BYTES) {
        reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  // As Response.text() decodes: UTF-8, a byte-order mark dropped, bad bytes replaced.
  return new TextDecoder().decode(bytes);
}

/**
 * One HTTP attempt. Resolves to `{ status, bodyText, headers }` when the relay answered;
 * `{ status, refused }` when the answer is a redirect or too long to read (`refused` is
 * the issue code); `{ transportError, sent }` when no answer came within the timeout or
 * the network failed (`sent: false` only when the connection was certainly never made).
 * Rejects with the caller's abort reason, or with a programmer's mistake.
 */
async function attempt(url, init, settings) {
  if (settings.transport === 'xhr') {
    return attemptWithXhr(url, init, settings);
  }
  const { signal } = settings;
  // fetch shows nothing of the upload, so its time is allowed for at the slowest rate a
  // link is taken to keep (MIN_UPLOAD_BYTES_PER_SECOND), on top of the answer's.
  const timeoutMs = Math.min(MAX_TIMER_MS, settings.timeoutMs + uploadAllowanceMs(settings.bodyBytes));
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const onAbort = () => controller.abort(signal.reason);
  if (signal) {
    signal.addEventListener('abort', onAbort, { once: true });
  }
  const failure = (error, sent) => {
    if (signal?.aborted) {
      throw signal.reason;
    }
    if (timedOut) {
      return { transportError: 'timeout', sent: true };
    }
    // fetch() rejects with a TypeError for every network failure (offline, DNS, refused,
    // reset, TLS); anything else is a bug in an injected fetch and is not hidden.
    if (error instanceof TypeError) {
      return { transportError: 'network', sent: sent || !neverSent(error) };
    }
    throw error;
  };
  try {
    let response;
    try {
      // Called unbound: a browser's fetch throws "Illegal invocation" when called as a
      // method of anything but the global object. untilAborted: an injected fetch that
      // ignores the signal still cannot outlive the timeout.
      const send = settings.fetch;
      const sent = (async () => send(url, { ...init, signal: controller.signal }))();
      response = await untilAborted(sent, controller.signal);
    } catch (error) {
      return failure(error, false);
    }
    if (
      response === null ||
      typeof response !== 'object' ||
      typeof response.status !== 'number' ||
      typeof response.text !== 'function'
    ) {
      throw new TypeError('kyc-precheck: submit option fetch resolved to something that is not a Response');
    }
    const status = Number.isInteger(response.status) && response.status >= 100 && response.status <= 599
      ? response.status
      : null;
    if (isRedirect(response)) {
      // Its body and Location are the relay's; the request's data goes nowhere else.
      discard(response);
      return { status, refused: 'response.redirected' };
    }
    if (status === null) {
      // An opaque response (status 0) carries nothing to read.
      discard(response);
      return { transportError: 'network', sent: true };
    }
    let bodyText;
    try {
      bodyText = await readBody(response, controller.signal);
    } catch (error) {
      return failure(error, true);
    }
    if (bodyText === null) {
      return { status, refused: 'response.too_large' };
    }
    return { status, bodyText, headers: response.headers };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The slowest upload a link is taken to keep where the upload cannot be watched (fetch):
 * 16,000 bytes a second (128 kbit/s, below Chromium's "Slow 3G" preset's 50 KB/s). A
 * 4.86 MB body is then allowed 304 s on top of timeoutMs.
 */
const MIN_UPLOAD_BYTES_PER_SECOND = 16_000;

/** The time allowed for uploading `bytes` where the upload cannot be watched. */
function uploadAllowanceMs(bytes) {
  return Math.ceil((bytes / MIN_UPLOAD_BYTES_PER_SECOND) * 1000);
}

/** Calls the integrator's onProgress; one that throws is reported and not called again. */
function progressReporter(settings) {
  let onProgress = settings.onProgress;
  return (event) => {
    if (onProgress === undefined) {
      return;
    }
    try {
      onProgress(event);
    } catch (error) {
      onProgress = undefined;
      // The request is on its way (and may be billed): its answer still comes back.
      globalThis.reportError?.(error);
    }
  };
}

/** An XMLHttpRequest's answer headers as a Headers object, for readResponse. */
function xhrHeaders(xhr) {
  const headers = new Headers();
  for (const line of xhr.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      try {
        headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
      } catch {
        // A header Headers refuses is not one readResponse reads.
      }
    }
  }
  return headers;
}

/**
 * One HTTP attempt with XMLHttpRequest, the one browser API that reports an upload's
 * progress over HTTP/1.1 (a fetch with a streamed body needs HTTP/2). It resolves as
 * attempt() does, and to `{ transportError: 'upload', sentBytes, totalBytes }` when the
 * upload did not finish: no upload progress for timeoutMs, or the connection lost
 * during it. Once the upload is done the answer has timeoutMs to come.
 *
 * It cannot refuse a redirect as fetch's `redirect: "manual"` does: the browser follows
 * one (to the same origin, or a server that allows the page by CORS). The answer of a
 * redirected request is not read (`response.redirected`).
 */
function attemptWithXhr(url, init, settings) {
  const { signal, timeoutMs, bodyBytes: totalBytes } = settings;
  const report = settings.report;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    let sentBytes = 0;
    let uploaded = false;
    let settled = false;
    let timer;
    const settle = (outcome, error) => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error === undefined) {
        resolve(outcome);
      } else {
        reject(error);
      }
    };
    const stop = (outcome) => {
      settle(outcome);
      xhr.abort();
    };
    // A stall, not a slow link, fails the upload: each progress event restarts the wait.
    const waitFor = (outcome) => {
      clearTimeout(timer);
      timer = setTimeout(() => stop(outcome()), timeoutMs);
    };
    const uploadStalled = () => ({ transportError: 'upload', sent: false, sentBytes, totalBytes });
    const onAbort = () => {
      settle(undefined, signal.reason);
      xhr.abort();
    };
    xhr.upload.addEventListener('progress', (event) => {
      sentBytes = event.loaded;
      report({ stage: 'upload', sentBytes, totalBytes });
      waitFor(uploadStalled);
    });
    xhr.upload.addEventListener('load', () => {
      uploaded = true;
      sentBytes = totalBytes;
      report({ stage: 'answer', sentBytes, totalBytes });
      waitFor(() => ({ transportError: 'timeout', sent: true }));
    });
    xhr.addEventListener('readystatechange', () => {
      if (xhr.readyState !== XMLHttpRequest.HEADERS_RECEIVED) {
        return;
      }
      const status = xhr.status >= 100 && xhr.status <= 599 ? xhr.status : null;
      if (xhr.responseURL !== '' && new URL(xhr.responseURL).href !== url.href) {
        stop({ status, refused: 'response.redirected' });
      } else if (Number(xhr.getResponseHeader('content-length') ?? Number.NaN) > MAX_ANSWER_BYTES) {
        stop({ status, refused: 'response.too_large' });
      }
    });
    xhr.addEventListener('progress', (event) => {
      if (event.loaded > MAX_ANSWER_BYTES) {
        stop({ status: xhr.status, refused: 'response.too_large' });
      }
    });
    xhr.addEventListener('load', () => {
      const status = xhr.status >= 100 && xhr.status <= 599 ? xhr.status : null;
      if (status === null) {
        settle({ transportError: 'network', sent: true });
      } else if (new TextEncoder().encode(xhr.responseText).byteLength > MAX_ANSWER_BYTES) {
        settle({ status, refused: 'response.too_large' });
      } else {
        settle({ status, bodyText: xhr.responseText, headers: xhrHeaders(xhr) });
      }
    });
    xhr.addEventListener('error', () => {
      if (uploaded) {
        settle({ transportError: 'network', sent: true });
      } else if (sentBytes > 0) {
        settle(uploadStalled());
      } else {
        settle({ transportError: 'network', sent: globalThis.navigator?.onLine !== false });
      }
    });
    if (signal) {
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
    }
    xhr.open('POST', url.href);
    init.headers.forEach((value, name) => xhr.setRequestHeader(name, value));
    report({ stage: 'upload', sentBytes: 0, totalBytes });
    waitFor(uploadStalled);
    xhr.send(init.body);
  });
}

/** The wait before attempt number `next` (2 for the first retry): exponential, with jitter. */
function backoff(next, backoffMs) {
  const ceiling = Math.min(MAX_BACKOFF_MS, backoffMs * 2 ** (next - 2));
  // Half fixed, half random: concurrent clients spread out, and none retries at once.
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * What became of each built request submit() was given, by the request object: its
 * idempotency key, the send in flight, and the result once it was delivered. A new
 * buildRequest() makes a new object, so a new key; a WeakMap lets the old one go.
 */
const sends = new WeakMap();

/** A random UUID (v4), from getRandomValues, which insecure contexts have too. */
function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The first call's result, for a call that sent nothing: attempts 0, `repeated: true`. */
function repeatedResult(first, delivered) {
  const { delivered: _, ...result } = first;
  return {
    ...result,
    issues: delivered ? [...first.issues, shellIssue('submit.already_sent')] : first.issues,
    attempts: 0,
    repeated: true,
  };
}

/**
 * Sends `request` (from buildRequest) to the integrator's relay and reads the answer;
 * shell.d.ts documents the options and every choice (URL, retries, timeouts, pacing,
 * the idempotency key, uploads).
 */
export async function submit(request, options) {
  const settings = readSubmitOptions(options);
  checkRequest(request);
  const url = requestUrl(settings.endpoint, request);
  const headers = new Headers(request.headers);
  if (settings.headers !== undefined) {
    new Headers(settings.headers).forEach((value, name) => headers.set(name, value));
  }
  const api = settings.worker ?? PACKAGE;
  await checkEndpoint(api, request);
  codeTable ??= await api.issueCodes();
  const { signal } = settings;
  if (signal?.aborted) {
    throw signal.reason;
  }
  const state = sends.get(request) ?? { key: headers.get('idempotency-key') ?? randomKey() };
  sends.set(request, state);
  if (state.inFlight) {
    // A second tap while the first send is under way: it waits for that one's answer.
    const first = await untilSettled(state.inFlight, signal);
    if (first !== null) {
      return repeatedResult(first, state.delivered !== undefined);
    }
  }
  if (state.delivered) {
    return repeatedResult(state.delivered, true);
  }
  headers.set('idempotency-key', state.key);
  state.inFlight = send(request, settings, { api, url, headers, idempotencyKey: state.key });
  try {
    const result = await state.inFlight;
    const { delivered, ...shown } = result;
    if (delivered) {
      state.delivered = shown;
    }
    return shown;
  } finally {
    state.inFlight = undefined;
  }
}

/** The result `promise` resolves to, or `null` if it rejects; rejects if `signal` aborts. */
function untilSettled(promise, signal) {
  const settled = promise.then(
    (value) => value,
    () => null,
  );
  return signal ? untilAborted(settled, signal) : settled;
}

/** submit() past its checks: the attempts, retries and waits of one send. */
async function send(request, settings, { api, url, headers, idempotencyKey }) {
  const { signal } = settings;
  const rateLimit = settings.rateLimit === undefined ? RATE_LIMITS[request.provider] : settings.rateLimit;
  const paceKey = `${url.origin}${url.pathname}`;
  // redirect "manual": a redirect is never followed, so the request's data (and the
  // integrator's headers) never reach another URL. Unlike "error", it shows as one in
  // browsers too (an "opaqueredirect" answer), not as a network failure.
  const init = { method: 'POST', headers, body: request.body, redirect: 'manual' };
  // XMLHttpRequest only when the caller asks for upload progress (onProgress), in a browser,
  // with no fetch injected: it is the one API that reports it, but it follows redirects,
  // so by default fetch keeps the guarantee that the data reaches no other URL.
  settings.transport =
    settings.fetchGiven || settings.onProgress === undefined || typeof XMLHttpRequest !== 'function' ? 'fetch' : 'xhr';
  settings.bodyBytes = new TextEncoder().encode(request.body).byteLength;
  settings.report = progressReporter(settings);
  const read = (answer) =>
    api.readResponse(request.provider, request.endpoint, answer.status, answer.bodyText, answer.headers, request, settings.read);
  if (settings.read !== undefined) {
    // The package checks the read options itself: a mistake throws now, before anything
    // is sent (and billed), not once the answer is in.
    await read({ status: 503, bodyText: '' });
  }

  for (let attempts = 1; ; attempts += 1) {
    await pace(paceKey, rateLimit, signal);
    const answer = await attempt(url, init, settings);
    let reading;
    if (answer.transportError === 'upload') {
      reading = shellReading('submit.upload_incomplete', { sentBytes: answer.sentBytes, totalBytes: answer.totalBytes });
    } else if (answer.transportError) {
      reading = shellReading(answer.transportError === 'timeout' ? 'request.timeout' : 'request.network_error');
    } else if (answer.refused) {
      reading = shellReading(
        answer.refused,
        answer.refused === 'response.too_large' ? { maxBytes: MAX_ANSWER_BYTES } : {},
      );
    } else {
      reading = await read(answer);
    }
    const result = {
      ...reading,
      status: answer.status ?? null,
      attempts,
      transportError: answer.transportError ?? null,
      idempotencyKey,
      repeated: false,
    };
    // Sent again only what certainly was not processed, so cannot be billed twice: a
    // failure before the connection was made, or an answer that is retryable and either
    // documented as not charged or refused by its HTTP status (see shell.d.ts). A timeout,
    // a connection cut after sending, a 500, 502 or 504 may have been processed.
    const notProcessed = answer.transportError
      ? answer.sent === false
      : !answer.refused &&
        reading.retryable &&
        reading.charged !== true &&
        (reading.charged === false ||
          NOT_PROCESSED_STATUSES.has(answer.status) ||
          reading.issues.some((issue) => issue.code === 'response.rate_limited'));
    // Delivered: the relay answered, and not to say it left the request undone. A
    // timeout or a connection cut after sending leaves it unknown: sent again under the
    // same Idempotency-Key, which a relay can deduplicate on.
    result.delivered = answer.status !== undefined && !notProcessed;
    if (attempts > settings.retries || !notProcessed) {
      return result;
    }
    const retryAfter = reading.retryAfterSeconds;
    if (retryAfter !== null && retryAfter > MAX_RETRY_AFTER_SECONDS) {
      return result;
    }
    const waitMs = Math.max(backoff(attempts + 1, settings.backoffMs), (retryAfter ?? 0) * 1000);
    // So that a form can say "busy; trying again in 30 s" instead of still waiting for an
    // answer that came.
    settings.report({ stage: 'retry', sentBytes: 0, totalBytes: settings.bodyBytes, retryInMs: waitMs, attempt: attempts + 1 });
    await sleep(waitMs, signal);
  }
}
