// Types of `kyc-precheck/fields`: the field checks over a module of their own (see
// fields.js), with the same arguments and results as the package's main entry.

import type { InitInput } from './index.js';

export type {
  InitInput,
  Severity,
  Gender,
  IsoDate,
  IssueCode,
  IssueParams,
  IssueMessage,
  Issue,
  NikIssueCode,
  PhoneIssueCode,
  EmailIssueCode,
  NameIssueCode,
  DateIssueCode,
  NikOptions,
  NikDetails,
  NikCheck,
  PhoneOptions,
  PhoneDetails,
  PhoneCheck,
  EmailCheck,
  NameOptions,
  NameCheck,
  DateFormat,
  DateOptions,
  DateDetails,
  DateCheck,
  IssueCodeInfo,
} from './index.js';
export { initSync, checkNik, checkPhone, checkEmail, checkName, checkDate, issueCodes } from './index.js';

/**
 * Loads and instantiates the field checks' module, `kyc_precheck_fields_bg.wasm` (a
 * fraction of the whole module's bytes); every check of this entry throws until it has
 * resolved. It is an instance of its own: the main entry's `init()` does not load it, nor
 * it the main entry's.
 *
 * @example
 * ```js
 * import initFields, { checkNik } from "kyc-precheck/fields";
 *
 * await initFields();
 * checkNik("3171011501900001").ok; // true
 * ```
 */
export default function init(input?: InitInput): Promise<void>;
