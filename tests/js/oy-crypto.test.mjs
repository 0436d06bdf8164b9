// OY's encryption checked from outside the package: requests built by `buildRequest` are
// decrypted with Node's own crypto (OpenSSL) and the test private key in
// tests/providers/oy-test-key.pem, and must give back the exact JSON texts and the exact
// photo bytes, for every RSA padding × AES mode and both PEM kinds of the public key.
//
// The key pair is test data, not OY's key. The readings this test holds the package to
// (what AES encrypts, how nonces and IVs are laid out, chunking) are documented in
// src/provider/oy.rs.

import assert from 'node:assert/strict';
import {
  constants,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
} from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';

import init, { buildRequest } from 'kyc-precheck';

const repo = new URL('../../', import.meta.url);
const file = (path) => readFileSync(new URL(path, repo));

const privateKey = createPrivateKey(file('tests/providers/oy-test-key.pem'));
const spkiPem = file('tests/providers/oy-test-key.pub.pem').toString('utf8');
const pkcs1Pem = createPublicKey(spkiPem).export({ type: 'pkcs1', format: 'pem' });
const KEY_BYTES = 256; // a 2048-bit modulus

const RSA_SCHEMES = ['oaep-sha256', 'oaep-sha256-mgf1-sha1', 'oaep-sha1', 'pkcs1v15'];
const PRIVATE_KEY_PATH = new URL('tests/providers/oy-test-key.pem', repo).pathname;
const AES_MODES = ['gcm', 'cbc'];
const PEMS = { spki: spkiPem, pkcs1: pkcs1Pem };

const KTP_PATH = 'tests/images/providers/ktp-1024x640.jpg';
const SELFIE_PATH = 'tests/images/providers/selfie-512x1024.jpg';
const ktp = file(KTP_PATH);
const selfie = file(SELFIE_PATH);

const applicant = {
  nik: '3273015205900001',
  name: 'Siti Nurhaliza',
  email: 'siti.nurhaliza@gmail.com',
  phone: '0812-3456-7890',
  address: { home: 'Jl. Merdeka No. 1, Bandung', business: 'Jl. Asia Afrika No. 8, Bandung' },
};
const today = '2026-11-22';

/** Standard base64 with padding, and nothing else: decodes and re-encodes unchanged. */
function unbase64(text) {
  assert.equal(typeof text, 'string');
  assert.match(text, /^[A-Za-z0-9+/]*={0,2}$/);
  const bytes = Buffer.from(text, 'base64');
  assert.equal(bytes.toString('base64'), text, 'canonical standard base64');
  return bytes;
}

/**
 * RSAES-PKCS1-v1_5 decryption by hand. Node 20 refuses RSA_PKCS1_PADDING in privateDecrypt
 * (CVE-2023-46809), so the raw RSA result is unpadded here: 0x00 0x02, at least 8 nonzero
 * padding bytes, 0x00, then the message.
 */
function pkcs1v15Decrypt(block) {
  const em = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, block);
  assert.equal(em.length, KEY_BYTES);
  assert.deepEqual([em[0], em[1]], [0x00, 0x02], 'PKCS#1 v1.5 encryption block');
  const separator = em.indexOf(0x00, 2);
  assert.ok(separator >= 10, 'at least 8 bytes of nonzero padding');
  return em.subarray(separator + 1);
}

/** An RSA field: base64 of one or more 256-byte ciphertexts, each decrypted alone. */
function rsaOpen(text, scheme) {
  const sealed = unbase64(text);
  assert.equal(sealed.length % KEY_BYTES, 0, 'whole RSA blocks');
  const parts = [];
  for (let i = 0; i < sealed.length; i += KEY_BYTES) {
    const block = sealed.subarray(i, i + KEY_BYTES);
    if (scheme === 'pkcs1v15') {
      parts.push(pkcs1v15Decrypt(block));
    } else if (scheme === 'oaep-sha256-mgf1-sha1') {
      // Node's privateDecrypt ties MGF1's hash to oaepHash, so Java's
      // OAEPWithSHA-256AndMGF1Padding (label hash SHA-256, MGF1-SHA-1) is opened with the
      // OpenSSL command line, which sets the two apart.
      parts.push(
        execFileSync('openssl', [
          'pkeyutl', '-decrypt', '-inkey', PRIVATE_KEY_PATH,
          '-pkeyopt', 'rsa_padding_mode:oaep',
          '-pkeyopt', 'rsa_oaep_md:sha256',
          '-pkeyopt', 'rsa_mgf1_md:sha1',
        ], { input: block }),
      );
    } else {
      const oaepHash = scheme === 'oaep-sha256' ? 'sha256' : 'sha1';
      parts.push(
        privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, block),
      );
    }
  }
  return { text: Buffer.concat(parts).toString('utf8'), blocks: sealed.length / KEY_BYTES };
}

