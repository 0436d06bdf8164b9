// kyc-precheck/shell's schema(): a Standard Schema (v1) of one provider endpoint, through
// the plain Standard Schema interface and through react-hook-form's
// standardSchemaResolver, called directly (no rendering), as the form would call it.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';

import { standardSchemaResolver } from '@hookform/resolvers/standard-schema';
import init, { buildRequest } from 'kyc-precheck';
import { schema } from 'kyc-precheck/shell';

const repo = new URL('../../', import.meta.url);
const TODAY = '2026-11-22';

/** Made-up applicants. */
const TD_VALID = { nik: '3273015205900001', name: 'Budi Santoso', phone: '0812-3456-7890' };
const TD_INVALID = { nik: '3273', name: 'B', phone: '0812' };

/** What react-hook-form passes a resolver when nothing is rendered. */
const RESOLVER_OPTIONS = { fields: {}, shouldUseNativeValidation: false };

let publicKey;
let selfie;
let idCard;

before(async () => {
  await init();
  publicKey = await readFile(new URL('tests/providers/oy-test-key.pub.pem', repo), 'utf8');
  selfie = new Uint8Array(await readFile(new URL('tests/images/providers/selfie-512x1024.jpg', repo)));
  idCard = new Uint8Array(await readFile(new URL('tests/images/providers/ktp-1024x640.jpg', repo)));
});

/** The errors buildRequest reports for `applicant`, as { message, path } in `language`. */
async function expectedIssues(provider, endpoint, applicant, options, language) {
  const built = await buildRequest(provider, endpoint, applicant, options);
  return built.issues
    .filter((issue) => issue.severity === 'error')
    .map((issue) => ({ message: issue.message[language], path: issue.path }));
}

describe('the Standard Schema interface', () => {
  test("has version 1, vendor kyc-precheck and a validate function, under '~standard'", () => {
    const standard = schema('td', 'id-verification')['~standard'];
    assert.equal(standard.version, 1);
    assert.equal(standard.vendor, 'kyc-precheck');
    assert.equal(typeof standard.validate, 'function');
    assert.ok(Object.isFrozen(standard));
  });

  test('a valid applicant: { value } is the value itself, unchanged', async () => {
    const value = { ...TD_VALID };
    const result = await schema('td', 'id-verification', { today: TODAY })['~standard'].validate(value);
    assert.deepEqual(Object.keys(result), ['value']);
    assert.equal(result.value, value);
    assert.deepEqual(value, TD_VALID);
  });

  test('an invalid applicant: every error, in Bahasa Indonesia by default, at its field', async () => {
    const result = await schema('td', 'id-verification', { today: TODAY })['~standard'].validate(TD_INVALID);
    assert.equal(result.value, undefined);
    assert.deepEqual(result.issues, await expectedIssues('td', 'id-verification', TD_INVALID, { today: TODAY }, 'id'));
    assert.deepEqual(
      result.issues.map((issue) => issue.path),
      [['nik'], ['phone'], ['name']],
    );
    assert.equal(result.issues[0].message, 'NIK terdiri dari 16 digit; yang Anda masukkan 4 digit.');
  });

  test("language: 'en' gives the English messages", async () => {
    const result = await schema('td', 'id-verification', { language: 'en' })['~standard'].validate(TD_INVALID);
    assert.deepEqual(result.issues, await expectedIssues('td', 'id-verification', TD_INVALID, {}, 'en'));
    assert.equal(result.issues[0].message, 'A NIK has 16 digits; this one has 4.');
  });

  test('empty fields, as an untouched form has them, are required', async () => {
    const result = await schema('td', 'id-verification')['~standard'].validate({ nik: '', name: '', phone: '' });
    assert.deepEqual(
      result.issues.map((issue) => issue.message),
      [
        'Masukkan NIK, yaitu 16 digit angka pada KTP Anda.',
        'Masukkan nomor HP Anda.',
        'Masukkan nama lengkap sesuai KTP.',
      ],
    );
  });

  test('fields the endpoint does not read (a consent box) are ignored, and kept in the value', async () => {
    const value = { ...TD_VALID, consent: true, email: 'not read by TD' };
    const result = await schema('td', 'id-verification', { today: TODAY })['~standard'].validate(value);
    assert.equal(result.value, value);
  });

  test("warnings do not fail validation (a likely email typo, a birth date unlike the NIK's)", async () => {
    const value = {
      nik: '3273015205900001',
      name: 'Siti Rahayu',
      birthDate: '1990-05-13',
      email: 'siti@gmial.com',
      phone: '0812-3456-7890',
      selfie,
      idCard,
    };
    const built = await buildRequest('kredibel', 'certificate-issuance', value, { today: TODAY });
    assert.deepEqual(
      built.issues.map((issue) => issue.severity),
      ['warning', 'warning'],
    );
    const result = await schema('kredibel', 'certificate-issuance', { today: TODAY })['~standard'].validate(value);
    assert.equal(result.value, value);
  });

  test("a nested field has a nested path; build options (OY's publicKey) reach buildRequest", async () => {
    const oy = schema('oy', 'phone-number', { publicKey, today: TODAY });
    const result = await oy['~standard'].validate({ ...TD_VALID, name: 'Siti Rahayu', address: { home: '' } });
    assert.deepEqual(result.issues, [{ message: 'Isi alamat rumah Anda.', path: ['address', 'home'] }]);
  });

  test('the build option today decides what is in the future', async () => {
    const value = { custRefNo: '5102873', nik: '3273015205900001', name: 'Siti', birthDate: '2030-01-01' };
    const result = await schema('widekyc', 'id-validation', { today: TODAY })['~standard'].validate(value);
    assert.deepEqual(
      result.issues.map((issue) => issue.path),
      [['birthDate']],
    );
  });
});

