// Runs the JSON vectors of tests/vectors/ through the package's checks and says what
// differs. Shared by the Node tests (vectors.test.mjs) and the browser page
// (tests/browser/vectors.js), so both runtimes are held to exactly the same comparisons:
// it imports nothing, and takes the package's API and the parsed files as arguments.
//
// Failure messages name the vector file, the case's index and note, and the input:
// vector inputs are made-up test data, never a real person's.

/** The vector files, by the name of the check they exercise. */
export const VECTOR_KINDS = ['nik', 'phone', 'email', 'name', 'date'];

/** The field of a result that holds a check's details, for the kinds that have one. */
const DETAILS_FIELD = { nik: 'nik', phone: 'phone', date: 'date' };

/**
 * Calls the check of `kind` for one case. NIK and date checks depend on today's date, so
 * the file's `today` is passed unless the case sets its own.
 */
export function runCheck(api, kind, file, row) {
  const options = { ...row.options };
  if ((kind === 'nik' || kind === 'date') && file.today !== undefined && !('today' in options)) {
    options.today = file.today;
  }
  switch (kind) {
    case 'nik':
      return api.checkNik(row.input, options);
    case 'phone':
      return api.checkPhone(row.input, options);
    case 'email':
      return api.checkEmail(row.input);
    case 'name':
      return api.checkName(row.input, options);
    case 'date':
      return api.checkDate(row.input, row.format, options);
    default:
      throw new Error(`no check for vector kind ${JSON.stringify(kind)}`);
  }
}

/** A short name for a case, for test titles: its position and its note. */
export function caseName(kind, index, row) {
  return `${kind}[${index}] ${row.note ?? JSON.stringify(row.input)}`;
}

/**
 * Structural equality of JSON-like values; returns null when equal, otherwise the path
 * of the first difference with both values.
 */
