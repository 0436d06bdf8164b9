// kyc-precheck/shell's submit() over real HTTP: a node:http server on 127.0.0.1 plays the
// integrator's relay (answers, 503 then 200, 429 with Retry-After, a hang, a cut
// connection, a body nobody documented, redirects to a second server, 502 and 504, a
// 10 MB answer), and the requests are built by the real package, imported by name as an
// application would. Also the shell's entries in the package and the programmer mistakes
// that throw.
//
// Timings appear only as bounds (a timeout must fire, a Retry-After must be waited out),
// never as performance assertions; every wait is kept short.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

import init, { buildRequest, issueCodes, readResponse, rules } from 'kyc-precheck';
import * as shellEntry from 'kyc-precheck/shell';
import { createWorker, RATE_LIMITS, submit } from 'kyc-precheck/shell';

const root = fileURLToPath(new URL('../../', import.meta.url));
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
/** Quantum Elixir's "Response (declined verdict)" answer. */
const QE_DECLINED = JSON.stringify({ verification: { id: 'ver_01HXY', status: 'failed' }, enrolment: null });

/**
 * The relay: each test names a route (the first path segment) and a handler called with
 * the 0-based number of the request on that route. Every request is recorded.
 */
class Relay {
  #server;
  #routes = new Map();
  #seen = new Map();
  origin = '';

  async start() {
    this.#server = createServer((request, response) => {
      const chunks = [];
      request.on('data', (chunk) => chunks.push(chunk));
      request.on('end', () => {
        const name = request.url.split('/')[1];
        const seen = this.#seen.get(name) ?? [];
        this.#seen.set(name, seen);
        seen.push({
          method: request.method,
          url: request.url,
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: performance.now(),
        });
        const handler = this.#routes.get(name);
        if (!handler) {
          response.writeHead(404).end();
          return;
        }
        handler(seen.length - 1, response, request);
      });
    });
    await new Promise((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${this.#server.address().port}`;
  }

  /** Registers `handler` under `/name` and returns that URL, the endpoint to submit to. */
  route(name, handler) {
    this.#routes.set(name, handler);
    return `${this.origin}/${name}`;
  }

  requests(name) {
    return this.#seen.get(name) ?? [];
  }

  close() {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(resolve));
  }
}

function answer(response, status, body, headers = {}) {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(body);
}

