// The size budget of the package, in the bytes a page downloads: each module with the JS
// its entry loads statically (followed through pkg/), each file gzip -9 as a server would
// send it. Deterministic (zlib at level 9 on the built files, as Node's and nginx's gzip
// send them; GNU gzip -9, which build.sh prints, comes out about 1.5 % smaller), so
// asserted; the history is in the README's "Package size".
//
// - The first module (`kyc-precheck/fields`: what a form loads before the user touches a
//   field) must stay within issue 12's goal, 150 KiB.
// - The whole module (the main entry: photos, fit, providers, the field checks again) is a
//   ratchet: set to the size reached, rounded up by at most 2 %, and lowered as it
//   shrinks. Issue 12's goal for everything a form loads, first module included, is
//   200 KiB; it is printed beside the ratchet, not yet met.
//
//   node --test tests/js/size-budget.test.mjs     (after scripts/build.sh)

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';

const pkg = new URL('../../pkg/', import.meta.url);

/** Issue 12's budget for the first module: 150 KiB. */
const FIRST_BUDGET = 150 * 1024;
/**
 * The whole module's ratchet, zlib level 9: 400,243 reached, plus 0.4 %. Raised from 400,000
 * (397,239 reached) for the multi-code Huffman walk (+0.7 KB: the walk ~35 % faster) and for
 * the applicant's fixes of session 19 (+2.3 KB: free-text fields refuse controls and format
 * characters, messages name invisible characters by code point, emails need a mailable
 * domain, endpoints say what their verdict proves, small files in bytes, Indonesian date
 * patterns and decimal commas); before that from
 * 394,000 for the quality path's one Huffman pass (+6.0 KB) and the allocation-free
 * checkNik/checkPhone (+0.7 KB).
 */
const WHOLE_BUDGET = 402_000;
/** Issue 12's goal for both modules together: 200 KiB. */
const TOGETHER_GOAL = 200 * 1024;

/** `file` and the pkg/ files it imports statically, transitively. */
function staticGraph(file, seen = new Set()) {
  if (seen.has(file)) {
    return seen;
  }
  seen.add(file);
  const source = readFileSync(new URL(file, pkg), 'utf8');
  for (const [, specifier] of source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"](\.\/[^'"]+)['"]/gm)) {
    staticGraph(specifier.slice(2), seen);
  }
  return seen;
}

/**
 * The gzipped bytes of `entry`'s static graph and `wasm`, with a table of them; `glue`, the
 * glue the entry imports, must be in the graph.
 */
function measure(entry, wasm, glue) {
  const files = [...staticGraph(entry), wasm];
  if (glue !== undefined) {
    assert.ok(files.includes(glue), `the glue ${glue} is not among ${files}`);
  }
  const sizes = files.map((file) => [file, gzipSync(readFileSync(new URL(file, pkg)), { level: 9 }).length]);
  const total = sizes.reduce((sum, [, bytes]) => sum + bytes, 0);
  const table = sizes.map(([file, bytes]) => `${file} ${bytes}`).join(', ');
  return { total, table };
}

test('the first module, what a form loads before the user touches a field, is within 150 KiB', () => {
  // One script and its wasm: scripts/assemble-pkg.mjs bundles the glue and field-checks.js in.
  assert.deepEqual([...staticGraph('fields.js')], ['fields.js']);
  const { total, table } = measure('fields.js', 'kyc_precheck_fields_bg.wasm');
  console.log(`size, first module: ${table}; total ${total} B gzipped (zlib level 9), budget ${FIRST_BUDGET}`);
  assert.ok(total <= FIRST_BUDGET, `${total} B gzipped (${table}) is over the budget of ${FIRST_BUDGET} B`);
});

test('the whole module stays within its ratchet', () => {
  const first = measure('fields.js', 'kyc_precheck_fields_bg.wasm').total;
  const { total, table } = measure('index.js', 'kyc_precheck_bg.wasm', 'kyc_precheck.js');
  const together = first + total;
  console.log(
    `size, whole module: ${table}; total ${total} B gzipped (zlib level 9), budget ${WHOLE_BUDGET}; ` +
      `both modules ${together} B, goal ${TOGETHER_GOAL} (${(together / TOGETHER_GOAL).toFixed(2)}x the goal)`,
  );
  assert.ok(total <= WHOLE_BUDGET, `${total} B gzipped (${table}) is over the budget of ${WHOLE_BUDGET} B`);
});
