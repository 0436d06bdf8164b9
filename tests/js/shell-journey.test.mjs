// The applicant's journey through kyc-precheck/shell (issue 11, points 1-4), over real
// HTTP: a node:http server on 127.0.0.1 plays the integrator's relay and counts every
// request it receives. A paid request is sent once (a second submit sends nothing, while
// in flight or after the answer), with an Idempotency-Key that stays the same across
// retries; a large body is allowed the time its upload takes; the error summary names
// the fields in both languages, without repeats; dates in messages follow the form.
//
// Timings are printed, never asserted (the upload-time test asserts only that an answer
// that came after timeoutMs was read, not how long anything took).

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';

import init, { buildRequest, checkNik } from 'kyc-precheck';
import { issueSummary, submit } from 'kyc-precheck/shell';

const TODAY = '2026-11-22';

/** The TD page's "Success (Verification Passed)" answer. */
const TD_PASSED = JSON.stringify({
  code: 200,
  message: 'success',
  sequence_id: '1648777165770866F82AC7F326307055',
  result: 'pass',
  id_phone_match: 'pass',
  id_name_match: 'pass',
});

/** Every request received, by route (the first path segment), with its headers. */
const received = new Map();
const handlers = new Map();
let server;
let origin;

function route(name, handler) {
  handlers.set(name, handler);
  received.set(name, []);
  return `${origin}/${name}`;
}

function answer(response, status, body) {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(body);
}

/** A TD request built anew: each build is one paid request, with its own key. */
async function buildTd() {
  const built = await buildRequest(
    'td',
    'id-verification',
    // Made-up applicant.
    { nik: '3273015205900001', name: 'Budi Santoso', phone: '0812-3456-7890' },
    { today: TODAY },
  );
  assert.ok(built.ok, JSON.stringify(built.issues));
  return built.request;
}