/** A port on which nothing listens: a server's, closed. */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once `name` has received `count` requests. */
async function received(relay, name, count) {
  while (relay.requests(name).length < count) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const relay = new Relay();
let td;
let qe;

/**
 * A copy of a built request: submit() sends one built request (one object) once, so a
 * test that sends the same data again passes a copy, as an application builds anew.
 */
function fresh(request) {
  return { ...request };
}

before(async () => {
  await init();
  await relay.start();
  const tdBuilt = await buildRequest(
    'td',
    'id-verification',
    // Made-up applicant.
    { nik: '3273015205900001', name: 'Budi Santoso', phone: '0812-3456-7890' },
    { today: TODAY },
  );
  assert.ok(tdBuilt.ok, JSON.stringify(tdBuilt.issues));
  td = tdBuilt.request;
  const qeBuilt = await buildRequest('quantum-elixir', 'dukcapil', {
    customerId: 'cus_01HXY',
    valid: false,
    reason: 'NIK not found in central registry',
  });
  assert.ok(qeBuilt.ok, JSON.stringify(qeBuilt.issues));
  qe = qeBuilt.request;
});

after(() => relay.close());

describe('submit: what it sends', () => {
  test('POSTs request.body to endpoint + request.path, with request.headers and options.headers', async () => {
    const endpoint = relay.route('plain', (_, response) => answer(response, 200, QE_DECLINED));
    const result = await submit(fresh(qe), { endpoint, headers: { 'X-CSRF-Token': 'csrf-1' } });
    const [sent] = relay.requests('plain');
    assert.equal(sent.method, 'POST');
    assert.equal(sent.url, '/plain/api/identity/nik/dukcapil');
    assert.equal(sent.body, qe.body);
    assert.equal(sent.headers['content-type'], 'application/json');
    assert.equal(sent.headers['x-csrf-token'], 'csrf-1');
    assert.deepEqual(result, {
      ...readResponse('quantum-elixir', 'dukcapil', 200, QE_DECLINED),
      status: 200,
      attempts: 1,
      transportError: null,
      idempotencyKey: result.idempotencyKey,
      repeated: false,
    });
    assert.equal(sent.headers['idempotency-key'], result.idempotencyKey);
    assert.equal(result.outcome, 'rejected');
  });

  test('a trailing slash on the endpoint is not doubled; TD\'s path "/" keeps it', async () => {
    const endpoint = relay.route('slash', (_, response) => answer(response, 200, TD_PASSED));
    await submit(fresh(qe), { endpoint: `${endpoint}/` });
    const result = await submit(fresh(td), { endpoint: new URL(`${endpoint}/td`) });
    assert.deepEqual(
      relay.requests('slash').map((sent) => sent.url),
      ['/slash/api/identity/nik/dukcapil', '/slash/td/'],
    );
    assert.equal(result.outcome, 'verified');
  });

  test("the endpoint's query is kept and request.query's parameters are set on it", async () => {
    const endpoint = relay.route('query', (_, response) => answer(response, 200, TD_PASSED));
    const withQuery = { ...td, query: { region: 'id', tenant: 'b c' } };
    await submit(withQuery, { endpoint: `${endpoint}/td?tenant=a&v=1` });
    assert.equal(relay.requests('query')[0].url, '/query/td/?tenant=b+c&v=1&region=id');
  });

  test('options.headers replace request.headers of the same name, whatever the case', async () => {
    const endpoint = relay.route('headers', (_, response) => answer(response, 200, TD_PASSED));
    await submit(fresh(td), { endpoint, headers: new Headers({ 'content-type': 'application/json; charset=utf-8' }) });
    assert.equal(relay.requests('headers')[0].headers['content-type'], 'application/json; charset=utf-8');
  });

  test('an injected fetch is used for every attempt', async () => {
    const endpoint = relay.route('injected', (index, response) =>
      answer(response, index === 0 ? 503 : 200, index === 0 ? '' : TD_PASSED),
    );
    const urls = [];
    const result = await submit(fresh(td), {
      endpoint,
      backoffMs: 1,
      fetch: (url, init) => {
        urls.push(String(url));
        return fetch(url, init);
      },
    });
    assert.deepEqual(urls, [`${endpoint}/`, `${endpoint}/`]);
    assert.equal(result.attempts, 2);
  });

  test('logs nothing, whatever happens', async () => {
    const endpoint = relay.route('quiet', (index, response) => {
      if (index === 0) {
        response.socket.destroy();
      } else {
        answer(response, 200, 'not json at all');
      }
    });
    const calls = [];
    const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'];
    const saved = methods.map((name) => console[name]);
    for (const name of methods) {
      console[name] = (...args) => calls.push([name, args]);
    }
    try {
      await submit(fresh(td), { endpoint, backoffMs: 1 });
      await submit(fresh(td), { endpoint: `http://127.0.0.1:${await closedPort()}`, retries: 0 });
    } finally {
      methods.forEach((name, index) => {
        console[name] = saved[index];
      });
    }
    assert.deepEqual(calls, []);
    // Every module the package ships: the shell's, the worker, the entries.
    const modules = readdirSync(`${root}npm/`, { recursive: true }).filter((file) => file.endsWith('.js'));
    assert.ok(modules.includes('worker.js') && modules.includes('shell/submit.js'));
    for (const file of modules) {
      assert.doesNotMatch(readFileSync(`${root}npm/${file}`, 'utf8'), /console\./, `npm/${file} calls console`);
    }
  });
});

describe('submit: retries, waits and failures', () => {
  test('503 then 200: sent again after a backoff, and read as verified', async () => {
    const endpoint = relay.route('503-then-200', (index, response) =>
      index === 0 ? answer(response, 503, '<html>Service Unavailable</html>') : answer(response, 200, TD_PASSED),
    );
    const result = await submit(fresh(td), { endpoint, backoffMs: 20 });
    assert.equal(result.outcome, 'verified');
    assert.equal(result.status, 200);
    assert.equal(result.attempts, 2);
    const sent = relay.requests('503-then-200');
    assert.equal(sent.length, 2);
    assert.equal(sent[1].body, sent[0].body);
  });

  test('503 every time: retries times more, then the retryable reading of the last answer', async () => {
    const endpoint = relay.route('503', (_, response) => answer(response, 503, ''));
    const result = await submit(fresh(td), { endpoint, retries: 2, backoffMs: 5 });
    assert.equal(relay.requests('503').length, 3);
    assert.equal(result.attempts, 3);
    assert.equal(result.status, 503);
    assert.equal(result.outcome, 'failed');
    assert.equal(result.retryable, true);
    assert.deepEqual(
      result.issues.map((issue) => issue.code),
      ['response.service_unavailable'],
    );
  });

  test('retries: 0 sends once', async () => {
    const endpoint = relay.route('no-retries', (_, response) => answer(response, 503, ''));
    const result = await submit(fresh(td), { endpoint, retries: 0 });
    assert.equal(result.attempts, 1);
    assert.equal(relay.requests('no-retries').length, 1);
  });

  test('429 with Retry-After: 1 waits at least that second, then sends again', async () => {
    const endpoint = relay.route('429', (index, response) =>
      index === 0
        ? answer(response, 429, '{"error":"rate limit exceeded"}', { 'Retry-After': '1' })
        : answer(response, 200, QE_DECLINED),
    );
    const answered = [];
    const progress = [];
    const result = await submit(fresh(qe), {
      endpoint,
      backoffMs: 1,
      fetch: async (url, init) => {
        const response = await fetch(url, init);
        answered.push(performance.now());
        return response;
      },
      onProgress: (event) => progress.push({ ...event, answers: answered.length }),
    });
    assert.equal(result.attempts, 2);
    assert.equal(result.outcome, 'rejected');
    // The wait is announced once, after the first answer, with the provider's second.
    assert.deepEqual(
      progress.map(({ stage, retryInMs, attempt, sentBytes, answers }) => ({ stage, retryInMs, attempt, sentBytes, answers })),
      [{ stage: 'retry', retryInMs: 1000, attempt: 2, sentBytes: 0, answers: 1 }],
    );
    assert.equal(progress[0].totalBytes, new TextEncoder().encode(fresh(qe).body).byteLength);
    const [, second] = relay.requests('429');
    // A bound, not a measure of speed: the second request may not leave before 1 s.
    assert.ok(second.at - answered[0] >= 990, `sent again after ${second.at - answered[0]} ms`);
  });

  test('a Retry-After over 60 s is not waited out: the reading comes back at once', async () => {
    const endpoint = relay.route('429-long', (_, response) =>
      answer(response, 429, '{"error":"rate limit exceeded"}', { 'Retry-After': '120' }),
    );
    const result = await submit(fresh(qe), { endpoint });
    assert.equal(result.attempts, 1);
    assert.equal(result.outcome, 'failed');
    assert.equal(result.retryable, true);
    assert.equal(result.retryAfterSeconds, 120);
    assert.equal(result.issues[0].code, 'response.rate_limited');
  });

  test('a hang times out after timeoutMs and is not sent again (it may have been billed)', async () => {
    const endpoint = relay.route('hang', () => {});
    const started = performance.now();
    const result = await submit(fresh(td), { endpoint, timeoutMs: 150, retries: 3, backoffMs: 1 });
    assert.ok(performance.now() - started < 10_000, 'the timeout fired');
    assert.equal(relay.requests('hang').length, 1);
    assert.deepEqual(
      { ...result, issues: result.issues.map((issue) => issue.code) },
      {
        outcome: 'failed',
        retryable: true,
        charged: null,
        providerCode: null,
        issues: ['request.timeout'],
        retryAfterSeconds: null,
        data: null,
        status: null,
        attempts: 1,
        transportError: 'timeout',
        idempotencyKey: result.idempotencyKey,
        repeated: false,
      },
    );
    assert.deepEqual(result.issues[0].path, []);
    assert.ok(result.issues[0].message.id.length > 0 && result.issues[0].message.en.length > 0);
  });

  test('a body that stops half-way times out too', async () => {
    const endpoint = relay.route('slow-body', (_, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      response.write('{"code":');
    });
    const result = await submit(fresh(td), { endpoint, timeoutMs: 150 });
    assert.equal(result.transportError, 'timeout');
    assert.equal(result.status, null);
  });

  test('a connection cut after the request was read is a network error, not sent again', async () => {
    // The relay had the whole request: it may have forwarded it, and the provider billed it.
    const endpoint = relay.route('cut', (index, response) =>
      index === 0 ? response.socket.destroy() : answer(response, 200, TD_PASSED),
    );
    const result = await submit(fresh(td), { endpoint, backoffMs: 1, retries: 3 });
    assert.equal(relay.requests('cut').length, 1);
    assert.equal(result.attempts, 1);
    assert.equal(result.outcome, 'failed');
    assert.equal(result.retryable, true);
    assert.equal(result.charged, null);
    assert.equal(result.transportError, 'network');
    assert.deepEqual(
      result.issues.map((issue) => issue.code),
      ['request.network_error'],
    );
  });

  for (const status of [500, 502, 504]) {
    test(`a ${status} after the request was sent is not sent again (it may have been processed)`, async () => {
      const endpoint = relay.route(`gateway-${status}`, (_, response) => answer(response, status, '<html>Bad Gateway</html>'));
      const result = await submit(fresh(td), { endpoint, backoffMs: 1, retries: 3 });
      assert.equal(relay.requests(`gateway-${status}`).length, 1);
      assert.equal(result.attempts, 1);
      assert.equal(result.status, status);
      // For the application to decide, as after a timeout.
      assert.equal(result.retryable, true);
      assert.equal(result.charged, null);
    });
  }

  test("an answer documented as not charged is sent again, whatever its HTTP status (TD's code 600)", async () => {
    const unavailable = JSON.stringify({ code: 600, message: 'Service Temporarily Unavailable' });
    const endpoint = relay.route('td-600', (index, response) =>
      answer(response, 200, index === 0 ? unavailable : TD_PASSED),
    );
    const result = await submit(fresh(td), { endpoint, backoffMs: 1 });
    assert.equal(relay.requests('td-600').length, 2);
    assert.equal(result.outcome, 'verified');
  });

  test('nothing listening: retried, then failed with transportError "network"', async () => {
    let calls = 0;
    const result = await submit(fresh(td), {
      endpoint: `http://127.0.0.1:${await closedPort()}/relay`,
      retries: 2,
      backoffMs: 1,
      fetch: (url, init) => {
        calls += 1;
        return fetch(url, init);
      },
    });
    assert.equal(calls, 3);
    assert.equal(result.attempts, 3);
    assert.equal(result.outcome, 'failed');
    assert.equal(result.retryable, true);
    assert.equal(result.transportError, 'network');
    assert.equal(result.status, null);
    assert.deepEqual(
      result.issues.map((issue) => issue.code),
      ['request.network_error'],
    );
  });

  test('a 200 with a body nobody documented is failed, not retried, with the raw code kept', async () => {
    const endpoint = relay.route('unknown-body', (_, response) => answer(response, 200, '<html>captive portal</html>'));
    const result = await submit(fresh(td), { endpoint });
    assert.equal(result.attempts, 1);
    assert.equal(result.status, 200);
    assert.equal(result.outcome, 'failed');
    assert.equal(result.retryable, false);
    assert.equal(result.transportError, null);
    assert.deepEqual(
      result.issues.map((issue) => [issue.code, issue.params.httpStatus]),
      [['response.unknown', 200]],
    );
  });

  test('a rejection is returned as read, never retried', async () => {
    const failed = JSON.stringify({ ...JSON.parse(TD_PASSED), result: 'fail', id_name_match: 'fail' });
    const endpoint = relay.route('rejected', (_, response) => answer(response, 200, failed));
    const result = await submit(fresh(td), { endpoint });
    assert.equal(result.attempts, 1);
    assert.equal(result.outcome, 'rejected');
    assert.equal(result.charged, true);
    assert.deepEqual(result.issues[0].path, ['name']);
  });
});

describe('submit: redirects are never followed', () => {
  /** A second loopback origin, which must never receive the applicant's data. */
  const elsewhere = new Relay();
  before(() => elsewhere.start());
  after(() => elsewhere.close());

  test('a 307 to another origin sends nothing there, and is reported, not read', async () => {
    const target = elsewhere.route('steal', (_, response) => answer(response, 200, TD_PASSED));
    const endpoint = relay.route('redirect', (_, response) => {
      response.writeHead(307, { Location: target }).end();
    });
    const result = await submit(fresh(td), {
      endpoint,
      headers: { 'X-CSRF-Token': 'csrf-2' },
      backoffMs: 1,
      retries: 3,
    });
    assert.equal(elsewhere.requests('steal').length, 0);
    assert.equal(relay.requests('redirect').length, 1);
    assert.deepEqual(
      { ...result, issues: result.issues.map((issue) => [issue.code, issue.params]) },
      {
        outcome: 'failed',
        retryable: false,
        charged: null,
        providerCode: null,
        issues: [['response.redirected', {}]],
        retryAfterSeconds: null,
        data: null,
        status: 307,
        attempts: 1,
        transportError: null,
        idempotencyKey: result.idempotencyKey,
        repeated: false,
      },
    );
  });

  test('a 307 loop is one POST, reported as one attempt', async () => {
    const endpoint = relay.route('loop', (index, response) => {
      response.writeHead(307, { Location: `/loop/again-${index}` }).end();
    });
    const result = await submit(fresh(td), { endpoint, backoffMs: 1, retries: 3 });
    assert.equal(relay.requests('loop').length, 1);
    assert.equal(result.attempts, 1);
    assert.equal(result.issues[0].code, 'response.redirected');
  });

  test('every redirect status is refused the same way', async () => {
    for (const status of [301, 302, 303, 308]) {
      const target = elsewhere.route(`moved-${status}`, (_, response) => answer(response, 200, TD_PASSED));
      const endpoint = relay.route(`moved-${status}`, (_, response) => response.writeHead(status, { Location: target }).end());
      const result = await submit(fresh(td), { endpoint });
      assert.deepEqual([result.status, result.issues[0].code], [status, 'response.redirected']);
      assert.equal(elsewhere.requests(`moved-${status}`).length, 0);
    }
  });

  test('an injected fetch that follows redirects anyway: the answer from elsewhere is not read', async () => {
    const target = elsewhere.route('followed', (_, response) => answer(response, 200, TD_PASSED));
    const endpoint = relay.route('followed', (_, response) => response.writeHead(307, { Location: target }).end());
    const result = await submit(fresh(td), { endpoint, fetch: (url, init) => fetch(url, { ...init, redirect: 'follow' }) });
    assert.equal(result.outcome, 'failed');
    assert.equal(result.issues[0].code, 'response.redirected');
  });
});

describe('submit: an answer is read up to 1 MiB', () => {
  const MAX = 1_048_576;
  const tenMegabytes = `{"code":200,"result":"pass","pad":"${'x'.repeat(10_000_000)}"}`;

  /** A fetch whose answer's body counts the bytes submit pulled from it. */
  function countingFetch() {
    const counted = { bytes: 0 };
    counted.fetch = async (url, init) => {
      const response = await fetch(url, init);
      const body = response.body.pipeThrough(
        new TransformStream({
          transform(chunk, controller) {
            counted.bytes += chunk.byteLength;
            controller.enqueue(chunk);
          },
        }),
      );
      return new Response(body, { status: response.status, headers: response.headers });
    };
    return counted;
  }

  for (const [name, write] of [
    ['with its Content-Length', (response) => answer(response, 200, tenMegabytes)],
    [
      'streamed without one',
      (response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        for (let at = 0; at < tenMegabytes.length; at += 65_536) {
          response.write(tenMegabytes.slice(at, at + 65_536));
        }
        response.end();
      },
    ],
  ]) {
    test(`a 10 MB answer ${name} is cut off and reported`, async () => {
      const route = `ten-mb-${name.split(' ')[0]}`;
      const endpoint = relay.route(route, (_, response) => write(response));
      const counted = countingFetch();
      const result = await submit(fresh(td), { endpoint, fetch: counted.fetch, retries: 3, backoffMs: 1 });
      assert.deepEqual(
        { ...result, issues: result.issues.map((issue) => [issue.code, issue.params]) },
        {
          outcome: 'failed',
          retryable: false,
          charged: null,
          providerCode: null,
          issues: [['response.too_large', { maxBytes: MAX }]],
          retryAfterSeconds: null,
          data: null,
          status: 200,
          attempts: 1,
          transportError: null,
          idempotencyKey: result.idempotencyKey,
          repeated: false,
        },
      );
      assert.equal(relay.requests(route).length, 1);
      // A budget, not a timing: at most the cap and the stream's read-ahead were pulled.
      assert.ok(counted.bytes <= MAX + 256 * 1024, `${counted.bytes} bytes pulled of ${tenMegabytes.length}`);
    });
  }

  test('an answer of exactly 1 MiB is read; one byte more is not', async () => {
    const padded = (length) => TD_PASSED.slice(0, -1) + ' '.repeat(length - TD_PASSED.length) + '}';
    const endpoint = relay.route('one-mib', (index, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      // Written, then ended: chunked, with no Content-Length, so the cut is made reading.
      response.write(padded(index === 0 ? MAX : MAX + 1));
      response.end();
    });
    const atCap = await submit(fresh(td), { endpoint });
    assert.equal(atCap.outcome, 'verified');
    const overCap = await submit(fresh(td), { endpoint });
    assert.equal(overCap.issues[0].code, 'response.too_large');
  });
});

describe('submit: the request and options.read reach readResponse', () => {
  /** The package's functions, with every readResponse call recorded. */
  function recordingWorker() {
    const calls = [];
    return {
      calls,
      rules: async () => rules(),
      issueCodes: async () => issueCodes(),
      readResponse: async (...args) => {
        calls.push(args);
        return readResponse(...args);
      },
    };
  }

  test('the request is passed as `sent`, and options.read as the options', async () => {
    const endpoint = relay.route('read-options', (_, response) => answer(response, 200, TD_PASSED));
    const worker = recordingWorker();
    const read = { verifiedWithReason: 'review' };
    const request = fresh(td);
    await submit(request, { endpoint, worker, read });
    // The first call reads nothing: it checks the options before anything is sent.
    assert.deepEqual(
      worker.calls.map(([provider, endpointId, status, body, , sent, options]) => [provider, endpointId, status, body, sent, options]),
      [
        ['td', 'id-verification', 503, '', request, read],
        ['td', 'id-verification', 200, TD_PASSED, request, read],
      ],
    );
    assert.equal(worker.calls[1][5], request);
    assert.equal(worker.calls[1][6], read);
  });

  test('without options.read, the request is still passed, and nothing is read before sending', async () => {
    const endpoint = relay.route('no-read-options', (_, response) => answer(response, 200, TD_PASSED));
    const worker = recordingWorker();
    await submit(fresh(td), { endpoint, worker });
    assert.deepEqual(
      worker.calls.map((args) => [args[2], args[5], args[6]]),
      [[200, td, undefined]],
    );
  });

  test('read options the package refuses reject submit before anything is sent', async () => {
    const endpoint = relay.route('bad-read-options', (_, response) => answer(response, 200, TD_PASSED));
    const refusal = new Error('readResponse: invalid options: unknown field `selfieTreshold`');
    const worker = {
      ...recordingWorker(),
      readResponse: async () => {
        throw refusal;
      },
    };
    await assert.rejects(submit(fresh(td), { endpoint, worker, read: { selfieTreshold: 80 } }), (error) => error === refusal);
    assert.equal(relay.requests('bad-read-options').length, 0);
  });
});

describe('submit: the signal', () => {
  test('an aborted signal sends nothing', async () => {
    const endpoint = relay.route('pre-aborted', (_, response) => answer(response, 200, TD_PASSED));
    const reason = new Error('the person left the page');
    await assert.rejects(submit(fresh(td), { endpoint, signal: AbortSignal.abort(reason) }), (error) => error === reason);
    assert.equal(relay.requests('pre-aborted').length, 0);
  });

  test('aborts an attempt in flight', async () => {
    const endpoint = relay.route('abort-hang', () => {});
    const controller = new AbortController();
    const pending = submit(fresh(td), { endpoint, signal: controller.signal });
    await received(relay, 'abort-hang', 1);
    controller.abort();
    await assert.rejects(pending, { name: 'AbortError' });
  });

  test('aborts a backoff wait', async () => {
    const endpoint = relay.route('abort-backoff', (_, response) => answer(response, 503, ''));
    const controller = new AbortController();
    const pending = submit(fresh(td), { endpoint, backoffMs: 30_000, signal: controller.signal });
    await received(relay, 'abort-backoff', 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await assert.rejects(pending, { name: 'AbortError' });
    assert.equal(relay.requests('abort-backoff').length, 1);
  });

  test('aborts a Retry-After wait', async () => {
    const endpoint = relay.route('abort-retry-after', (_, response) =>
      answer(response, 429, '', { 'Retry-After': '50' }),
    );
    const controller = new AbortController();
    const pending = submit(fresh(qe), { endpoint, signal: controller.signal });
    await received(relay, 'abort-retry-after', 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await assert.rejects(pending, { name: 'AbortError' });
  });
});

describe('submit: pacing for documented rate limits', () => {
  test('the documented limits', () => {
    assert.deepEqual(RATE_LIMITS, { 'quantum-elixir': { requests: 30, perMs: 60_000 } });
    assert.ok(Object.isFrozen(RATE_LIMITS));
  });

  test('Quantum Elixir: 30 go out, the 31st waits (and its wait can be aborted); another URL does not', async () => {
    const endpoint = relay.route('qe-paced', (_, response) => answer(response, 200, QE_DECLINED));
    const results = await Promise.all(Array.from({ length: 30 }, () => submit(fresh(qe), { endpoint })));
    assert.ok(results.every((result) => result.outcome === 'rejected' && result.attempts === 1));

    const controller = new AbortController();
    const waiting = submit(fresh(qe), { endpoint, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(relay.requests('qe-paced').length, 30, 'the 31st went out within the minute');

    // The window is per endpoint URL.
    const other = relay.route('qe-other', (_, response) => answer(response, 200, QE_DECLINED));
    assert.equal((await submit(fresh(qe), { endpoint: other })).attempts, 1);

    controller.abort();
    await assert.rejects(waiting, { name: 'AbortError' });
    assert.equal(relay.requests('qe-paced').length, 30);
  });

  test('a sliding window: with 2 per 300 ms, the third request waits for the first to leave it', async () => {
    const endpoint = relay.route('paced', (_, response) => answer(response, 200, TD_PASSED));
    const rateLimit = { requests: 2, perMs: 300 };
    const started = performance.now();
    const results = await Promise.all([1, 2, 3].map(() => submit(fresh(td), { endpoint, rateLimit })));
    assert.ok(results.every((result) => result.outcome === 'verified'));
    const times = relay.requests('paced').map((sent) => sent.at);
    assert.equal(times.length, 3);
    assert.ok(times[2] - started >= 295, `the third left after ${times[2] - started} ms`);
  });

  test('rateLimit: null turns pacing off', async () => {
    const endpoint = relay.route('unpaced', (_, response) => answer(response, 200, QE_DECLINED));
    const results = await Promise.all(Array.from({ length: 31 }, () => submit(fresh(qe), { endpoint, rateLimit: null })));
    assert.equal(results.length, 31);
    assert.equal(relay.requests('unpaced').length, 31);
  });
});

describe('submit: programmer mistakes throw, and send nothing', () => {
  const endpointOf = () => relay.route('mistakes', (_, response) => answer(response, 200, TD_PASSED));
  const cases = [
    ['no options', () => submit(td), TypeError, /needs options with an endpoint/],
    ['no endpoint', () => submit(fresh(td), {}), TypeError, /needs options\.endpoint/],
    [
      'an unknown option',
      () => submit(fresh(td), { endpoint: endpointOf(), retry: 3 }),
      TypeError,
      /unknown submit option retry/,
    ],
    ['a relative endpoint in Node', () => submit(fresh(td), { endpoint: '/relay' }), TypeError, /not an absolute URL/],
    ['an ftp: endpoint', () => submit(fresh(td), { endpoint: 'ftp://127.0.0.1/' }), TypeError, /http: or https:/],
    [
      'credentials in the endpoint',
      () => submit(fresh(td), { endpoint: 'http://user:pw@127.0.0.1/' }),
      TypeError,
      /user name or password/,
    ],
    ['a fragment in the endpoint', () => submit(fresh(td), { endpoint: 'http://127.0.0.1/#x' }), TypeError, /#fragment/],
    ['a negative timeout', () => submit(fresh(td), { endpoint: endpointOf(), timeoutMs: -1 }), TypeError, /timeoutMs/],
    [
      'fractional retries',
      () => submit(fresh(td), { endpoint: endpointOf(), retries: 1.5 }),
      TypeError,
      /retries must be an integer/,
    ],
    [
      'a rate limit of 0',
      () => submit(fresh(td), { endpoint: endpointOf(), rateLimit: { requests: 0, perMs: 1 } }),
      TypeError,
      /rateLimit\.requests/,
    ],
    ['a signal that is not one', () => submit(fresh(td), { endpoint: endpointOf(), signal: {} }), TypeError, /AbortSignal/],
    [
      'read options that are not an object',
      () => submit(fresh(td), { endpoint: endpointOf(), read: 'review' }),
      TypeError,
      /option read must be an object of readResponse options, got string/,
    ],
    [
      'a fetch that is not a function',
      () => submit(fresh(td), { endpoint: endpointOf(), fetch: 'fetch' }),
      TypeError,
      /fetch must be a function/,
    ],
    [
      'no request (built.ok was false)',
      () => submit(null, { endpoint: endpointOf() }),
      TypeError,
      /show built\.issues/,
    ],
    [
      'the whole result of buildRequest',
      () => submit({ ok: true, issues: [], request: td }, { endpoint: endpointOf() }),
      TypeError,
      /pass built\.request/,
    ],
    [
      'a hand-made request',
      () => submit({ method: 'POST', path: '/', body: '{}' }, { endpoint: endpointOf() }),
      TypeError,
      /no provider and endpoint/,
    ],
    [
      'an unknown endpoint',
      () => submit({ ...td, endpoint: 'nope' }, { endpoint: endpointOf() }),
      TypeError,
      /no endpoint "nope" of provider "td"/,
    ],
    [
      'a body that is not a string',
      () => submit({ ...td, body: {} }, { endpoint: endpointOf() }),
      TypeError,
      /body is not a string/,
    ],
    [
      'an invalid header name',
      () => submit(fresh(td), { endpoint: endpointOf(), headers: { 'bad header': 'x' } }),
      TypeError,
      /./,
    ],
    [
      'a fetch that resolves to something else',
      () => submit(fresh(td), { endpoint: endpointOf(), fetch: async () => ({}) }),
      TypeError,
      /not a Response/,
    ],
  ];
  for (const [name, call, type, message] of cases) {
    test(name, async () => {
      await assert.rejects(call, (error) => {
        assert.ok(error instanceof type, `${error.name}: ${error.message}`);
        assert.match(error.message, message);
        return true;
      });
    });
  }
  test('none of them sent anything', () => {
    assert.equal(relay.requests('mistakes').length, 0);
  });

  test('before init(), submit says to call it, and sends nothing', () => {
    const source = `
      import { submit } from 'kyc-precheck/shell';
      const request = ${JSON.stringify(td)};
      let sent = 0;
      try {
        await submit(request, { endpoint: 'http://127.0.0.1:9/', fetch: async () => { sent += 1; } });
        console.log('resolved');
      } catch (error) {
        console.log(error.constructor.name + ': ' + error.message + ' / sent ' + sent);
      }`;
    const output = execFileSync(process.execPath, [...process.execArgv, '--input-type=module', '-e', source], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    assert.match(output, /^Error: kyc-precheck: call await init\(\) \(or initSync\) before submit.* \/ sent 0$/);
  });
});

describe('the shell in the package', () => {
  const manifest = JSON.parse(readFileSync(`${root}pkg/package.json`, 'utf8'));

  test('exports ./shell (types first) and ./worker.js, keeping the other entries', () => {
    assert.deepEqual(manifest.exports['./shell'], { types: './shell.d.ts', default: './shell.js' });
    assert.deepEqual(Object.keys(manifest.exports['./shell']), ['types', 'default']);
    assert.equal(manifest.exports['./worker.js'], './worker.js');
    assert.ok(
      manifest.exports['.'] && manifest.exports['./kyc_precheck_bg.wasm'] && manifest.exports['./package.json'],
    );
    const shellFiles = readdirSync(`${root}npm/shell/`).map((file) => `shell/${file}`);
    for (const file of ['shell.js', 'shell.d.ts', 'worker.js', ...shellFiles]) {
      assert.ok(manifest.files.includes(file), `${file} is not in files`);
      assert.equal(
        readFileSync(`${root}pkg/${file}`, 'utf8'),
        readFileSync(`${root}npm/${file}`, 'utf8'),
        `pkg/${file} differs from npm/`,
      );
    }
    assert.deepEqual(manifest.sideEffects, ['./worker.js']);
  });

  test('shell.d.ts compiles under strict, declares every runtime export, and documents each with an @example', () => {
    const file = `${root}pkg/shell.d.ts`;
    const program = ts.createProgram([file], { strict: true, noEmit: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] });
    assert.deepEqual(
      ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
      [],
    );
    const checker = program.getTypeChecker();
    const declared = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)));
    const values = declared.filter((symbol) => symbol.flags & ts.SymbolFlags.Value);
    assert.deepEqual(values.map((symbol) => symbol.name).sort(), Object.keys(shellEntry).sort());
    for (const symbol of declared) {
      const documentation = ts.displayPartsToString(symbol.getDocumentationComment(checker));
      assert.ok(documentation.length > 20, `${symbol.name} has no documentation`);
      if (symbol.flags & ts.SymbolFlags.Function) {
        const tags = symbol.getJsDocTags(checker).map((tag) => tag.name);
        assert.ok(tags.includes('example'), `${symbol.name} has no @example`);
      }
    }
  });

  test("the worker client offers exactly the package's functions, each declared on KycWorker", async () => {
    // The package's functions, from the module itself: its default export is init.
    const api = await import('kyc-precheck');
    const functions = Object.keys(api).map((name) => (name === 'default' ? 'init' : name));
    const fake = { postMessage() {}, addEventListener() {}, removeEventListener() {}, terminate() {} };
    const client = createWorker(fake);
    assert.deepEqual(Object.keys(client).sort(), [...functions, 'terminate'].sort());
    for (const name of Object.keys(client)) {
      assert.equal(typeof client[name], 'function', name);
    }
    client.terminate();

    const file = `${root}pkg/shell.d.ts`;
    const program = ts.createProgram([file], { strict: true, noEmit: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] });
    const checker = program.getTypeChecker();
    const declared = checker
      .getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)))
      .find((symbol) => symbol.name === 'KycWorker');
    const members = checker.getDeclaredTypeOfSymbol(declared).getProperties().map((symbol) => symbol.name);
    assert.deepEqual(members.sort(), Object.keys(client).sort());
  });

  test('shell and worker resolve by name', () => {
    const source = `console.log(import.meta.resolve('kyc-precheck/shell')); console.log(import.meta.resolve('kyc-precheck/worker.js'));`;
    const [shell, worker] = execFileSync(process.execPath, [...process.execArgv, '--input-type=module', '-e', source], {
      cwd: root,
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    assert.match(shell, /\/shell\.js$/);
    assert.match(worker, /\/worker\.js$/);
  });

  test('createWorker says where it cannot work (Node has no Web Workers)', () => {
    assert.throws(() => createWorker(), { name: 'TypeError', message: /needs Web Workers/ });
    assert.throws(() => createWorker({}), { name: 'TypeError', message: /worker's URL or a Worker/ });
  });

  test('createWorker answers through any Worker-like object (the message protocol)', async () => {
    // A stand-in that runs worker.js's protocol on this thread, through the package.
    const api = await import('kyc-precheck');
    const listeners = { message: [], error: [], messageerror: [] };
    const fake = {
      postMessage(message, transfer) {
        fake.transfers.push(transfer);
        const run = api[message.name];
        queueMicrotask(async () => {
          let reply;
          try {
            reply = { tag: message.tag, id: message.id, ok: true, value: await run(...structuredClone(message.args)) };
          } catch (error) {
            reply = {
              tag: message.tag,
              id: message.id,
              ok: false,
              error: { name: error.name, message: error.message },
            };
          }
          for (const listener of listeners.message) listener({ data: structuredClone(reply) });
        });
      },
      addEventListener: (type, listener) => listeners[type].push(listener),
      removeEventListener: (type, listener) => listeners[type].splice(listeners[type].indexOf(listener), 1),
      terminate() {},
      transfers: [],
    };
    const kyc = createWorker(fake, { transfer: true });
    assert.equal((await kyc.checkPhone('0812-3456-7890')).value, '+6281234567890');
    await assert.rejects(kyc.checkDate('2000-01-01', 'YYYY/MM/DD'), { name: 'Error' });
    const photo = new Uint8Array(16);
    await kyc.checkImage(photo, { formats: ['png'] });
    assert.deepEqual(fake.transfers.at(-1), [photo.buffer], 'the photo is transferred with transfer: true');
    kyc.terminate();
    await assert.rejects(kyc.checkPhone('0812'), /terminated/);
  });
});