export function difference(actual, expected, path = '') {
  if (Object.is(actual, expected)) {
    return null;
  }
  const bothObjects =
    typeof actual === 'object' && actual !== null && typeof expected === 'object' && expected !== null;
  if (!bothObjects || Array.isArray(actual) !== Array.isArray(expected)) {
    return `${path || 'value'}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
  }
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  for (const key of keys) {
    if (!(key in actual) || !(key in expected)) {
      const missing = key in actual ? 'unexpected' : 'missing';
      return `${path}${Array.isArray(actual) ? `[${key}]` : `.${key}`}: ${missing} (got ${JSON.stringify(actual[key])}, expected ${JSON.stringify(expected[key])})`;
    }
    const inner = difference(actual[key], expected[key], `${path}${Array.isArray(actual) ? `[${key}]` : `.${key}`}`);
    if (inner !== null) {
      return inner;
    }
  }
  return null;
}

/**
 * Everything that must hold of a result whatever the input: the shape the types
 * promise, `ok` agreeing with the severities, and messages fully rendered.
 *
 * `codeTable` is the output of `issueCodes()`, indexed by code. `paramTypes`, when given,
 * maps each code to `{ param: "number" | "string" }` (from src/issue.rs, in Node only).
 */
export function invariantFailures(kind, result, { codeTable, paramTypes }) {
  const failures = [];
  const fail = (message) => failures.push(message);
  if (typeof result !== 'object' || result === null) {
    return [`result is ${JSON.stringify(result)}, not an object`];
  }
  if (typeof result.ok !== 'boolean') {
    fail(`ok is ${JSON.stringify(result.ok)}, not a boolean`);
  }
  if (!Array.isArray(result.issues)) {
    return [...failures, `issues is ${JSON.stringify(result.issues)}, not an array`];
  }
  const hasError = result.issues.some((issue) => issue.severity === 'error');
  if (result.ok !== !hasError) {
    fail(`ok is ${result.ok} but the issues ${hasError ? 'include' : 'do not include'} an error`);
  }
  const detailsField = DETAILS_FIELD[kind];
  if (detailsField !== undefined && result.ok !== (result[detailsField] !== null)) {
    fail(`ok is ${result.ok} but ${detailsField} is ${JSON.stringify(result[detailsField])}`);
  }
  if (kind === 'phone' && result.ok !== (result.value !== null)) {
    fail(`ok is ${result.ok} but value is ${JSON.stringify(result.value)}`);
  }
  if (kind === 'nik' && typeof result.value !== 'string') {
    fail(`value is ${JSON.stringify(result.value)}, not a string`);
  }

  result.issues.forEach((issue, i) => {
    const where = `issues[${i}] (${issue?.code})`;
    if (!Array.isArray(issue.path) || !issue.path.every((s) => typeof s === 'string' || typeof s === 'number')) {
      fail(`${where}: path ${JSON.stringify(issue.path)} is not an array of strings and numbers`);
    }
    if (typeof issue.code !== 'string' || !issue.code.startsWith(`${kind}.`)) {
      fail(`${where}: code ${JSON.stringify(issue.code)} is not a ${kind}.* code`);
    }
    const info = codeTable.get(issue.code);
    if (info === undefined) {
      fail(`${where}: code is not listed by issueCodes()`);
    }
    if (issue.severity !== 'error' && issue.severity !== 'warning') {
      fail(`${where}: severity ${JSON.stringify(issue.severity)}`);
    }
    const params = issue.params;
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      fail(`${where}: params ${JSON.stringify(params)} is not an object`);
    } else if (info !== undefined) {
      const actualNames = Object.keys(params).sort();
      const declaredNames = [...info.params].sort();
      if (actualNames.join() !== declaredNames.join()) {
        fail(
          `${where}: params has ${JSON.stringify(actualNames)}, issueCodes() declares ${JSON.stringify(declaredNames)}`,
        );
      }
      for (const [name, type] of Object.entries(paramTypes?.[issue.code] ?? {})) {
        if (name in params && typeof params[name] !== type) {
          fail(`${where}: params.${name} is ${JSON.stringify(params[name])}, expected a ${type}`);
        }
      }
    }
    for (const language of ['en', 'id']) {
      const message = issue.message?.[language];
      if (typeof message !== 'string' || message.trim() === '') {
        fail(`${where}: message.${language} is empty or not a string`);
      } else if (message.includes('{') || message.includes('}')) {
        fail(`${where}: message.${language} has an unreplaced placeholder: ${JSON.stringify(message)}`);
      }
    }
  });
  return failures;
}

/**
 * Checks one case; returns the list of what differs (empty when it passes). A check that
 * throws is a failure too: vectors are user input, and user input never throws.
 */
export function caseFailures(api, kind, file, row, context) {
  let result;
  try {
    result = runCheck(api, kind, file, row);
  } catch (error) {
    return [`threw ${error?.name}: ${error?.message}`];
  }
  const failures = [];
  if (result.ok !== row.ok) {
    failures.push(`ok: got ${result.ok}, expected ${row.ok}`);
  }
  const codes = Array.isArray(result.issues) ? result.issues.map((issue) => issue.code) : result.issues;
  const codesDiffer = difference(codes, row.codes, 'codes');
  if (codesDiffer !== null) {
    failures.push(`codes: got ${JSON.stringify(codes)}, expected ${JSON.stringify(row.codes)}`);
  }
  if ('value' in row) {
    const valueDiffers = difference(result.value, row.value, 'value');
    if (valueDiffers !== null) {
      failures.push(valueDiffers);
    }
  }
  const detailsField = DETAILS_FIELD[kind];
  if (detailsField !== undefined && detailsField in row) {
    const detailsDiffer = difference(result[detailsField], row[detailsField], detailsField);
    if (detailsDiffer !== null) {
      failures.push(detailsDiffer);
    }
  }
  failures.push(...invariantFailures(kind, result, context));
  if (failures.length > 0) {
    const options = row.options === undefined ? '' : `, options ${JSON.stringify(row.options)}`;
    const format = row.format === undefined ? '' : `, format ${JSON.stringify(row.format)}`;
    failures.unshift(`input ${JSON.stringify(row.input)}${format}${options}:`);
  }
  return failures;
}

/** The `issueCodes()` table indexed by code, as `caseFailures` takes it. */
export function codeTableOf(api) {
  return new Map(api.issueCodes().map((info) => [info.code, info]));
}

/** Checks that a vector file has the expected layout, so a typo in it fails loudly. */
export function fileFailures(kind, file) {
  const failures = [];
  if (typeof file !== 'object' || file === null || !Array.isArray(file.cases) || file.cases.length === 0) {
    return [`${kind}.json: expected { source, today, cases: [...] } with at least one case`];
  }
  if (typeof file.source !== 'string' || file.source === '') {
    failures.push(`${kind}.json: no source recorded`);
  }
  file.cases.forEach((row, i) => {
    if (typeof row.input !== 'string' || typeof row.ok !== 'boolean' || !Array.isArray(row.codes)) {
      failures.push(`${kind}.json cases[${i}]: needs a string input, a boolean ok and a codes array`);
    }
    if (kind === 'date' && typeof row.format !== 'string') {
      failures.push(`${kind}.json cases[${i}]: a date case needs a format`);
    }
  });
  return failures;
}