describe('with react-hook-form (standardSchemaResolver, called directly)', () => {
  test('an invalid form: errors keyed by field name, with the Indonesian messages', async () => {
    const resolver = standardSchemaResolver(schema('td', 'id-verification', { today: TODAY }));
    const { values, errors } = await resolver(TD_INVALID, undefined, RESOLVER_OPTIONS);
    assert.deepEqual(values, {});
    assert.deepEqual(Object.keys(errors).sort(), ['name', 'nik', 'phone']);
    assert.equal(errors.nik.message, 'NIK terdiri dari 16 digit; yang Anda masukkan 4 digit.');
    assert.equal(
      errors.phone.message,
      'Ditulis mulai dari angka 0 di depan, nomor ini terdiri dari 4 digit; seharusnya 10 sampai 13 digit.',
    );
    assert.equal(errors.name.message, 'Nama paling sedikit 2 huruf; yang Anda masukkan 1 huruf.');
  });

  test('in English', async () => {
    const resolver = standardSchemaResolver(schema('td', 'id-verification', { language: 'en' }));
    const { errors } = await resolver(TD_INVALID, undefined, RESOLVER_OPTIONS);
    assert.equal(errors.nik.message, 'A NIK has 16 digits; this one has 4.');
  });

  test('a valid form: no errors, and the values as typed', async () => {
    const resolver = standardSchemaResolver(schema('td', 'id-verification', { today: TODAY }));
    const form = { ...TD_VALID, consent: true };
    const { values, errors } = await resolver(form, undefined, RESOLVER_OPTIONS);
    assert.deepEqual(errors, {});
    assert.deepEqual(values, form);
    assert.equal(values.phone, '0812-3456-7890');
  });

  test('a nested field: errors.address.home', async () => {
    const resolver = standardSchemaResolver(schema('oy', 'phone-number', { publicKey, today: TODAY }));
    const form = { ...TD_VALID, name: 'Siti Rahayu', address: { home: '' } };
    const { errors } = await resolver(form, undefined, RESOLVER_OPTIONS);
    assert.deepEqual(Object.keys(errors), ['address']);
    assert.equal(errors.address.home.message, 'Isi alamat rumah Anda.');
  });
});

describe('programmer mistakes throw', () => {
  test('in schema(): provider, endpoint, language, options, worker', () => {
    assert.throws(() => schema(), { name: 'TypeError', message: /takes a provider id and an endpoint id/ });
    assert.throws(() => schema('td', 'id-verification', { language: 'fr' }), {
      name: 'TypeError',
      message: /language must be "id" or "en", got "fr"/,
    });
    assert.throws(() => schema('td', 'id-verification', 'id'), {
      name: 'TypeError',
      message: /options must be an object/,
    });
    assert.throws(() => schema('td', 'id-verification', { worker: {} }), {
      name: 'TypeError',
      message: /createWorker/,
    });
  });

  test('in validate(): what buildRequest refuses, and a value that is not an object', async () => {
    await assert.rejects(schema('nope', 'x')['~standard'].validate({}), /unknown provider "nope"/);
    await assert.rejects(schema('td', 'nope')['~standard'].validate({}), /td has no endpoint "nope"/);
    await assert.rejects(schema('td', 'id-verification', { sandbox: true })['~standard'].validate(TD_VALID), /sandbox/);
    await assert.rejects(
      schema('td', 'id-verification')['~standard'].validate({ nik: 3273015205900001 }),
      /nik|string/,
    );
    await assert.rejects(schema('td', 'id-verification')['~standard'].validate('3273015205900001'), {
      name: 'TypeError',
      message: /must be an applicant object, got string/,
    });
  });
});