/**
 * A photo field: AES-256 over the photo's base64 text. GCM: 12-byte nonce, ciphertext,
 * 16-byte tag. CBC: 16-byte IV, PKCS#7-padded ciphertext. Returns the photo's bytes.
 */
function aesOpen(text, key, mode) {
  const sealed = unbase64(text);
  let plain;
  if (mode === 'gcm') {
    const nonce = sealed.subarray(0, 12);
    const tag = sealed.subarray(sealed.length - 16);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAuthTag(tag);
    plain = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
    assert.equal(sealed.length, 12 + plain.length + 16);
  } else {
    const iv = sealed.subarray(0, 16);
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    plain = Buffer.concat([decipher.update(sealed.subarray(16)), decipher.final()]);
    assert.equal(sealed.length, 16 + (Math.floor(plain.length / 16) + 1) * 16);
  }
  return unbase64(plain.toString('ascii'));
}

function requestOf(built) {
  assert.equal(built.ok, true, JSON.stringify(built.issues));
  assert.ok(built.request, 'a request');
  return built.request;
}

before(() => init());

describe('oy id-card: every scheme round-trips through Node crypto', () => {
  for (const [pemKind, publicKey] of Object.entries(PEMS)) {
    for (const rsa of RSA_SCHEMES) {
      for (const aes of AES_MODES) {
        test(`${pemKind} key, rsa=${rsa}, aes=${aes}`, async () => {
          const built = await buildRequest(
            'oy',
            'id-card',
            { ...applicant, idCard: new Uint8Array(ktp), selfie: new Uint8Array(selfie) },
            { publicKey, rsa, aes, today },
          );
          const request = requestOf(built);
          assert.equal(request.method, 'POST');
          assert.equal(request.path, '/api/kyc/id-card');
          assert.deepEqual(request.query, {});
          assert.deepEqual(request.headers, { Accept: 'application/json', 'Content-Type': 'application/json' });
          const body = JSON.parse(request.body);
          assert.deepEqual(Object.keys(body), [
            'personal_information',
            'address',
            'id_card_photo',
            'selfie_card_photo',
          ]);

          const personal = rsaOpen(body.personal_information, rsa);
          assert.equal(personal.blocks, 1);
          const { secret } = JSON.parse(personal.text);
          const key = unbase64(secret);
          assert.equal(key.length, 32, 'an AES-256 key');
          assert.equal(
            personal.text,
            `{"name":"Siti Nurhaliza","email":"siti.nurhaliza@gmail.com","phone_number":"+6281234567890","nik":"3273015205900001","secret":"${secret}"}`,
          );
          assert.equal(
            rsaOpen(body.address, rsa).text,
            '{"home":"Jl. Merdeka No. 1, Bandung","business":"Jl. Asia Afrika No. 8, Bandung"}',
          );
          assert.ok(aesOpen(body.id_card_photo, key, aes).equals(ktp), 'the exact KTP photo');
          assert.ok(aesOpen(body.selfie_card_photo, key, aes).equals(selfie), 'the exact selfie');
        });
      }
    }
  }

  test('a PNG and a calibration photograph, without email', async () => {
    const png = file('tests/images/good/png-8bit-rgb-640x480.png');
    const jpeg = file('tests/images/calibration/astronaut-sharp.jpg');
    const { email, ...withoutEmail } = applicant;
    assert.ok(email);
    const built = await buildRequest(
      'oy',
      'id-card',
      { ...withoutEmail, idCard: jpeg, selfie: png },
      { publicKey: spkiPem, today },
    );
    const body = JSON.parse(requestOf(built).body);
    const personal = rsaOpen(body.personal_information, 'oaep-sha256').text;
    const { secret } = JSON.parse(personal);
    assert.equal(
      personal,
      `{"name":"Siti Nurhaliza","phone_number":"+6281234567890","nik":"3273015205900001","secret":"${secret}"}`,
      'email left out, not sent empty',
    );
    const key = unbase64(secret);
    assert.ok(aesOpen(body.id_card_photo, key, 'gcm').equals(jpeg));
    assert.ok(aesOpen(body.selfie_card_photo, key, 'gcm').equals(png));
  });

  test('each request has a fresh key, and each photo its own nonce', async () => {
    const input = { ...applicant, idCard: ktp, selfie };
    const secrets = new Set();
    const nonces = new Set();
    for (let i = 0; i < 3; i += 1) {
      const body = JSON.parse(requestOf(await buildRequest('oy', 'id-card', input, { publicKey: spkiPem, today })).body);
      secrets.add(JSON.parse(rsaOpen(body.personal_information, 'oaep-sha256').text).secret);
      nonces.add(unbase64(body.id_card_photo).subarray(0, 12).toString('hex'));
      nonces.add(unbase64(body.selfie_card_photo).subarray(0, 12).toString('hex'));
    }
    assert.equal(secrets.size, 3);
    assert.equal(nonces.size, 6);
  });
});

