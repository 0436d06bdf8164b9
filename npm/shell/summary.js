// issueSummary() of kyc-precheck's shell: the lines of a form's error summary, each naming
// its field. shell.d.ts documents it.

import { rules } from '../index.js';
import { LANGUAGES, describe, isPlainObject } from './arguments.js';

/**
 * The fields an issue concerns when its path is empty because it compares two of them:
 * the NIK's birth date against the one entered (src/nik.rs). Gender is no form field.
 */
const CROSS_FIELD_CODES = Object.freeze({
  'nik.birth_date_mismatch': Object.freeze(['nik', 'birthDate']),
});

/** The field an issue's path points into: its longest prefix that is a field's name. */
function fieldOf(path, labels) {
  for (let length = path.length; length > 0; length -= 1) {
    const name = path.slice(0, length).join('.');
    if (labels.has(name)) {
      return name;
    }
  }
  return undefined;
}

/**
 * The lines of a form's error summary, each naming its fields in the language asked for
 * ("Foto KTP: Ukuran file foto ini 5,8 MB; maksimal 2,0 MB."), without repeats;
 * shell.d.ts documents the result.
 */
export async function issueSummary(issues, options) {
  if (!Array.isArray(issues)) {
    throw new TypeError(`kyc-precheck: issueSummary takes the issues of a result, got ${describe(issues)}`);
  }
  if (!isPlainObject(options) || typeof options.provider !== 'string') {
    throw new TypeError('kyc-precheck: issueSummary needs options with a provider id');
  }
  const { provider, language = 'id', worker } = options;
  if (!LANGUAGES.includes(language)) {
    throw new TypeError(`kyc-precheck: issueSummary option language must be "id" or "en", got ${JSON.stringify(language)}`);
  }
  if (worker !== undefined && typeof worker?.rules !== 'function') {
    throw new TypeError('kyc-precheck: issueSummary option worker must be what createWorker() returns');
  }
  const [found] = await (worker ?? { rules: async (id) => rules(id) }).rules(provider);
  const labels = new Map();
  for (const endpoint of found.endpoints) {
    for (const field of endpoint.fields) {
      labels.set(field.field, field.label);
    }
  }
  const lines = [];
  const seen = new Set();
  for (const issue of issues) {
    const at = fieldOf(issue.path, labels);
    const fields = at !== undefined ? [at] : (CROSS_FIELD_CODES[issue.code] ?? []).filter((name) => labels.has(name));
    const names = fields.map((name) => labels.get(name)[language]);
    const message = issue.message[language];
    const text = names.length > 0 ? `${names.join(language === 'id' ? ' dan ' : ' and ')}: ${message}` : message;
    if (!seen.has(text)) {
      seen.add(text);
      lines.push({ text, fields, labels: names, issue });
    }
  }
  return lines;
}
