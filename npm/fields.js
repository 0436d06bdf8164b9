// The field-check entry of kyc-precheck (`kyc-precheck/fields`): checkNik, checkPhone,
// checkEmail, checkName, checkDate and issueCodes over a module of their own,
// `kyc_precheck_fields_bg.wasm`, a fraction of the whole module's bytes. A form imports it
// to answer its fields while the whole package (photos, fit, providers) still downloads,
// in a worker or on first use; the two are separate instances, so each needs its init().
// The checks and their results are the same as index.js's, from the same Rust core.

import * as glue from './kyc_precheck_fields.js';
import { fieldChecks } from './field-checks.js';

const fields = fieldChecks(glue, 'kyc_precheck_fields_bg.wasm');

/**
 * Loads and instantiates the field checks' module. Resolves once the checks can be called;
 * calling it again after that does nothing.
 *
 * @param {string | URL | Request | Response | Promise<Response> | BufferSource | WebAssembly.Module} [input]
 *   Where the module comes from: by default `kyc_precheck_fields_bg.wasm` next to this
 *   file, as a `new URL(..., import.meta.url)` that bundlers see; otherwise as index.js's
 *   init takes it.
 * @returns {Promise<void>}
 */
export default function init(input) {
  return fields.init(input ?? new URL('./kyc_precheck_fields_bg.wasm', import.meta.url));
}

export const { initSync, checkNik, checkPhone, checkEmail, checkName, checkDate, issueCodes } = fields;