describe('oy phone-number and status', () => {
  for (const rsa of RSA_SCHEMES) {
    test(`phone-number, rsa=${rsa}`, async () => {
      const built = await buildRequest('oy', 'phone-number', applicant, { publicKey: pkcs1Pem, rsa, today });
      const request = requestOf(built);
      assert.equal(request.path, '/kyc/phone-number');
      const body = JSON.parse(request.body);
      assert.deepEqual(Object.keys(body), ['personal_information', 'address']);
      assert.equal(
        rsaOpen(body.personal_information, rsa).text,
        '{"name":"Siti Nurhaliza","phone_number":"+6281234567890","nik":"3273015205900001"}',
      );
      assert.equal(rsaOpen(body.address, rsa).text, '{"home":"Jl. Merdeka No. 1, Bandung"}');
    });

    test(`status, rsa=${rsa}`, async () => {
      const built = await buildRequest('oy', 'status', { nik: '3273 0152 0590 0001' }, { publicKey: spkiPem, rsa, today });
      const request = requestOf(built);
      assert.equal(request.path, '/kyc/status');
      const body = JSON.parse(request.body);
      assert.deepEqual(Object.keys(body), ['personal_information']);
      assert.equal(rsaOpen(body.personal_information, rsa).text, '{"nik":"3273015205900001"}');
    });
  }
});

describe('oy RSA block limits', () => {
  // 220 bytes of address JSON, an é straddling the boundary of the first 190-byte block.
  const home = `No ${'Jalan Ké '.repeat(18).trim()}`;
  const long = { ...applicant, address: { home, business: 'Ruko Émerald' }, idCard: ktp, selfie };
  const expected = JSON.stringify(long.address);

  test('a JSON text over 190 bytes is an issue, not an exception', async () => {
    assert.equal(Buffer.byteLength(expected), 220);
    assert.equal(Buffer.from(expected).subarray(189, 191).toString('utf8'), 'é');
    const built = await buildRequest('oy', 'id-card', long, { publicKey: spkiPem, today });
    assert.equal(built.ok, false);
    assert.equal(built.request, null);
    assert.equal(built.issues.length, 1);
    const [issue] = built.issues;
    assert.equal(issue.code, 'field.too_long_encrypted');
    assert.deepEqual(issue.path, ['address', 'home']);
    assert.deepEqual(issue.params, { field: 'address.home', length: 220, maxLength: 190 });
    assert.match(issue.message.en, /home address .* 220 bytes, and at most 190 fit/);
    assert.match(issue.message.id, /alamat rumah .* 220 byte, sedangkan batasnya 190 byte/);
  });

  test('chunked: blocks of the scheme\'s size, each encrypted alone, concatenated', async () => {
    for (const rsa of RSA_SCHEMES) {
      const built = await buildRequest('oy', 'id-card', long, { publicKey: spkiPem, rsa, chunked: true, today });
      const body = JSON.parse(requestOf(built).body);
      const address = rsaOpen(body.address, rsa);
      assert.equal(address.text, expected, rsa);
      // 220 bytes: two blocks under OAEP (at most 190 or 214 bytes each), one under
      // PKCS#1 v1.5 (245).
      assert.equal(address.blocks, rsa === 'pkcs1v15' ? 1 : 2, rsa);
    }
  });
});

describe('oy programmer mistakes throw', () => {
  const input = { ...applicant, idCard: ktp, selfie };
  for (const endpoint of ['id-card', 'phone-number', 'status']) {
    test(`${endpoint} without options.publicKey`, async () => {
      await assert.rejects(
        buildRequest('oy', endpoint, input, { today }),
        { message: `buildRequest: oy ${endpoint} needs options.publicKey (PEM)` },
      );
    });
  }

  test('a private key, no PEM, a damaged key, an unknown scheme', async () => {
    const privatePem = file('tests/providers/oy-test-key.pem').toString('utf8');
    await assert.rejects(
      buildRequest('oy', 'id-card', input, { publicKey: privatePem }),
      /buildRequest: oy id-card needs options.publicKey to be OY's public key, not a private key/,
    );
    await assert.rejects(
      buildRequest('oy', 'id-card', input, { publicKey: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A' }),
      /no -----BEGIN line/,
    );
    await assert.rejects(
      buildRequest('oy', 'id-card', input, { publicKey: spkiPem.replace(/[A-Za-z0-9+/]{20}\n/, '\n') }),
      /needs options.publicKey to be an RSA public key in PEM/,
    );
    await assert.rejects(buildRequest('oy', 'id-card', input, { publicKey: spkiPem, rsa: 'oaep-md5' }), /oaep-md5/);
  });
});
