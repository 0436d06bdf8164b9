// checkNik and checkPhone return a valid answer, and a refusal, through a short path (a
// number or a few strings across the boundary, the result built by the entry; see
// npm/field-checks.js): this holds that path to the result the JSON path gave, key for key
// and in the same order, for every valid vector; every refusal's issues to those the JSON
// path writes for the same field inside buildRequest; every refusal, and every prefix of
// a NIK or number typed a character at a time, to the result with options, the first time
// its key is seen and once its result is kept; and to the general entry's answer for every
// vector, with and without options.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { buildRequest, checkNik, checkPhone, initSync } from 'kyc-precheck';
import * as fields from 'kyc-precheck/fields';
// The glue the main entry runs on (the same module instance: pkg/ is where
// node_modules/kyc-precheck leads), for the numbers the module answers with. The fields
// entry's glue is bundled into its fields.js; its module answers from the same
// src/bindings.rs, so the same input's number has the same sign there.
import * as glue from '../../pkg/kyc_precheck.js';

initSync(readFileSync(new URL('../../pkg/kyc_precheck_bg.wasm', import.meta.url)));
fields.initSync(readFileSync(new URL('../../pkg/kyc_precheck_fields_bg.wasm', import.meta.url)));

const vectors = (kind) => JSON.parse(readFileSync(new URL(`../vectors/${kind}.json`, import.meta.url), 'utf8'));

