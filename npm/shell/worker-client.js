// createWorker() of kyc-precheck's shell: the package's API, every function async,
// answered by a module worker (worker.js in the package's folder) so that photo checks and
// request building never block the main thread. shell.d.ts documents it. Nothing here
// logs: the arguments carry personal data.

import { describe, isPlainObject } from './arguments.js';

/**
 * The package's functions the client offers, each sent to the worker by name. Written out
 * rather than read from index.js, which this thread need not load (the worker answers every
 * export of it); tests/js/shell.test.mjs holds the list to index.js and to shell.d.ts.
 */
const WORKER_FUNCTIONS = [
  'init',
  'initSync',
  'checkNik',
  'checkPhone',
  'checkEmail',
  'checkName',
  'checkDate',
  'checkImage',
  'fitImage',
  'issueCodes',
  'buildRequest',
  'readResponse',
  'readCallback',
  'rules',
];

/** Marks this package's messages, so a worker shared with other code ignores the rest. */
const MESSAGE_TAG = 'kyc-precheck';

/** The message of a thrown value, which may itself be hostile (a getter that throws). */
function messageOf(error) {
  try {
    return typeof error === 'string' ? error : String(error?.message ?? error);
  } catch {
    return 'an exception that cannot be shown';
  }
}

/** The ArrayBuffers behind the photos among a call's arguments, for the transfer list. */
function imageBuffers(name, args) {
  let images = [];
  if (name === 'checkImage' || name === 'fitImage') {
    images = [args[0]];
  } else if (name === 'buildRequest' && args[2] !== null && typeof args[2] === 'object') {
    images = [args[2].selfie, args[2].idCard, args[2].photo];
  }
  const buffers = new Set();
  for (const image of images) {
    if (image instanceof ArrayBuffer) {
      buffers.add(image);
    } else if (
      ArrayBuffer.isView(image) &&
      image.buffer instanceof ArrayBuffer &&
      image.byteOffset === 0 &&
      image.byteLength === image.buffer.byteLength
    ) {
      // Only a view of its whole buffer: transferring would also detach the buffer's other
      // bytes, which may belong to something else. A partial view is copied.
      buffers.add(image.buffer);
    }
  }
  return [...buffers];
}

/** The base against which a relative URL is resolved on the main thread. */
function baseUrl() {
  return globalThis.document?.baseURI ?? globalThis.location?.href;
}

/** init's argument in a form that can cross to the worker with the same meaning. */
async function initInput(input) {
  if (input === undefined || input === null) {
    return [undefined, []];
  }
  if (typeof input === 'string' || input instanceof URL) {
    // Resolved here: in the worker a relative URL would be relative to worker.js.
    return [new URL(input, baseUrl()).href, []];
  }
  const isRequest = typeof Request !== 'undefined' && input instanceof Request;
  const isResponse = typeof Response !== 'undefined' && input instanceof Response;
  if (isRequest || isResponse || typeof input?.then === 'function') {
    const response = await (isRequest ? fetch(input) : input);
    if (!response.ok) {
      throw new Error(`kyc-precheck: init could not fetch the module: HTTP ${response.status}`);
    }
    const bytes = await response.arrayBuffer();
    return [bytes, [bytes]];
  }
  return [input, []];
}

/** The Retry-After header only: a Headers object cannot cross to a worker. */
function headersForWorker(headers) {
  if (headers === undefined || headers === null || typeof headers.get !== 'function') {
    return headers;
  }
  const retryAfter = headers.get('retry-after');
  return retryAfter === null ? undefined : { 'retry-after': retryAfter };
}

/** Of the request that was sent, only what a reading needs: `{ fields }`, not the body. */
function sentForWorker(sent) {
  return sent === undefined || sent === null || typeof sent !== 'object' ? sent : { fields: sent.fields };
}

/**
 * The package's API, every function async, answered by a module worker; shell.d.ts
 * documents it. With no argument it starts worker.js from the package's folder (the one
 * above this file), written as
 * `new Worker(new URL('../worker.js', import.meta.url), { type: 'module' })` so that
 * bundlers (Vite, webpack) see the worker and emit it.
 */
