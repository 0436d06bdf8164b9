// Every case of tests/vectors/*.json through the npm package, imported by its name so
// that the exports map and the Node entry are what is tested. The comparisons live in
// vector-harness.mjs, which the browser run (tests/browser/run.mjs) shares.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';

import * as api from 'kyc-precheck';
import init from 'kyc-precheck';

import { paramTypesByCode } from './issue-table.mjs';
import { caseFailures, caseName, codeTableOf, fileFailures, VECTOR_KINDS } from './vector-harness.mjs';

const context = {};

before(async () => {
  await init();
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
