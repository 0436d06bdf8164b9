// The second line of defence: when a call traps inside the WebAssembly module (a
// WebAssembly.RuntimeError), the package's entry starts a fresh instance from the module
// it was loaded with before the next call, so a server never needs a restart. The trap is
// forced by corrupting the instance's memory through its exports (filled with 0xFF, the
// allocator's first read of its free lists runs out of bounds: "unreachable").

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import init, { buildRequest, checkNik } from 'kyc-precheck';
// The glue index.js wraps (the same module instance): initSync() on a loaded module
// returns the current instance's exports.
import { initSync as glueExports } from '../../pkg/kyc_precheck.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const NIK = '3273015205900001';
const TODAY = '2026-11-22';
// Made-up applicant.
const APPLICANT = { nik: NIK, name: 'Budi Santoso', phone: '0812-3456-7890' };

function corruptMemory() {
  new Uint8Array(glueExports().memory.buffer).fill(0xff);
}

/** The Error a call that trapped throws: it says so, and carries the trap. */
function trapped(name) {
  return (error) => {
    assert.equal(error.constructor, Error);
    assert.equal(
      error.message,
      `kyc-precheck: ${name} failed inside the WebAssembly module (unreachable); the module is started afresh for the next call`,
    );
    assert.ok(error.cause instanceof WebAssembly.RuntimeError);
    return true;
  };
}

describe('a call that traps', () => {
  test('throws an Error that says so, and the next call runs in a fresh instance', async () => {
    await init();
    const expected = checkNik(NIK, { today: TODAY });
    const before = glueExports().memory;
    corruptMemory();
    assert.throws(() => checkNik(NIK, { today: TODAY }), trapped('checkNik'));
    assert.deepEqual(checkNik(NIK, { today: TODAY }), expected);
    assert.notEqual(glueExports().memory, before, 'a new instance, with its own memory');
    // And the fresh instance keeps answering.
    assert.deepEqual(checkNik(NIK, { today: TODAY }), expected);
  });

  test('buildRequest (async) rejects the same way, and the next build succeeds', async () => {
    await init();
    const expected = await buildRequest('td', 'id-verification', APPLICANT, { today: TODAY });
    assert.equal(expected.ok, true);
    corruptMemory();
    await assert.rejects(buildRequest('td', 'id-verification', APPLICANT, { today: TODAY }), trapped('buildRequest'));
    assert.deepEqual(await buildRequest('td', 'id-verification', APPLICANT, { today: TODAY }), expected);
  });

  test("the functions' own errors do not restart the instance", async () => {
    await init();
    const before = glueExports().memory;
    assert.throws(() => checkNik(3273015205900001), /^Error: checkNik: expected a string, got number$/);
    assert.equal(glueExports().memory, before);
  });

  test('restarts from whatever the module was loaded from: bytes, a compiled module, a URL', () => {
    for (const load of [
      'initSync(bytes)',
      'initSync(new WebAssembly.Module(bytes))',
      'await init(bytes)',
      'await init(new URL("pkg/kyc_precheck_bg.wasm", `file://${process.cwd()}/`))',
    ]) {
      const output = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `
          import { readFileSync } from "node:fs";
          import init, { initSync, checkEmail } from "kyc-precheck";
          import { initSync as glueExports } from "./pkg/kyc_precheck.js";
          const bytes = readFileSync("pkg/kyc_precheck_bg.wasm");
          ${load};
          new Uint8Array(glueExports().memory.buffer).fill(0xff);
          try { checkEmail("a@b.co"); console.log("no trap"); }
          catch (error) { console.log(error.cause?.constructor.name); }
          console.log(checkEmail("a@b.co").ok);
        `,
        ],
        { cwd: root, encoding: 'utf8' },
      );
      assert.equal(output.trim(), 'RuntimeError\ntrue', load);
    }
  });
});
