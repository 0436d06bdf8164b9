// What the shell's functions check of their arguments, shared by submit, createWorker,
// issueSummary and schema: a plain object, a description of what was passed instead, the
// languages a message can be asked in.

export function isPlainObject(value) {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function describe(value) {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** The languages every message is written in. */
export const LANGUAGES = ['id', 'en'];
