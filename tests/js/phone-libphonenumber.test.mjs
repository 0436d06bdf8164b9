// Holds checkPhone's verdicts against libphonenumber's (Google's numbering metadata, in
// its "max" build) for every row of tests/vectors/phone.json.
//
// The two are not meant to agree everywhere: this package reads numbers as Indonesian
// applicants type them and accepts mobile numbers only. Every row where they disagree
// must be listed in tests/phone-differences.json with a reason, and every listed row
// must still disagree, so the list is a reviewed record of known differences rather
// than a place where regressions hide.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';

import init, { checkPhone } from 'kyc-precheck';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';

import { difference } from './vector-harness.mjs';

const readJson = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const vectors = readJson('../vectors/phone.json');
const differences = readJson('../phone-differences.json');

/** libphonenumber's verdict and E.164 reading, with the number types we would accept. */
function libphonenumberVerdict(input, options = {}) {
  const accepted = ['MOBILE', 'FIXED_LINE_OR_MOBILE'];
  if (options.allowFixedLine) {
    accepted.push('FIXED_LINE');
  }
  try {
    const number = parsePhoneNumberWithError(input, { defaultCountry: 'ID', extract: false });
    const ok = number.isValid() && accepted.includes(number.getType());
    return { verdict: ok ? 'accept' : 'reject', e164: ok ? number.number : null };
  } catch {
    // A ParseError: libphonenumber could not read a number at all.
    return { verdict: 'reject', e164: null };
  }
}

/** Rows are identified by their input and options, as phone-differences.json lists them. */
const sameRow = (a, b) => a.input === b.input && difference(a.options ?? {}, b.options ?? {}) === null;

before(async () => {
  await init();
});

describe('checkPhone against libphonenumber-js/max', () => {
  vectors.cases.forEach((row, index) => {
    test(`phone[${index}] ${row.note}`, () => {
      const ours = checkPhone(row.input, row.options);
      const oursVerdict = ours.ok ? 'accept' : 'reject';
      const theirs = libphonenumberVerdict(row.input, row.options);
      const listed = differences.find((entry) => sameRow(entry, row));

      if (oursVerdict === theirs.verdict) {
        assert.equal(
          listed,
          undefined,
          `${JSON.stringify(row.input)}: both ${oursVerdict} it now, so remove it from tests/phone-differences.json`,
        );
        if (oursVerdict === 'accept') {
          assert.equal(
            ours.value,
            theirs.e164,
            `${JSON.stringify(row.input)}: both accept it but read different numbers`,
          );
        }
        return;
      }
      assert.ok(
        listed !== undefined,
        `${JSON.stringify(row.input)}${row.options ? ` with ${JSON.stringify(row.options)}` : ''}: ` +
          `we ${oursVerdict} it and libphonenumber would ${theirs.verdict} it; ` +
          'fix the check or list the row with a reason in tests/phone-differences.json',
      );
      assert.equal(
        listed.ours,
        oursVerdict,
        `${JSON.stringify(row.input)}: phone-differences.json says ours = ${listed.ours}`,
      );
      assert.equal(
        listed.libphonenumber,
        theirs.verdict,
        `${JSON.stringify(row.input)}: phone-differences.json says libphonenumber = ${listed.libphonenumber}`,
      );
    });
  });

  test('every listed difference is a row of phone.json, with a reason', () => {
    for (const entry of differences) {
      assert.ok(
        vectors.cases.some((row) => sameRow(entry, row)),
        `${JSON.stringify(entry.input)} is listed in phone-differences.json but is not a row of phone.json`,
      );
      assert.ok(
        typeof entry.reason === 'string' && entry.reason.length >= 20,
        `${JSON.stringify(entry.input)}: give a reason`,
      );
      assert.ok(['accept', 'reject'].includes(entry.ours) && ['accept', 'reject'].includes(entry.libphonenumber));
    }
    assert.equal(
      new Set(differences.map((entry) => JSON.stringify([entry.input, entry.options ?? {}]))).size,
      differences.length,
      'phone-differences.json lists a row twice',
    );
  });

  test('the two agree on most rows', () => {
    // A guard against a change that makes either side accept or refuse everything: then
    // each row would need listing, and a long list would be the only sign.
    assert.ok(
      differences.length <= vectors.cases.length / 5,
      `${differences.length} of ${vectors.cases.length} rows disagree`,
    );
  });
});