/** Today on this machine's calendar, as the entry passes it when no `today` is given. */
function localToday() {
  const now = new Date();
  const two = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

test('a valid NIK is the result the JSON path wrote, in its key order', () => {
  const file = vectors('nik');
  let valid = 0;
  for (const row of file.cases.filter((row) => row.ok && row.codes.length === 0)) {
    const checked = checkNik(row.input, { ...row.options, today: row.options?.today ?? file.today });
    const expected = { ok: true, value: row.value, issues: [], nik: row.nik };
    assert.equal(JSON.stringify(checked), JSON.stringify(expected), row.note);
    valid += 1;
  }
  assert.ok(valid >= 20, `only ${valid} valid NIK vectors`);
});

test('a valid phone number is the result the JSON path wrote, in its key order', () => {
  let valid = 0;
  for (const row of vectors('phone').cases.filter((row) => row.ok && row.codes.length === 0)) {
    const expected = { ok: true, value: row.value, issues: [], phone: row.phone };
    assert.equal(JSON.stringify(checkPhone(row.input, row.options)), JSON.stringify(expected), row.note);
    valid += 1;
  }
  assert.ok(valid >= 20, `only ${valid} valid phone vectors`);
});

test('a refusal is the result the JSON path writes: buildRequest’s issues for the field, in their key order', async () => {
  let refusals = 0;
  // Beside the vectors, characters the refusal's text must carry as they are: a colon
  // (its own field separator) and one outside the BMP (two UTF-16 code units).
  const own = [{ input: '32😀73\t:9:x', note: 'an emoji, a tab, colons' }, { input: '08:12😀3', note: 'a colon, an emoji' }];
  for (const [kind, check] of [['nik', checkNik], ['phone', checkPhone]]) {
    for (const row of [...vectors(kind).cases.filter((row) => row.options === undefined), ...own]) {
      const checked = check(row.input);
      if (checked[kind] !== null) {
        continue;
      }
      assert.deepEqual(Object.keys(checked), ['ok', 'value', 'issues', kind], row.note);
      // TD takes a NIK and a phone number, checked with the fields' default options; its
      // issues cross as JSON, with the field's name as their path.
      const built = await buildRequest('td', 'id-verification', { [kind]: row.input });
      const expected = built.issues
        .filter((issue) => issue.path[0] === kind)
        .map((issue) => ({ ...issue, path: [] }));
      assert.equal(JSON.stringify(checked.issues), JSON.stringify(expected), `${kind} ${row.note}`);
      assert.equal(checked.ok, !expected.some((issue) => issue.severity === 'error'), row.note);
      refusals += 1;
    }
  }
  assert.ok(refusals >= 40, `only ${refusals} refusals among the vectors`);
});

test('without options, every vector answers as with the default options', () => {
  const today = localToday();
  for (const row of vectors('nik').cases.filter((row) => row.options === undefined)) {
    assert.deepEqual(checkNik(row.input), checkNik(row.input, { today }), row.note);
    assert.deepEqual(checkNik(row.input, null), checkNik(row.input, { today }), row.note);
  }
  for (const row of vectors('phone').cases.filter((row) => row.options === undefined)) {
    assert.deepEqual(checkPhone(row.input), checkPhone(row.input, {}), row.note);
  }
  // Longer than the short path takes: the general entry, the same answers.
  const padded = `${' '.repeat(300)}081234567890`;
  assert.equal(checkPhone(padded).value, '+6281234567890');
  assert.deepEqual(checkNik(`${'-'.repeat(300)}3273015205900001`), checkNik('3273015205900001'));
});

test('a short string without options answers as the JSON path does, key for key, on both entries', () => {
  // The short path rebuilds a valid answer from a number and the input, and keeps the
  // names the module gave once (see nikAnswer in npm/field-checks.js): each input twice,
  // a name not seen yet and then a kept one, against the general entry with options, and
  // in a fresh order per entry, so that a name is first seen at different inputs.
  const today = localToday();
  const niks = vectors('nik').cases.map((row) => row.input);
  const phones = vectors('phone').cases.map((row) => row.input);
  // Beside the vectors: a NIK under every two-digit province code (the module names some
  // 38 of them), and NIKs typed with spaces or dots (their value is not the input).
  const codes = Array.from({ length: 100 }, (_, code) => String(code).padStart(2, '0'));
  niks.push(...codes.map((code) => `${code}73015205900001`), '3273 0152 0590 0001', '32.73.01.520590.0001');
  const valid = { nik: 0, phone: 0 };
  for (const [entry, nik, phone] of [['kyc-precheck', checkNik, checkPhone], ['kyc-precheck/fields', fields.checkNik, fields.checkPhone]]) {
    for (const input of [...niks, ...[...niks].reverse()]) {
      const expected = JSON.stringify(nik(input, { today }));
      assert.equal(JSON.stringify(nik(input)), expected, `${entry} checkNik ${JSON.stringify(input)}`);
      assert.equal(JSON.stringify(nik(input)), expected, `${entry} checkNik ${JSON.stringify(input)} again`);
      valid.nik += Number(nik(input).nik !== null);
    }
    for (const input of [...phones, ...[...phones].reverse()]) {
      const expected = JSON.stringify(phone(input, {}));
      assert.equal(JSON.stringify(phone(input)), expected, `${entry} checkPhone ${JSON.stringify(input)}`);
      assert.equal(JSON.stringify(phone(input)), expected, `${entry} checkPhone ${JSON.stringify(input)} again`);
      valid.phone += Number(phone(input).phone !== null);
    }
  }
  assert.ok(valid.nik >= 4 * 38, `only ${valid.nik} valid NIKs`);
  assert.ok(valid.phone >= 4 * 20, `only ${valid.phone} valid phone numbers`);
});

test('a refusal is the JSON path’s result for every refusal vector and every prefix of a typed NIK or number, first seen and kept, on both entries', () => {
  // A refusal of one issue comes back as a key (below zero), by which the entry keeps the
  // result the module gave the first time (see keptRefusal in npm/field-checks.js). Each
  // input is checked twice in a row (the first sight of its key, then the kept result, or
  // both kept), and each entry in its own order, so that a key is first seen at different
  // inputs. The module's own numbers, read from the main entry's glue, show how many of
  // them took the kept path.
  const today = localToday();
  const day = Number(today.replaceAll('-', ''));
  const prefixes = (typed) => Array.from(typed, (_, end) => typed.slice(0, end + 1));
  const refusals = (kind) => vectors(kind).cases.filter((row) => row.options === undefined && !row.ok).map((row) => row.input);
  const niks = [
    ...refusals('nik'),
    ...['3273015205900001', '9973015205900001', '3171234567890123', '١٢٣٤٥٦'].flatMap(prefixes),
  ];
  const phones = [
    ...refusals('phone'),
    ...['0812-3456-7890', '+62 812 3456 7890', '0021 626 555 0100', '(021) 5555 1234', '+65 6123 4567'].flatMap(prefixes),
  ];
  const keyed = { nik: 0, phone: 0 };
  const entries = [
    ['kyc-precheck', checkNik, checkPhone, (list) => list],
    ['kyc-precheck/fields', fields.checkNik, fields.checkPhone, (list) => [...list].reverse()],
  ];
  for (const [entry, nik, phone, order] of entries) {
    for (const input of order(niks)) {
      const expected = JSON.stringify(nik(input, { today }));
      assert.equal(JSON.stringify(nik(input)), expected, `${entry} checkNik ${JSON.stringify(input)}`);
      assert.equal(JSON.stringify(nik(input)), expected, `${entry} checkNik ${JSON.stringify(input)} again`);
      keyed.nik += Number(glue.checkNikNumber(input, day) < 0);
    }
    for (const input of order(phones)) {
      const expected = JSON.stringify(phone(input, {}));
      assert.equal(JSON.stringify(phone(input)), expected, `${entry} checkPhone ${JSON.stringify(input)}`);
      assert.equal(JSON.stringify(phone(input)), expected, `${entry} checkPhone ${JSON.stringify(input)} again`);
      keyed.phone += Number(glue.checkPhoneNumber(input) < 0);
    }
  }
  // 15 of each typed NIK's 16 prefixes, and most of the vectors, are refusals with a key.
  assert.ok(keyed.nik >= 2 * 60, `only ${keyed.nik} NIK refusals took the kept path`);
  assert.ok(keyed.phone >= 2 * 50, `only ${keyed.phone} phone refusals took the kept path`);
});

test('a kept refusal is a fresh result each call: a caller changing one changes no other', () => {
  for (const [check, input] of [[checkNik, '3273015'], [checkPhone, '08123'], [fields.checkNik, '3273015'], [fields.checkPhone, '08123']]) {
    const expected = JSON.stringify(check(input));
    const changed = check(input);
    changed.ok = 'changed';
    changed.value = 'changed';
    changed.issues[0].params.length = -1;
    changed.issues[0].message.en = 'changed';
    changed.issues[0].path.push('changed');
    changed.issues.push('changed');
    assert.equal(JSON.stringify(check(input)), expected, input);
  }
});

test('today is read again when the clock leaves the local day it was read in', (t) => {
  // Born 1 December of a year ending 26: 2026 from that day on, 1926 the day before.
  const nik = '3273010112260001';
  const realNow = Date.now;
  t.after(() => {
    Date.now = realNow;
  });
  const birthYear = (time) => {
    Date.now = () => time;
    return checkNik(nik).nik.birthDate.slice(0, 4);
  };
  const midnight = new Date(2026, 11, 1).getTime();
  assert.equal(birthYear(midnight - 1), '1926');
  assert.equal(birthYear(midnight), '2026');
  assert.equal(birthYear(midnight + 3_600_000), '2026');
  assert.equal(birthYear(midnight - 1), '1926', 'a clock set back');
});

test('the module answers NaN where its text path throws, and the text path then throws its error', () => {
  // The entry passes only short strings to checkNikNumber and checkPhoneNumber; called with
  // one over the bound the module reads, they answer NaN (a plain number: no error crosses
  // with it), and checkNikText and checkPhoneText, which the entry calls for a NaN, throw.
  const long = '9'.repeat(1024 * 1024 + 1);
  const day = Number(localToday().replaceAll('-', ''));
  assert.ok(Number.isNaN(glue.checkNikNumber(long, day)));
  assert.ok(Number.isNaN(glue.checkPhoneNumber(long)));
  assert.throws(() => glue.checkNikText(long, day), /checkNik: a string argument is 1048577 characters long/);
  assert.throws(() => glue.checkPhoneText(long), /checkPhone: a string argument is 1048577 characters long/);
  // And a short string's number is never NaN: an answer, a refusal's key, or 0.
  for (const input of ['', '3273015205900001', '3273 0152 0590 0001', '9973015205900001', '081234567890', '+65 6123 4567', '٠٨١٢']) {
    assert.ok(!Number.isNaN(glue.checkNikNumber(input, day)), input);
    assert.ok(!Number.isNaN(glue.checkPhoneNumber(input)), input);
  }
});
