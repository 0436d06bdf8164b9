// The Node entry of `kyc-precheck/fields`: fields.js, with an init that reads
// `kyc_precheck_fields_bg.wasm` from disk (see from-disk.js).

import initWeb from './fields.js';
import { fromDisk } from './from-disk.js';

export * from './fields.js';

/**
 * Loads and instantiates the field checks' module. With no argument, reads
 * `kyc_precheck_fields_bg.wasm` from beside this file; a `file:` URL is read from disk too.
 *
 * @param {string | URL | Request | Response | Promise<Response> | BufferSource | WebAssembly.Module} [input]
 * @returns {Promise<void>}
 */
export default fromDisk(initWeb, new URL('./kyc_precheck_fields_bg.wasm', import.meta.url));