export function createWorker(worker, options = {}) {
  if (!isPlainObject(options)) {
    throw new TypeError(`kyc-precheck: createWorker options must be an object, got ${describe(options)}`);
  }
  const unknown = Object.keys(options).filter((key) => key !== 'transfer');
  if (unknown.length > 0) {
    throw new TypeError(`kyc-precheck: unknown createWorker option ${unknown.join(', ')}; known: transfer`);
  }
  if (options.transfer !== undefined && typeof options.transfer !== 'boolean') {
    throw new TypeError('kyc-precheck: createWorker option transfer must be a boolean');
  }
  const transfer = options.transfer === true;
  let thread;
  if ((worker === undefined || typeof worker === 'string' || worker instanceof URL) && typeof Worker === 'undefined') {
    throw new TypeError(
      'kyc-precheck: createWorker needs Web Workers (a browser); elsewhere, call the package directly',
    );
  }
  if (worker === undefined) {
    thread = new Worker(new URL('../worker.js', import.meta.url), { type: 'module' });
  } else if (typeof worker === 'string' || worker instanceof URL) {
    thread = new Worker(new URL(worker, baseUrl()), { type: 'module' });
  } else if (worker !== null && typeof worker === 'object' && typeof worker.postMessage === 'function') {
    thread = worker;
  } else {
    throw new TypeError(`kyc-precheck: createWorker takes the worker's URL or a Worker, got ${describe(worker)}`);
  }

  const pending = new Map();
  let nextId = 1;
  let broken = null;

  const rejectAll = (error) => {
    for (const { reject } of pending.values()) {
      reject(error);
    }
    pending.clear();
  };
  const onMessage = (event) => {
    const message = event.data;
    if (message === null || typeof message !== 'object' || message.tag !== MESSAGE_TAG) {
      return;
    }
    const call = pending.get(message.id);
    if (!call) {
      return;
    }
    if (message.progress !== undefined) {
      call.progress?.(message.progress);
      return;
    }
    pending.delete(message.id);
    if (call.failure) {
      call.reject(call.failure);
    } else if (message.ok) {
      call.resolve(message.value);
    } else {
      const ErrorType = message.error.name === 'TypeError' ? TypeError : Error;
      call.reject(new ErrorType(message.error.message));
    }
  };
  const onError = (event) => {
    // A worker that failed to load (404, a CSP refusal, a syntax error) answers nothing:
    // every pending and later call fails instead of waiting forever.
    event.preventDefault?.();
    const why = event.message ? `: ${event.message}` : ' (could it be loaded from its URL?)';
    broken = new Error(`kyc-precheck: the worker failed${why}`);
    rejectAll(broken);
  };
  const onMessageError = () => {
    rejectAll(new Error('kyc-precheck: a message from the worker could not be read'));
  };
  thread.addEventListener('message', onMessage);
  thread.addEventListener('error', onError);
  thread.addEventListener('messageerror', onMessageError);

  const call = (name, args, transferList = [], onProgress = undefined) =>
    new Promise((resolve, reject) => {
      if (broken) {
        reject(broken);
        return;
      }
      const id = nextId++;
      const entry = { resolve, reject };
      if (onProgress !== undefined) {
        // As the package does: a callback that throws is not called again, and the call
        // rejects with its message once the worker has answered.
        entry.progress = (event) => {
          try {
            onProgress({ stage: event.stage });
          } catch (error) {
            entry.failure = new Error(`fitImage: options.onProgress threw (${messageOf(error)})`, { cause: error });
            entry.progress = undefined;
          }
        };
      }
      pending.set(id, entry);
      try {
        const progress = onProgress !== undefined;
        thread.postMessage({ tag: MESSAGE_TAG, id, name, args, ...(progress && { progress }) }, transferList);
      } catch (error) {
        // A DataCloneError: an argument that cannot cross (a function, a DOM node).
        pending.delete(id);
        reject(error);
      }
    });

  const client = {};
  for (const name of WORKER_FUNCTIONS) {
    client[name] = (...args) => call(name, args, transfer ? imageBuffers(name, args) : []);
  }
  client.init = async (input) => {
    const [value, transferList] = await initInput(input);
    return call('init', value === undefined ? [] : [value], transferList);
  };
  client.initSync = (bytesOrModule) => call('initSync', [bytesOrModule]);
  // Async: reading options on this thread may throw, which must reject, not throw. A
  // function cannot cross to the worker: onProgress stays here, fed by the worker's
  // progress messages. Any other options cross as they are, for the package to judge.
  client.fitImage = async (bytes, rule, options) => {
    const transferList = transfer ? imageBuffers('fitImage', [bytes]) : [];
    let onProgress;
    let rest;
    try {
      if (options !== null && typeof options === 'object' && typeof options.onProgress === 'function') {
        ({ onProgress, ...rest } = options);
      }
    } catch (error) {
      throw new Error(`fitImage: options could not be read (${messageOf(error)})`, { cause: error });
    }
    return onProgress === undefined
      ? call('fitImage', [bytes, rule, options], transferList)
      : call('fitImage', [bytes, rule, rest], transferList, onProgress);
  };
  // Async: reading `sent.fields` on this thread may throw, which must reject, not throw.
  client.readResponse = async (provider, endpoint, httpStatus, bodyText, headers, sent, options) =>
    call('readResponse', [provider, endpoint, httpStatus, bodyText, headersForWorker(headers), sentForWorker(sent), options]);
  client.terminate = () => {
    thread.terminate();
    thread.removeEventListener('message', onMessage);
    thread.removeEventListener('error', onError);
    thread.removeEventListener('messageerror', onMessageError);
    broken = new Error('kyc-precheck: the worker was terminated');
    rejectAll(broken);
  };
  return Object.freeze(client);
}
