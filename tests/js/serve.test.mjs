// scripts/serve.mjs, the static server of the demo and the browser tests: what it serves,
// with which headers (compression, cache, 304s), and that no request path reaches outside
// www/, pkg/, tests/ and the shared corpus (../shared/corpus/ as /corpus/).

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';

import { CONTENT_SECURITY_POLICY, IMMUTABLE, isContentHashed, preferences, startServer } from '../../scripts/serve.mjs';

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server.close();
});

/**
 * A request with the path sent exactly as written (fetch() would normalise `..`); the
 * answer's raw (undecoded) body is `response.body`.
 */
function get(path, method = 'GET', port = server.port, headers = {}) {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method, headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        response.body = Buffer.concat(chunks);
        resolve(response);
      });
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('scripts/serve.mjs', () => {
  test('listens on 127.0.0.1 only', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  for (const [path, type] of [
    ['/pkg/kyc_precheck_bg.wasm', 'application/wasm'],
    ['/pkg/index.js', 'text/javascript; charset=utf-8'],
    ['/www/', 'text/html; charset=utf-8'],
    ['/www/style.css', 'text/css; charset=utf-8'],
    ['/tests/vectors/nik.json', 'application/json; charset=utf-8'],
  ]) {
    test(`serves ${path} as ${type}, with the CSP`, async () => {
      const response = await get(path);
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], type);
      assert.equal(response.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
    });
  }

  test('the CSP allows wasm compilation and nothing inline', () => {
    assert.equal(CONTENT_SECURITY_POLICY, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  });

  for (const path of [
    '/Cargo.toml',
    '/src/lib.rs',
    '/node_modules/vite/package.json',
    '/pkg/../Cargo.toml',
    '/pkg/%2e%2e/Cargo.toml',
    '/pkg/%2E%2E%2FCargo.toml',
    '/pkg/..%5cCargo.toml',
    '/www/..%2f..%2fetc/passwd',
    '/tests/%00',
    '/pkg/%E0%A4%A',
    '//etc/passwd',
    '/corpus/../main/Cargo.toml',
    '/corpus/%2e%2e/main/Cargo.toml',
    '/corpus/pngsuite/%2e%2e/%2e%2e/main/Cargo.toml',
    '/corpus/..%2f..%2fmain%2fCargo.toml',
    '/shared/corpus/pngsuite/manifest.csv',
    '/constructor/',
    '/__proto__/',
  ]) {
    test(`refuses ${path}`, async () => {
      const response = await get(path);
      assert.equal(response.statusCode, 404);
    });
  }

  test('redirects / to the demo and a folder to its slash form', async () => {
    assert.equal((await get('/')).headers.location, '/www/');
    const folder = await get('/www');
    assert.equal(folder.statusCode, 301);
    assert.equal(folder.headers.location, '/www/');
  });

  const pngsuite = new URL('../../../shared/corpus/pngsuite/manifest.csv', import.meta.url);
  test('serves the shared PngSuite manifest under /corpus/, as CSV', { skip: !existsSync(pngsuite) }, async () => {
    const response = await get('/corpus/pngsuite/manifest.csv');
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(response.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
  });

  test('serves extra mounts, and only inside them', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kyc-precheck-serve-'));
    writeFileSync(join(folder, 'inside.txt'), 'inside\n');
    const extra = await startServer({ mounts: { extra: folder } });
    try {
      assert.equal((await get('/extra/inside.txt', 'GET', extra.port)).statusCode, 200);
      assert.equal((await get('/extra/%2e%2e/inside.txt', 'GET', extra.port)).statusCode, 404);
      assert.equal((await get('/extra/../Cargo.toml', 'GET', extra.port)).statusCode, 404);
      assert.equal((await get('/pkg/index.js', 'GET', extra.port)).statusCode, 200);
    } finally {
      await extra.close();
      rmSync(folder, { recursive: true, force: true });
    }
    await assert.rejects(startServer({ mounts: { pkg: folder } }), /cannot mount "pkg"/);
  });

  test('orders the codings by q-value, brotli on a tie, identity last', () => {
    for (const [header, codings] of [
      [undefined, ['identity']],
      ['gzip, deflate, br, zstd', ['br', 'gzip', 'identity']],
      ['gzip, deflate', ['gzip', 'identity']],
      ['br;q=0.4, gzip;q=0.8', ['gzip', 'br', 'identity']],
      ['BR;Q=0.9, GZIP;q=0.9', ['br', 'gzip', 'identity']],
      ['br;q=0, *;q=0.3', ['gzip', 'identity']],
      ['gzip;q=0, br;q=0', ['identity']],
      ['*;q=0', ['identity']],
      ['br;q=2, gzip;q=0.5', ['gzip', 'identity']],
      ['identity', ['identity']],
    ]) {
      assert.deepEqual(preferences(header), codings, header);
    }
  });

  /** GET `path` asked again (for at most a minute) until it comes in `coding`: brotli is made in the background. */
  async function getIn(path, accept, coding, port = server.port) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const response = await get(path, 'GET', port, { 'accept-encoding': accept });
      if (response.headers['content-encoding'] === coding || Date.now() > deadline) {
        return response;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  test('compresses text and wasm as Accept-Encoding prefers, not images', async () => {
    const wasm = readFileSync(new URL('../../pkg/kyc_precheck_bg.wasm', import.meta.url));
    for (const [accept, coding, decode] of [
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
      ['identity', undefined, (bytes) => bytes],
    ]) {
      const response = await getIn('/pkg/kyc_precheck_bg.wasm', accept, coding);
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], 'application/wasm');
      assert.equal(response.headers['content-encoding'], coding, accept);
      assert.equal(response.headers.vary, 'Accept-Encoding');
      assert.equal(response.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
      assert.equal(Number(response.headers['content-length']), response.body.length);
      assert.deepEqual(decode(response.body), wasm, accept);
      if (coding !== undefined) {
        assert.ok(response.body.length < wasm.length * 0.7, `${coding}: ${response.body.length} B`);
      }
    }
    const image = await get('/tests/images/providers/selfie-512x1024.jpg', 'GET', server.port, { 'accept-encoding': 'gzip, br' });
    assert.equal(image.statusCode, 200);
    assert.equal(image.headers['content-encoding'], undefined);
    assert.equal(image.headers.vary, undefined);
  });

  test('a revisit is a 304 by ETag; a content-hashed name is immutable', async () => {
    const first = await get('/pkg/index.js', 'GET', server.port, { 'accept-encoding': 'gzip' });
    assert.equal(first.headers['cache-control'], 'no-cache');
    const etag = first.headers.etag;
    assert.match(etag, /^"[0-9a-f]+-[0-9a-f]+-gzip"$/);
    for (const tags of [etag, `"other", W/${etag}`, '*']) {
      const again = await get('/pkg/index.js', 'GET', server.port, { 'accept-encoding': 'gzip', 'if-none-match': tags });
      assert.equal(again.statusCode, 304, tags);
      assert.equal(again.body.length, 0);
      assert.equal(again.headers.etag, etag);
      assert.equal(again.headers['cache-control'], 'no-cache');
      assert.equal(again.headers.vary, 'Accept-Encoding');
      assert.equal(again.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
    }
    // A client that holds the gzip copy keeps it when it would now get brotli.
    await getIn('/pkg/index.js', 'br, gzip', 'br');
    const held = await get('/pkg/index.js', 'GET', server.port, { 'accept-encoding': 'br, gzip', 'if-none-match': etag });
    assert.equal(held.statusCode, 304);
    assert.equal(held.headers.etag, etag);
    // Another coding, another representation: the gzip tag does not match identity.
    const plain = await get('/pkg/index.js', 'GET', server.port, { 'if-none-match': etag });
    assert.equal(plain.statusCode, 200);
    assert.notEqual(plain.headers.etag, etag);

    const folder = mkdtempSync(join(tmpdir(), 'kyc-precheck-serve-'));
    writeFileSync(join(folder, 'index-4f3a9c1b.js'), 'export {};\n');
    writeFileSync(join(folder, 'plain.js'), 'export {};\n');
    const extra = await startServer({ mounts: { assets: folder } });
    try {
      assert.equal((await get('/assets/index-4f3a9c1b.js', 'GET', extra.port)).headers['cache-control'], IMMUTABLE);
      const plainFirst = await get('/assets/plain.js', 'GET', extra.port);
      assert.equal(plainFirst.headers['cache-control'], 'no-cache');
      // A rebuilt file: the old tag no longer matches.
      writeFileSync(join(folder, 'plain.js'), 'export const rebuilt = true;\n');
      const rebuilt = await get('/assets/plain.js', 'GET', extra.port, { 'if-none-match': plainFirst.headers.etag });
      assert.equal(rebuilt.statusCode, 200);
      assert.equal(rebuilt.body.toString(), 'export const rebuilt = true;\n');
    } finally {
      await extra.close();
      rmSync(folder, { recursive: true, force: true });
    }
    assert.equal(isContentHashed('pkg/kyc_precheck_bg.wasm'), false);
    assert.equal(isContentHashed('www/demo-texts.js'), false);
    assert.equal(isContentHashed('assets/kyc_precheck_bg-B7xK2mQa.wasm'), true);
    // Errors are never cached.
    assert.equal((await get('/missing')).headers['cache-control'], 'no-store');
  });

  test('is read-only', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      assert.equal((await get('/pkg/index.js', method)).statusCode, 405);
    }
    assert.equal((await get('/pkg/index.js', 'HEAD')).statusCode, 200);
  });
});