before(async () => {
  await init();
  server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const name = request.url.split('/')[1];
      received.get(name)?.push({ headers: request.headers, bytes: Buffer.concat(chunks).byteLength });
      const handler = handlers.get(name);
      if (handler) {
        handler(received.get(name).length - 1, response);
      } else {
        response.writeHead(404).end();
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
});

after(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

describe('submit: a paid request is sent once', () => {
  test('a second submit of a delivered request sends nothing and returns the first answer', async () => {
    const endpoint = route('once', (_, response) => answer(response, 200, TD_PASSED));
    const request = await buildTd();
    const first = await submit(request, { endpoint });
    assert.equal(first.outcome, 'verified');
    assert.equal(first.repeated, false);
    assert.equal(first.attempts, 1);
    const second = await submit(request, { endpoint });
    assert.equal(received.get('once').length, 1, 'the relay received one POST');
    assert.equal(second.repeated, true);
    assert.equal(second.attempts, 0);
    assert.equal(second.outcome, 'verified');
    assert.equal(second.idempotencyKey, first.idempotencyKey);
    assert.deepEqual(
      second.issues.map((issue) => issue.code),
      [...first.issues.map((issue) => issue.code), 'submit.already_sent'],
    );
    const sent = second.issues.at(-1);
    assert.equal(sent.severity, 'warning');
    assert.match(sent.message.id, /sudah dikirim/);
    assert.match(sent.message.en, /already sent/);
  });

  test('a second tap while the first is in flight starts no second POST', async () => {
    let release;
    const answered = new Promise((resolve) => {
      release = resolve;
    });
    const endpoint = route('inflight', (_, response) => answered.then(() => answer(response, 200, TD_PASSED)));
    const request = await buildTd();
    const taps = [submit(request, { endpoint }), submit(request, { endpoint }), submit(request, { endpoint })];
    while (received.get('inflight').length < 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Time for a second POST to arrive, had one been sent.
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    const [first, ...others] = await Promise.all(taps);
    assert.equal(received.get('inflight').length, 1, 'the relay received one POST for three taps');
    assert.equal(first.repeated, false);
    for (const other of others) {
      assert.equal(other.repeated, true);
      assert.equal(other.attempts, 0);
      assert.equal(other.outcome, 'verified');
    }
  });

  test('the Idempotency-Key header is one per built request, the same on every retry', async () => {
    const endpoint = route('key', (index, response) =>
      index % 2 === 0 ? answer(response, 503, '') : answer(response, 200, TD_PASSED),
    );
    const first = await buildTd();
    const result = await submit(first, { endpoint, backoffMs: 1 });
    assert.equal(result.attempts, 2);
    const second = await buildTd();
    const again = await submit(second, { endpoint, backoffMs: 1 });
    const keys = received.get('key').map((entry) => entry.headers['idempotency-key']);
    assert.equal(keys.length, 4);
    assert.match(keys[0], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(keys[1], keys[0], 'a retry carries the same key');
    assert.equal(keys[3], keys[2]);
    assert.notEqual(keys[2], keys[0], 'a new build has a new key');
    assert.equal(result.idempotencyKey, keys[0]);
    assert.equal(again.idempotencyKey, keys[2]);
  });

  test("an answer that says the request was not acted upon leaves it free to send again", async () => {
    const endpoint = route('unprocessed', (index, response) =>
      index === 0 ? answer(response, 503, '') : answer(response, 200, TD_PASSED),
    );
    const request = await buildTd();
    const first = await submit(request, { endpoint, retries: 0 });
    assert.equal(first.status, 503);
    const second = await submit(request, { endpoint, retries: 0 });
    assert.equal(second.repeated, false);
    assert.equal(second.outcome, 'verified');
    const keys = received.get('unprocessed').map((entry) => entry.headers['idempotency-key']);
    assert.equal(keys.length, 2);
    assert.equal(keys[1], keys[0], 'sent again under the same key');
  });

  test("the integrator's own Idempotency-Key is the one sent and kept", async () => {
    const endpoint = route('own-key', (_, response) => answer(response, 200, TD_PASSED));
    const request = await buildTd();
    const result = await submit(request, { endpoint, headers: { 'Idempotency-Key': 'order-1234' } });
    assert.equal(received.get('own-key')[0].headers['idempotency-key'], 'order-1234');
    assert.equal(result.idempotencyKey, 'order-1234');
  });
});

describe('submit: the upload is allowed its time', () => {
  test('with fetch, an answer after timeoutMs still counts when the body is large', async () => {
    const answerAfterMs = 600;
    const endpoint = route('large', (_, response) => setTimeout(() => answer(response, 200, TD_PASSED), answerAfterMs));
    const request = await buildTd();
    // A 1 MB body (TD reads it as its request; the relay here only counts it).
    const large = { ...request, body: JSON.stringify({ ...JSON.parse(request.body), padding: 'x'.repeat(1_000_000) }) };
    const started = performance.now();
    const result = await submit(large, { endpoint, timeoutMs: 200, onProgress: () => assert.fail('no progress with fetch') });
    console.log(`# a 1 MB body, answered ${answerAfterMs} ms after it arrived: read after ${Math.round(performance.now() - started)} ms (timeoutMs 200)`);
    assert.equal(result.transportError, null);
    assert.equal(result.outcome, 'verified');
    assert.equal(received.get('large')[0].bytes, new TextEncoder().encode(large.body).byteLength);
  });

  test('a small body still times out after timeoutMs (the answer is late, not the upload)', async () => {
    const endpoint = route('late', (_, response) => setTimeout(() => answer(response, 200, TD_PASSED), 2_000));
    const result = await submit(await buildTd(), { endpoint, timeoutMs: 200 });
    assert.equal(result.transportError, 'timeout');
    assert.deepEqual(result.issues.map((issue) => issue.code), ['request.timeout']);
  });

  test('onProgress must be a function', async () => {
    await assert.rejects(
      () => submit(null, { endpoint: origin, onProgress: 'yes' }),
      /submit option onProgress must be a function, got string/,
    );
  });
});

describe('issueSummary: lines that name their fields', () => {
  test('the field labels in both languages, never two identical lines', async () => {
    const built = await buildRequest('td', 'id-verification', { nik: '3273', name: 'B', phone: '0812' }, { today: TODAY });
    assert.equal(built.ok, false);
    const issues = [...built.issues, ...built.issues];
    const id = await issueSummary(issues, { provider: 'td' });
    const en = await issueSummary(issues, { provider: 'td', language: 'en' });
    assert.deepEqual(
      id.map((line) => line.text),
      [
        'NIK: NIK terdiri dari 16 digit; yang Anda masukkan 4 digit.',
        'Nomor HP: Ditulis mulai dari angka 0 di depan, nomor ini terdiri dari 4 digit; seharusnya 10 sampai 13 digit.',
        'Nama lengkap: Nama paling sedikit 2 huruf; yang Anda masukkan 1 huruf.',
      ],
    );
    assert.deepEqual(
      en.map((line) => line.text),
      [
        'NIK: A NIK has 16 digits; this one has 4.',
        'Phone number: Written from the leading 0, this number has 4 digits; it needs 10 to 13.',
        'Full name: A name needs at least 2 letters; this one has 1.',
      ],
    );
    assert.deepEqual(id.map((line) => line.fields), [['nik'], ['phone'], ['name']]);
  });

  test('the NIK/birth-date cross-check names both fields, its dates as the form writes them', async () => {
    // Born 12-05-1990 by the NIK (day 52: a woman); the form says 21-05-1990.
    const checked = checkNik('3273015205900001', {
      today: TODAY,
      birthDate: '1990-05-21',
      messageFormat: 'DD-MM-YYYY',
    });
    assert.deepEqual(checked.issues.map((issue) => [issue.code, issue.path]), [['nik.birth_date_mismatch', []]]);
    const [line] = await issueSummary(checked.issues, { provider: 'kredibel' });
    assert.equal(
      line.text,
      'NIK dan Tanggal lahir: Menurut NIK, Anda lahir pada 12-05-1990, tetapi Anda memasukkan 21-05-1990. Periksa keduanya sesuai KTP Anda.',
    );
    assert.deepEqual(line.fields, ['nik', 'birthDate']);
    const [english] = await issueSummary(checked.issues, { provider: 'kredibel', language: 'en' });
    assert.match(english.text, /^NIK and Date of birth: Your NIK says you were born on 12-05-1990/);
  });

  test('an issue of no field is its message alone; mistakes throw', async () => {
    const issue = {
      path: [],
      code: 'request.network_error',
      severity: 'error',
      params: {},
      message: { en: 'The request could not be sent.', id: 'Permintaan tidak dapat dikirim.' },
    };
    const [line] = await issueSummary([issue], { provider: 'td' });
    assert.equal(line.text, 'Permintaan tidak dapat dikirim.');
    assert.deepEqual(line.fields, []);
    await assert.rejects(() => issueSummary('x', { provider: 'td' }), TypeError);
    await assert.rejects(() => issueSummary([], {}), TypeError);
    await assert.rejects(() => issueSummary([], { provider: 'td', language: 'fr' }), TypeError);
  });
});
