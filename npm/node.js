// The Node entry of kyc-precheck (the "node" condition of the package's exports map).
//
// The same API as index.js, which it wraps, so both entries share one module instance, one
// "ready" state and index.js's restart of an instance that trapped. Only `init` differs: Node 20's fetch() refuses file: URLs, so the
// module next to this file is read with node:fs instead of fetched.

import { readFile } from 'node:fs/promises';
import initWeb from './index.js';

// Every named export of index.js, whatever it adds; `export *` leaves out its default, which
// this entry replaces.
export * from './index.js';

const wasmUrl = new URL('./kyc_precheck_bg.wasm', import.meta.url);
let defaultLoad;

/**
 * Loads and instantiates the WebAssembly module. With no argument, reads
 * `kyc_precheck_bg.wasm` from beside this file; a `file:` URL is read from disk too.
 * Anything else is handled as by the browser entry.
 *
 * @param {string | URL | Request | Response | Promise<Response> | BufferSource | WebAssembly.Module} [input]
 * @returns {Promise<void>}
 */
export default async function init(input) {
  if (input === undefined || input === null) {
    // Remembered so that calling init() on every request reads the file only once; a
    // failed load is forgotten so that the next call tries again.
    if (defaultLoad === undefined) {
      defaultLoad = readFile(wasmUrl).then(initWeb);
      defaultLoad.catch(() => {
        defaultLoad = undefined;
      });
    }
    return defaultLoad;
  }
  if (input instanceof URL && input.protocol === 'file:') {
    return initWeb(await readFile(input));
  }
  return initWeb(input);
}
