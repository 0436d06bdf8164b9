// The Node entry of kyc-precheck (the "node" condition of the package's exports map).
//
// The same API as index.js, which it wraps, so both entries share one module instance, one
// "ready" state and index.js's restart of an instance that trapped. Only `init` differs:
// it reads the module from disk (see from-disk.js).

import initWeb from './index.js';
import { fromDisk } from './from-disk.js';

// Every named export of index.js, whatever it adds; `export *` leaves out its default, which
// this entry replaces.
export * from './index.js';

/**
 * Loads and instantiates the WebAssembly module. With no argument, reads
 * `kyc_precheck_bg.wasm` from beside this file; a `file:` URL is read from disk too.
 * Anything else is handled as by the browser entry.
 *
 * @param {string | URL | Request | Response | Promise<Response> | BufferSource | WebAssembly.Module} [input]
 * @returns {Promise<void>}
 */
export default fromDisk(initWeb, new URL('./kyc_precheck_bg.wasm', import.meta.url));
