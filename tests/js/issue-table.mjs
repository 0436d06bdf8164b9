// Reads the code table of src/issue.rs (the `codes!` invocation), the single source of
// truth for issue codes, so that the tests can hold the package's results to it (the
// declarations are generated from it by tests/declarations.rs). Node only.

import { readFileSync } from 'node:fs';

const issueRs = new URL('../../src/issue.rs', import.meta.url);

/**
 * Every code of src/issue.rs in table order, each with its default severity and its
 * parameters' types: `{ code, severity, params: { name: "number" | "string" } }`.
 */
export function readIssueTable() {
  const source = readFileSync(issueRs, 'utf8');
  const start = source.indexOf('codes! {');
  if (start === -1) {
    throw new Error('src/issue.rs: no `codes! {` invocation found');
  }
  // One row reads: Variant = "dotted.code", Severity, [name: N(1), name: T("x"), name: D(2.5)],
  const row = /^\s*\w+\s*=\s*"([a-z_]+\.[a-z_]+)",\s*(Error|Warning),\s*\[([^\]]*)\]/gm;
  const table = [];
  for (const [, code, severity, params] of source.slice(start).matchAll(row)) {
    const types = {};
    for (const [, name, kind] of params.matchAll(/(\w+)\s*:\s*([NTD])\(/g)) {
      types[name] = kind === 'T' ? 'string' : 'number';
    }
    table.push({ code, severity: severity.toLowerCase(), params: types });
  }
  if (table.length === 0) {
    throw new Error('src/issue.rs: the codes! table has no rows this reader understands');
  }
  return table;
}

/** `{ code: { param: type } }`, as the vector harness's `paramTypes` option takes it. */
export function paramTypesByCode() {
  return Object.fromEntries(readIssueTable().map(({ code, params }) => [code, params]));
}
