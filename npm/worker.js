// The module worker of kyc-precheck (`kyc-precheck/worker.js`): runs the package off the
// main thread for the client that createWorker() (shell/worker-client.js) returns. Each
// message names one of the package's functions and its arguments; the answer is the
// function's result, or the error it threw, as { name, message }. A fitImage call asked for progress gets
// { progress: { stage } } messages before its answer, and the fitted bytes are
// transferred to the client, not copied (the worker keeps no use for them).
//
// It loads the WebAssembly module only when the client calls init(), from beside the
// package's index.js as the main thread would, so it needs nothing beyond the page's
// `script-src 'self' 'wasm-unsafe-eval'`: no blob: URL, no eval, no CDN.
//
// Its import is relative to the package (index.js beside it). It logs nothing: the
// arguments carry personal data.

import * as kyc from './index.js';

/** Marks the messages of kyc-precheck's client; anything else is ignored. */
const MESSAGE_TAG = 'kyc-precheck';

/** Every function of the package by its name, `init` for its default export. */
const FUNCTIONS = new Map(Object.entries(kyc).map(([name, run]) => [name === 'default' ? 'init' : name, run]));

self.addEventListener('message', async (event) => {
  const message = event.data;
  if (message === null || typeof message !== 'object' || message.tag !== MESSAGE_TAG) {
    return;
  }
  const { id, name, args, progress } = message;
  try {
    const run = FUNCTIONS.get(name);
    if (run === undefined || !Array.isArray(args)) {
      throw new TypeError(`kyc-precheck worker: no function ${JSON.stringify(name)}`);
    }
    if (name === 'fitImage' && progress === true) {
      // The client kept its onProgress (a function cannot cross); this one reports to it.
      const onProgress = ({ stage }) => self.postMessage({ tag: MESSAGE_TAG, id, progress: { stage } });
      args[2] = { ...args[2], onProgress };
    }
    const value = await run(...args);
    // A fit's bytes are a Uint8Array over a buffer of their own.
    const transfer = name === 'fitImage' && value.bytes instanceof Uint8Array ? [value.bytes.buffer] : [];
    self.postMessage({ tag: MESSAGE_TAG, id, ok: true, value }, transfer);
  } catch (error) {
    const name = error instanceof TypeError ? 'TypeError' : 'Error';
    self.postMessage({ tag: MESSAGE_TAG, id, ok: false, error: { name, message: String(error?.message ?? error) } });
  }
});
