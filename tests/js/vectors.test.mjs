// Every case of tests/vectors/*.json through the npm package, imported by its name so
// that the exports map and the Node entries are what is tested: the main entry (the whole
// module) and `kyc-precheck/fields` (the field checks' own module, built from the same
// crate without the photos and providers), each against the same vectors. The comparisons
// live in vector-harness.mjs, which the browser run (tests/browser/run.mjs) shares.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';

import * as whole from 'kyc-precheck';
import * as fields from 'kyc-precheck/fields';

import { paramTypesByCode } from './issue-table.mjs';
import { caseFailures, caseName, codeTableOf, fileFailures, VECTOR_KINDS } from './vector-harness.mjs';

for (const [entry, api] of [
  ['kyc-precheck', whole],
  ['kyc-precheck/fields', fields],
]) {
  describe(entry, () => {
    const context = {};

    before(async () => {
      await api.default();
      context.codeTable = codeTableOf(api);
      context.paramTypes = paramTypesByCode();
    });

    for (const kind of VECTOR_KINDS) {
      const file = JSON.parse(readFileSync(new URL(`../vectors/${kind}.json`, import.meta.url), 'utf8'));

      describe(`${kind}.json`, () => {
        test('is laid out as the harness expects', () => {
          assert.deepEqual(fileFailures(kind, file), []);
        });

        file.cases.forEach((row, index) => {
          test(caseName(kind, index, row), () => {
            const failures = caseFailures(api, kind, file, row, context);
            assert.ok(failures.length === 0, failures.join('\n  '));
          });
        });
      });
    }
  });
}
