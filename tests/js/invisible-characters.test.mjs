// Characters an applicant cannot see (a zero-width space pasted with a name, a soft hyphen,
// a right-to-left override) are named in messages by their code point, never quoted as
// they are (which shows "" or reorders the message), and free-text fields refuse the
// format ones. The oracle is the JavaScript engine's own Unicode data (`\p{Cf}` and
// friends), not the crate's tables: src/text.rs lists the format characters by hand.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { buildRequest, checkName, initSync } from 'kyc-precheck';

initSync(readFileSync(new URL('../../pkg/kyc_precheck_bg.wasm', import.meta.url)));
const publicKey = readFileSync(new URL('../providers/oy-test-key.pub.pem', import.meta.url), 'utf8');

const hex = (c) => `U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
/**
 * Every code point of the planes that hold invisible characters: the first two, and the
 * tags and variation selectors of plane 14 (planes 2 and 3 are ideographs, which a name
 * may hold; 4 to 13 are unassigned; 15 and 16 private use). Surrogates are no characters.
 */
const everyCodePoint = function* () {
  for (let point = 0; point <= 0x1ffff; point += 1) {
    if (point < 0xd800 || point > 0xdfff) {
      yield String.fromCodePoint(point);
    }
  }
  for (let point = 0xe0000; point <= 0xe01ef; point += 1) {
    yield String.fromCodePoint(point);
  }
};
/** What a message may show as a code point: controls, format characters, marks, spaces other than " ", blank fillers. */
const INVISIBLE = /^(?:[\p{Cc}\p{Cf}\p{M}]|[\p{Z}\s](?<! )|[\u115f\u1160\u3164\uffa0\u2800])$/u;

test('every format character in a name is named by its code point', () => {
  const format = [...everyCodePoint()].filter((c) => /^\p{Cf}$/u.test(c));
  assert.ok(format.length > 150, `${format.length} format characters`);
  for (const c of format) {
    const checked = checkName(`Si${c}ti`);
    const issue = checked.issues.find((i) => i.code === 'name.invalid_characters');
    assert.ok(issue, `${hex(c)}: ${JSON.stringify(checked.issues.map((i) => i.code))}`);
    assert.ok(issue.message.en.includes(hex(c)) && issue.message.id.includes(hex(c)), `${hex(c)}: ${issue.message.en}`);
    assert.ok(!issue.message.en.includes(c), `${hex(c)} is quoted as it is`);
  }
});

test('a name quotes as they are the characters one can see, and names only invisible ones by code point', () => {
  let named = 0;
  for (const c of everyCodePoint()) {
    const issue = checkName(`Si${c}ti`).issues.find((i) => i.code === 'name.invalid_characters');
    if (issue === undefined) {
      continue;
    }
    const byCodePoint = issue.message.en.includes(hex(c)) && !issue.message.en.includes(`"${c}"`);
    assert.equal(byCodePoint, INVISIBLE.test(c), `${hex(c)}: ${issue.message.en}`);
    named += byCodePoint ? 1 : 0;
  }
  assert.ok(named > 200, `${named} characters named by code point`);
});

test('an address refuses every control but tab and line breaks, and every format character but the joiners', async () => {
  const refused = async (c) => {
    const built = await buildRequest(
      'oy',
      'phone-number',
      { nik: '3273015205900001', name: 'Siti Nurhaliza', phone: '081234567890', address: { home: `Jl. Merdeka${c} 1` } },
      { publicKey },
    );
    return built.issues?.some((i) => i.code === 'field.invalid_characters') ?? false;
  };
  const candidates = [...everyCodePoint()].filter((c) => /^[\p{Cc}\p{Cf}]$/u.test(c));
  for (const c of candidates) {
    const expected = !['\t', '\n', '\r', '\u200c', '\u200d'].includes(c);
    assert.equal(await refused(c), expected, hex(c));
  }
  for (const c of [' ', '\u00a0', 'é', 'ꦧ', '😀', '\u0301']) {
    assert.equal(await refused(c), false, hex(c));
  }
});
