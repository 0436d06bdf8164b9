// Every provider vector (tests/providers/*.json) through the npm package in Node, with the
// comparisons of provider-harness.mjs (shared with the browser run): exact requests,
// readings of every documented answer, and no credential in any built request.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';

import * as api from 'kyc-precheck';
import init from 'kyc-precheck';

import { buildFailures, PROVIDER_IDS, readFailures, rowName } from './provider-harness.mjs';

const repo = new URL('../../', import.meta.url);
const load = {
  bytes: async (path) => new Uint8Array(await readFile(new URL(path, repo))),
  text: (path) => readFile(new URL(path, repo), 'utf8'),
};

before(() => init());

for (const provider of PROVIDER_IDS) {
  const file = JSON.parse(await readFile(new URL(`tests/providers/${provider}.json`, repo), 'utf8'));
  describe(`${provider}.json`, () => {
    file.build.forEach((row, index) => {
      test(rowName(provider, 'build', index, row), async () => {
        const failures = await buildFailures(api, file, row, load);
        assert.ok(failures.length === 0, failures.join('\n  '));
      });
    });
    file.read.forEach((row, index) => {
      test(rowName(provider, 'read', index, row), () => {
        const failures = readFailures(api, file, row);
        assert.ok(failures.length === 0, failures.join('\n  '));
      });
    });
  });
}

describe('the provider API', () => {
  test('rules() lists every provider and endpoint with their fields', () => {
    const all = api.rules();
    assert.deepEqual(
      all.map((p) => p.id),
      PROVIDER_IDS,
    );
    const kredibel = api.rules('kredibel')[0];
    const selfie = kredibel.endpoints[0].fields.find((f) => f.field === 'selfie');
    assert.deepEqual(selfie.image, {
      formats: ['jpeg', 'png', 'svg'],
      minBytes: 102400,
      // "Min Size: 100KB", in the page's words for the hint (the bytes read it strictly).
      minBytesStated: '100 KB',
      // "Max Size: 4MB" on a base64 field: the base64 of a 3,000,000-byte file is 4,000,000,
      // so "4 MB" is not the file's bound and is not offered as its wording.
      maxBytes: 3000000,
      maxBytesStated: null,
      minWidth: 480,
      minHeight: 640,
    });
    const idCard = kredibel.endpoints[0].fields.find((f) => f.field === 'idCard');
    assert.deepEqual(
      [idCard.image.minBytesStated, idCard.image.maxBytes, idCard.image.maxBytesStated],
      ['100 KB', 1500000, null],
    );
    // The hint's wording is the one the size message of the same slot uses.
    const tooSmall = api
      .checkImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), { provider: 'kredibel', field: 'selfie' })
      .issues.find((issue) => issue.code === 'image.file_too_small');
    assert.equal(tooSmall?.params.minBytesStated, selfie.image.minBytesStated);
    assert.match(tooSmall?.message.id ?? '', /minimal 100 KB/);
    for (const provider of all) {
      for (const field of provider.endpoints.flatMap((endpoint) => endpoint.fields)) {
        if (field.image) {
          const { minBytes, minBytesStated, maxBytesStated } = field.image;
          assert.equal(minBytesStated === null, minBytes === null, `${provider.id} ${field.field}`);
          assert.ok(maxBytesStated === null || typeof maxBytesStated === 'string', `${provider.id} ${field.field}`);
        }
      }
    }
    assert.deepEqual(selfie.label, { en: 'Selfie', id: 'Foto selfie' });
    const dukcapil = api.rules('quantum-elixir')[0].endpoints[0];
    assert.equal(dukcapil.guidance.dukcapilFallback.tier, 'standard');
    // A verified liveness or OCR is no identity check (the seed: passive-liveness returns
    // only whether the face is live, id-recognize only the card's text).
    const verifies = Object.fromEntries(
      all.flatMap((provider) => provider.endpoints.map((endpoint) => [`${provider.id} ${endpoint.id}`, endpoint.verifies])),
    );
    assert.equal(verifies['widekyc passive-liveness'], 'liveness');
    assert.equal(verifies['widekyc id-recognize'], 'document');
    const others = Object.entries(verifies).filter(([name]) => !/passive-liveness|id-recognize/.test(name));
    assert.ok(others.length >= 7 && others.every(([, value]) => value === 'identity'), JSON.stringify(verifies));
    assert.throws(() => api.rules('nope'), /rules: unknown provider "nope"/);
  });

  test('a province-96 NIK survives nikAsNumber digit for digit', async () => {
    // 96 = Papua Barat Daya: every such NIK exceeds 2^53, so a JS number would corrupt it.
    const nik = '9601011201900001';
    assert.ok(BigInt(nik) > BigInt(Number.MAX_SAFE_INTEGER));
    const built = await api.buildRequest(
      'widekyc',
      'id-validation',
      { custRefNo: '5102873', nik },
      { nikAsNumber: true, today: '2026-11-22' },
    );
    assert.ok(built.ok, JSON.stringify(built.issues));
    assert.match(built.request.body, /"nik":9601011201900001[,}]/);
    // Read back without a float: the digits in the text are the NIK's.
    const digits = built.request.body.match(/"nik":(\d+)/)[1];
    assert.equal(digits, nik);
    assert.notEqual(String(JSON.parse(built.request.body).nik), nik, 'a plain JSON.parse would lose digits');
  });

  test('programmer mistakes throw, naming what is wrong', async () => {
    await assert.rejects(api.buildRequest('nope', 'x', {}), /unknown provider "nope"/);
    await assert.rejects(api.buildRequest('td', 'nope', {}), /td has no endpoint "nope"/);
    await assert.rejects(api.buildRequest('td', 'id-verification', { nikk: '1' }), /invalid input: unknown field `nikk`/);
    await assert.rejects(api.buildRequest('td', 'id-verification', {}, { sandbox: true }), /option "sandbox" does not apply to td/);
    await assert.rejects(api.buildRequest('kredibel', 'certificate-issuance', { selfie: 'abc' }), /input.selfie: expected a Uint8Array/);
    assert.throws(() => api.readResponse('td', 'id-verification', 99, ''), /httpStatus must be an HTTP status code/);
  });
});
