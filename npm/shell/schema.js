// schema() of kyc-precheck's shell: a Standard Schema (standardschema.dev, v1) of one
// provider endpoint, for form libraries such as react-hook-form. shell.d.ts documents it.

import { buildRequest, rules } from '../index.js';
import { LANGUAGES, describe, isPlainObject } from './arguments.js';

/**
 * The applicant keys an endpoint reads (the first segment of each field rules() lists), so
 * that a form's other fields (a consent box) do not reach buildRequest, which refuses
 * unknown keys.
 */
async function applicantKeys(api, provider, endpoint) {
  const [found] = await api.rules(provider);
  const entry = found.endpoints.find((candidate) => candidate.id === endpoint);
  if (!entry) {
    const known = found.endpoints.map((candidate) => candidate.id).join(', ');
    throw new Error(
      `kyc-precheck: schema: ${provider} has no endpoint ${JSON.stringify(endpoint)}; its endpoints: ${known}`,
    );
  }
  return [...new Set(entry.fields.map((field) => field.field.split('.')[0]))];
}

/**
 * A Standard Schema (v1) of one provider endpoint's applicant: validate(value) runs
 * buildRequest's checks. shell.d.ts documents the result and the options.
 */
export function schema(provider, endpoint, options = {}) {
  if (typeof provider !== 'string' || typeof endpoint !== 'string') {
    throw new TypeError('kyc-precheck: schema(provider, endpoint, options?) takes a provider id and an endpoint id');
  }
  if (!isPlainObject(options)) {
    throw new TypeError(`kyc-precheck: schema options must be an object, got ${describe(options)}`);
  }
  const { language = 'id', worker, ...buildOptions } = options;
  if (!LANGUAGES.includes(language)) {
    throw new TypeError(`kyc-precheck: schema option language must be "id" or "en", got ${JSON.stringify(language)}`);
  }
  if (worker !== undefined && (typeof worker?.buildRequest !== 'function' || typeof worker?.rules !== 'function')) {
    throw new TypeError('kyc-precheck: schema option worker must be what createWorker() returns');
  }
  const api = worker ?? { buildRequest, rules: async (id) => rules(id) };
  let keys;

  async function validate(value) {
    if (!isPlainObject(value)) {
      throw new TypeError(
        `kyc-precheck: schema: the value to validate must be an applicant object, got ${describe(value)}`,
      );
    }
    keys ??= await applicantKeys(api, provider, endpoint);
    const applicant = {};
    for (const key of keys) {
      if (value[key] !== undefined) {
        applicant[key] = value[key];
      }
    }
    const built = await api.buildRequest(provider, endpoint, applicant, buildOptions);
    if (built.ok) {
      return { value };
    }
    return {
      issues: built.issues
        .filter((issue) => issue.severity === 'error')
        .map((issue) => ({ message: issue.message[language], path: [...issue.path] })),
    };
  }

  return Object.freeze({
    '~standard': Object.freeze({ version: 1, vendor: 'kyc-precheck', validate }),
  });
}
