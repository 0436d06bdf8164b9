// The JS boundary of the built package under hostile arguments: values whose reading
// throws (getters, revoked Proxies, toJSON, detached buffers), typed arrays that lie about
// their length, strings and photos too large to copy. Each class runs 100,000 times
// through the package, imported by name; every call must throw the function's documented
// Error (or, for a lying array, read the real bytes), and afterwards the same instance
// must answer normal calls exactly as before. The code before issue 9 failed every class
// but the throwing toJSON: 1,040 throwing getters and the instance answered nothing but
// "memory access out of bounds" until the process restarted.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';

import init, { buildRequest, checkImage, checkName, checkNik, readResponse } from 'kyc-precheck';
// The glue index.js wraps (the same module instance): initSync() on a loaded module
// returns its exports, whose memory shows whether the instance grew or was replaced.
import { initSync as glueExports } from '../../pkg/kyc_precheck.js';

const REPETITIONS = 100_000;
const TODAY = '2026-11-22';
const NIK = '3273015205900001';
const MAX_PHOTO_BYTES = 32 * 1024 * 1024;
const MAX_TEXT_UNITS = 1024 * 1024;
// Explicit bounds without maxBytes.
const NO_MAXIMUM = { minWidth: 1 };
const JPEG = new Uint8Array(readFileSync(new URL('../images/good/jpeg-baseline-640x480.jpg', import.meta.url)));
const PNG = new Uint8Array(readFileSync(new URL('../images/good/png-1bit-gray-96x64.png', import.meta.url)));
// Made-up applicant.
const APPLICANT = { nik: NIK, name: 'Budi Santoso', phone: '0812-3456-7890' };
const TD_PASSED = JSON.stringify({ code: 200, message: 'success', sequence_id: '1', result: 'pass' });

/** What a normal call of each kind answers; the same after every class, or the instance was harmed. */
async function normalAnswers() {
  return {
    nik: checkNik(NIK, { today: TODAY }),
    image: checkImage(JPEG, { provider: 'kredibel', field: 'idCard' }),
    built: await buildRequest('td', 'id-verification', APPLICANT, { today: TODAY }),
    reading: readResponse('td', 'id-verification', 200, TD_PASSED),
  };
}

let baseline;
let memory;

before(async () => {
  await init();
  baseline = await normalAnswers();
  assert.equal(baseline.nik.ok, true);
  assert.deepEqual([baseline.image.image.width, baseline.image.image.height], [640, 480]);
  assert.equal(baseline.built.ok, true);
  assert.equal(baseline.reading.outcome, 'verified');
  memory = glueExports().memory;
});

/**
 * Calls `call(i)` REPETITIONS times and counts the outcomes: `returned`, or the error's
 * type and message up to the thrown value's own message in parentheses.
 */
