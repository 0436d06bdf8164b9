// The module worker of kyc-precheck (`kyc-precheck/worker.js`): runs the package off the
// main thread for the client that createWorker() in shell.js returns. Each message names
// one of the package's functions and its arguments; the answer is the function's result,
// or the error it threw, as { name, message }.
//
// It loads the WebAssembly module only when the client calls init(), from beside the
// package's index.js as the main thread would, so it needs nothing beyond the page's
// `script-src 'self' 'wasm-unsafe-eval'`: no blob: URL, no eval, no CDN.
//
// This file lives in www/ of the repository and is copied into the package by
// scripts/assemble-pkg.mjs; its import is relative to the package. It logs nothing: the
// arguments carry personal data.

import init, {
  buildRequest,
  checkDate,
  checkEmail,
  checkImage,
  checkName,
  checkNik,
  checkPhone,
  initSync,
  issueCodes,
  readCallback,
  readResponse,
  rules,
} from './index.js';

/** Marks the messages of kyc-precheck's client; anything else is ignored. */
const MESSAGE_TAG = 'kyc-precheck';

const FUNCTIONS = new Map(
  Object.entries({
    init,
    initSync,
    checkNik,
    checkPhone,
    checkEmail,
    checkName,
    checkDate,
    checkImage,
    issueCodes,
    buildRequest,
    readResponse,
    readCallback,
    rules,
  }),
);

self.addEventListener('message', async (event) => {
  const message = event.data;
  if (message === null || typeof message !== 'object' || message.tag !== MESSAGE_TAG) {
    return;
  }
  const { id, name, args } = message;
  try {
    const run = FUNCTIONS.get(name);
    if (run === undefined || !Array.isArray(args)) {
      throw new TypeError(`kyc-precheck worker: no function ${JSON.stringify(name)}`);
    }
    const value = await run(...args);
    self.postMessage({ tag: MESSAGE_TAG, id, ok: true, value });
  } catch (error) {
    const name = error instanceof TypeError ? 'TypeError' : 'Error';
    self.postMessage({ tag: MESSAGE_TAG, id, ok: false, error: { name, message: String(error?.message ?? error) } });
  }
});
