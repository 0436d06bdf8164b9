// The field rows of the benchmark: checkNik and checkPhone through the package's public
// API, calls per second, against the JS parsers a developer would use instead: nik-parser
// (the most used NIK parser on npm) and libphonenumber-js/max's parsePhoneNumber + isValid.
// Each row is one input, valid or not, as a form checks it on every keystroke; each side
// reads what its answer offers (our result object; their parser's details of a valid NIK,
// or the number's E.164 and type), so that neither is measured doing less than a form uses.
//
// nik-parser's isValid() throws a TypeError for a NIK whose province and regency exist but
// whose district does not (it reads `.split` of undefined): theirs catches it, as a form
// would have to.

import { checkNik, checkPhone } from 'kyc-precheck';
import { parsePhoneNumber } from 'libphonenumber-js/max';
import { nikParser } from 'nik-parser';

/** Each row's input and what both sides should answer for it (valid or not). */
const NIKS = [
  { input: '3273015205900001', note: 'valid', valid: true },
  { input: '3273015205', note: 'typed half-way', valid: false },
  { input: '9973015205900001', note: 'no such province', valid: false },
];
const PHONES = [
  { input: '0812-3456-7890', note: 'valid, mobile', valid: true },
  { input: '0856 9876 5432', note: 'valid, mobile', valid: true },
  { input: '08123', note: 'typed half-way', valid: false },
];

function ourNik(input) {
  const checked = checkNik(input);
  return checked.ok ? checked.nik.birthDate : checked.issues[0].code;
}

function theirNik(input) {
  const nik = nikParser(input);
  try {
    if (!nik.isValid()) {
      return null;
    }
  } catch {
    return null;
  }
  return [nik.province(), nik.kabupatenKota(), nik.kecamatan(), nik.kelamin(), nik.lahir(), nik.uniqcode()];
}

function ourPhone(input) {
  const checked = checkPhone(input);
  return checked.ok ? checked.phone.e164 : checked.issues[0].code;
}

function theirPhone(input) {
  const number = parsePhoneNumber(input, 'ID');
  return number?.isValid() ? [number.number, number.getType()] : null;
}

/** The rows: `compare` times both sides (bench/main.js), medians of alternating samples. */
export async function fieldRows(compare) {
  const rows = [];
  const sides = [
    { path: 'checkNik', cases: NIKS, ours: ourNik, theirs: theirNik, baseline: 'nik-parser: nikParser + isValid + its details' },
    {
      path: 'checkPhone',
      cases: PHONES,
      ours: ourPhone,
      theirs: theirPhone,
      baseline: "libphonenumber-js/max: parsePhoneNumber(input, 'ID') + isValid + number, getType",
    },
  ];
  for (const { path, cases, ours, theirs, baseline } of sides) {
    for (const { input, note, valid } of cases) {
      const ourAnswer = path === 'checkNik' ? checkNik(input).ok : checkPhone(input).ok;
      const theirAnswer = theirs(input) !== null;
      const timing = await compare(
        { async: false, run: () => ours(input) },
        { async: false, run: () => theirs(input) },
      );
      rows.push({
        file: `${JSON.stringify(input)} (${note})`,
        path,
        baseline,
        oursPerSecond: 1000 / timing.oursMs,
        theirsPerSecond: 1000 / timing.theirsMs,
        agree: ourAnswer === valid && theirAnswer === valid,
        facts: { ours: ourAnswer, theirs: theirAnswer, expected: valid },
        ...timing,
      });
    }
  }
  return rows;
}