async function hammer(t, call) {
  const outcomes = {};
  // Stack traces are not under test, and capturing one through wasm frames is most of
  // each call's cost: without them a class takes seconds, not tens of seconds.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const started = performance.now();
  try {
    for (let i = 0; i < REPETITIONS; i += 1) {
      let outcome;
      try {
        outcome = (await call(i)) ?? 'returned';
      } catch (error) {
        outcome = `${error?.constructor?.name}: ${String(error?.message).split(' (')[0]}`;
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  t.diagnostic(`${REPETITIONS} calls in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return outcomes;
}

/** Wasm memory grew by at most `budget` bytes since `start` (a budget, not a timing). */
function assertGrewAtMost(start, budget) {
  const grown = memory.buffer.byteLength - start;
  assert.ok(grown <= budget, `wasm memory grew ${grown} bytes, more than ${budget}`);
}

/** The instance still answers as it did, and is the one loaded at the start (not restarted). */
async function assertUnharmed() {
  assert.deepEqual(await normalAnswers(), baseline);
  assert.equal(glueExports().memory, memory, 'the instance was replaced: a call trapped');
}

/**
 * The outcomes `hammer` must count when call `i` is `calls[i % calls.length]` and each
 * call's expected outcome is `outcomes[i % outcomes.length]`.
 */
function expected(outcomes) {
  const counts = {};
  for (let i = 0; i < REPETITIONS; i += 1) {
    const outcome = outcomes[i % outcomes.length];
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  return counts;
}

/** Runs call `i % calls.length` of `calls`, each `[call, expected outcome]`. */
async function hammerEach(t, calls) {
  const start = memory.buffer.byteLength;
  const slots = glueExports().__wbindgen_externrefs.length;
  const outcomes = await hammer(t, (i) => calls[i % calls.length][0]());
  assert.deepEqual(outcomes, expected(calls.map(([, outcome]) => outcome)));
  // Nothing the calls passed was kept: not in memory, and not in the table of JS values
  // the module holds (wasm-bindgen leaks a slot there per throwing import that returns a
  // value; the bindings declare none).
  assertGrewAtMost(start, 2 ** 20);
  const grown = glueExports().__wbindgen_externrefs.length - slots;
  assert.ok(grown <= 1024, `the externref table grew by ${grown} slots`);
}

function revoked() {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function detached() {
  const buffer = new ArrayBuffer(16);
  structuredClone(buffer, { transfer: [buffer] });
  return buffer;
}

function throwing() {
  throw new Error('boom');
}

describe('hostile arguments throw the documented Error, and the instance lives', () => {
  test('an applicant, a sent request or headers with a getter that throws', async (t) => {
    await hammerEach(t, [
      [
        () => buildRequest('td', 'id-verification', { ...APPLICANT, get name() { return throwing(); } }),
        'Error: buildRequest: input could not be read',
      ],
      [
        () => readResponse('td', 'id-verification', 200, TD_PASSED, undefined, { get fields() { return throwing(); } }),
        'Error: readResponse: sent.fields could not be read',
      ],
      [
        () => readResponse('td', 'id-verification', 200, TD_PASSED, { get: throwing }),
        'Error: readResponse: headers could not be read',
      ],
    ]);
    await assertUnharmed();
  });

  test('a revoked Proxy, wherever an argument is read', async (t) => {
    const proxy = revoked();
    await hammerEach(t, [
      [() => buildRequest('td', 'id-verification', proxy), 'Error: buildRequest: input could not be read'],
      [() => buildRequest('td', 'id-verification', APPLICANT, proxy), 'Error: buildRequest: options could not be read'],
      [() => checkNik(NIK, proxy), 'Error: checkNik: options could not be read'],
      [() => checkNik(proxy), 'Error: checkNik: expected a string, got object'],
      [
        () => checkImage(proxy, { provider: 'kredibel', field: 'selfie' }),
        'Error: checkImage: expected a Uint8Array or ArrayBuffer, got object',
      ],
      [() => checkImage(PNG, proxy), 'Error: checkImage: options could not be read'],
      [
        () => buildRequest('kredibel', 'certificate-issuance', { ...APPLICANT, selfie: proxy }),
        'Error: buildRequest: input.selfie: expected a Uint8Array or ArrayBuffer, got object',
      ],
      [
        () => readResponse('td', 'id-verification', 200, TD_PASSED, undefined, proxy),
        'Error: readResponse: sent.fields could not be read',
      ],
    ]);
    await assertUnharmed();
  });

  test('a detached ArrayBuffer, or a Uint8Array over one', async (t) => {
    const rule = { provider: 'kredibel', field: 'selfie' };
    await hammerEach(t, [
      [() => checkImage(detached(), rule), 'Error: checkImage: the bytes could not be read'],
      [
        () => {
          // Detached after the view was made: the view's length is then 0.
          const buffer = new ArrayBuffer(16);
          const view = new Uint8Array(buffer, 4, 8);
          structuredClone(buffer, { transfer: [buffer] });
          return checkImage(view, rule);
        },
        'Error: checkImage: the bytes could not be read',
      ],
      [
        () => buildRequest('kredibel', 'certificate-issuance', { ...APPLICANT, idCard: detached() }),
        'Error: buildRequest: input.idCard: the bytes could not be read',
      ],
    ]);
    await assertUnharmed();
  });

  test('options whose toJSON returns undefined', async (t) => {
    const options = { toJSON: () => undefined };
    await hammerEach(t, [
      [() => checkNik(NIK, options), 'Error: checkNik: options cannot be read as JSON'],
      [() => checkImage(PNG, options), 'Error: checkImage: options cannot be read as JSON'],
      [() => buildRequest('td', 'id-verification', APPLICANT, options), 'Error: buildRequest: options cannot be read as JSON'],
      [
        () => buildRequest('td', 'id-verification', { ...APPLICANT, toJSON: () => undefined }),
        'Error: buildRequest: input cannot be read as JSON',
      ],
    ]);
    await assertUnharmed();
  });

  test('a toJSON that throws', async (t) => {
    const options = { toJSON: throwing };
    await hammerEach(t, [
      [() => checkNik(NIK, options), 'Error: checkNik: options could not be read'],
      [
        () => buildRequest('td', 'id-verification', { ...APPLICANT, toJSON: throwing }),
        'Error: buildRequest: input could not be read',
      ],
      [
        () => buildRequest('td', 'id-verification', APPLICANT, { today: { toJSON: throwing } }),
        'Error: buildRequest: options could not be read',
      ],
    ]);
    await assertUnharmed();
  });

  test('a Uint8Array subclass that lies about its length is read as its real bytes', async (t) => {
    const rule = { formats: ['png'], minWidth: 64, minHeight: 64 };
    const honest = JSON.stringify(checkImage(PNG, rule));
    const honestBuilt = JSON.stringify(
      await buildRequest('kredibel', 'certificate-issuance', { ...APPLICANT, selfie: PNG, idCard: PNG }),
    );
    class Huge extends Uint8Array {
      get length() {
        return 2 ** 32 - 1;
      }
    }
    class Short extends Uint8Array {
      get length() {
        return 3;
      }
    }
    class Shifting extends Uint8Array {
      #reads = 0;
      get length() {
        this.#reads += 1;
        return this.#reads % 2 === 0 ? 1 : this.byteLength;
      }
    }
    class Throwing extends Uint8Array {
      get length() {
        return throwing();
      }
      get byteLength() {
        return throwing();
      }
      get buffer() {
        return throwing();
      }
    }
    const liars = [Huge, Short, Shifting, Throwing].map((Liar) => Liar.from(PNG));
    // An own property shadows the prototype's getters too.
    liars.push(Object.defineProperty(new Uint8Array(PNG), 'byteLength', { value: 7 }));
    const calls = liars.map((liar) => [
      () => (JSON.stringify(checkImage(liar, rule)) === honest ? 'the honest reading' : 'another reading'),
      'the honest reading',
    ]);
    calls.push([
      async () => {
        const built = await buildRequest('kredibel', 'certificate-issuance', {
          ...APPLICANT,
          selfie: liars[0],
          idCard: liars[1],
        });
        return JSON.stringify(built) === honestBuilt ? 'the honest reading' : 'another reading';
      },
      'the honest reading',
    ]);
    await hammerEach(t, calls);
    await assertUnharmed();
  });

  test('a string too long to copy', async (t) => {
    const long = '9'.repeat(MAX_TEXT_UNITS + 1);
    const message = `a string argument is ${MAX_TEXT_UNITS + 1} characters long, over the ${MAX_TEXT_UNITS} kyc-precheck reads`;
    await hammerEach(t, [
      [() => checkNik(long), `Error: checkNik: ${message}`],
      [() => readResponse('td', 'id-verification', 200, long), `Error: readResponse: ${message}`],
    ]);
    await assertUnharmed();
  });
});

describe('the text ceiling', () => {
  test('is 1 Mi UTF-16 code units per string, and per argument read as JSON', async () => {
    const start = memory.buffer.byteLength;
    assert.equal(checkNik('9'.repeat(MAX_TEXT_UNITS)).issues[0].code, 'nik.length');
    const name = 'a'.repeat(MAX_TEXT_UNITS);
    const json = JSON.stringify({ ...APPLICANT, name }).length;
    await assert.rejects(buildRequest('td', 'id-verification', { ...APPLICANT, name }), {
      message: `buildRequest: input as JSON is ${json} characters long, over the ${MAX_TEXT_UNITS} kyc-precheck reads`,
    });
    // One string at the ceiling was copied, and the check's own copies of it.
    assertGrewAtMost(start, 64 * 2 ** 20);
    await assertUnharmed();
  });
});

describe('photos too large to copy are measured, never copied', () => {
  const size = 600_000_000;
  let huge;
  before(() => {
    huge = new Uint8Array(size);
    huge.set([0xff, 0xd8, 0xff]);
  });

  test('a 600 MB photo gets the slot\'s image.file_too_large, and wasm memory stays small', async () => {
    const start = memory.buffer.byteLength;
    for (const photo of [huge, huge.buffer, huge.subarray(1_000)]) {
      const checked = checkImage(photo, { provider: 'kredibel', field: 'selfie' });
      assert.deepEqual(
        { ...checked, issues: checked.issues.map((issue) => [issue.code, issue.params]) },
        {
          ok: false,
          issues: [['image.file_too_large', { bytes: photo.byteLength, maxBytes: 3_000_000 }]],
          image: null,
        },
      );
    }
    // The same issue a copied photo over the maximum gets, message included.
    const copied = checkImage(JPEG, { maxBytes: 1_000 });
    const measured = checkImage(huge, { maxBytes: 1_000 });
    assert.deepEqual(
      measured.issues[0],
      {
        ...copied.issues.find((issue) => issue.code === 'image.file_too_large'),
        params: { bytes: size, maxBytes: 1_000 },
        message: measured.issues[0].message,
      },
    );
    assert.equal(measured.issues[0].message.en, "This photo's file is 600.0 MB; it can be at most 1 KB.");
    // A budget, not a timing: not one of the 600 MB was copied.
    assertGrewAtMost(start, 2 ** 20);
  });

  test('where the rule sets no maximum, and in buildRequest, it throws instead', async () => {
    const start = memory.buffer.byteLength;
    // Every provider slot has a maximum (10 MB where the page states none); explicit
    // bounds need not.
    assert.throws(
      () => checkImage(huge, NO_MAXIMUM),
      {
        constructor: Error,
        message: `checkImage: the image is ${size} bytes, over the ${MAX_PHOTO_BYTES} (32 MiB) kyc-precheck reads, and the rule sets no maxBytes to report it against`,
      },
    );
    await assert.rejects(
      buildRequest('kredibel', 'certificate-issuance', { ...APPLICANT, selfie: huge }),
      /^Error: buildRequest: input\.selfie is 600000000 bytes, over the 33554432 \(32 MiB\) kyc-precheck reads/,
    );
    assertGrewAtMost(start, 2 ** 20);
    await assertUnharmed();
  });

  test('the ceiling is 32 MiB: a photo of exactly that is read, one byte more is not', () => {
    const atCeiling = huge.subarray(0, MAX_PHOTO_BYTES);
    // Only reading the bytes can find them damaged.
    assert.deepEqual(
      checkImage(atCeiling, NO_MAXIMUM).issues.map((issue) => issue.code),
      ['image.corrupt'],
    );
    assert.throws(() => checkImage(huge.subarray(0, MAX_PHOTO_BYTES + 1), NO_MAXIMUM), /over the 33554432 \(32 MiB\)/);
  });
});

describe('lone surrogates in a JSON argument', () => {
  // JSON.stringify escapes a lone surrogate (`\ud800`: a form's maxlength can cut an emoji
  // in half), which serde_json refuses; the field must be refused as an issue, as the same
  // text is when checked alone, not thrown as a parser's error.
  const cases = {
    'a high half alone': 'Siti\uD800 Nurhaliza',
    'a low half alone': 'Siti\uDC00 Nurhaliza',
    'a high half at the end': 'Siti Nurhaliza\uD83D',
    'two high halves': 'Siti\uD83D\uD83D Nurhaliza',
  };
  for (const [what, name] of Object.entries(cases)) {
    test(`${what}: buildRequest refuses the name as checkName does`, async () => {
      const built = await buildRequest('td', 'id-verification', { ...APPLICANT, name }, { today: TODAY });
      assert.equal(built.ok, false);
      const alone = checkName(name.toWellFormed());
      assert.equal(alone.ok, false);
      assert.deepEqual(
        built.issues.filter((issue) => issue.path[0] === 'name').map((issue) => [issue.code, issue.params]),
        alone.issues.map((issue) => [issue.code, issue.params]),
      );
    });
  }
  test('an emoji whole, and a backslash-u typed as text, are read as they are', async () => {
    const whole = await buildRequest('td', 'id-verification', { ...APPLICANT, name: 'Siti 😀' }, { today: TODAY });
    assert.deepEqual(
      whole.issues.filter((issue) => issue.path[0] === 'name').map((issue) => issue.code),
      checkName('Siti 😀').issues.map((issue) => issue.code),
    );
    const typed = '\\ud800';
    const built = await buildRequest('td', 'id-verification', { ...APPLICANT, name: `Siti ${typed}` }, { today: TODAY });
    assert.deepEqual(
      built.issues.filter((issue) => issue.path[0] === 'name').map((issue) => issue.params),
      checkName(`Siti ${typed}`).issues.map((issue) => issue.params),
    );
  });
});
