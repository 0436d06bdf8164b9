// scripts/serve.mjs, the static server of the demo and the browser tests: what it serves,
// with which headers, and that no request path reaches outside www/, pkg/, tests/ and the
// shared corpus (../shared/corpus/ as /corpus/).

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { CONTENT_SECURITY_POLICY, startServer } from '../../scripts/serve.mjs';

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server.close();
});

/** A request with the path sent exactly as written (fetch() would normalise `..`). */
function get(path, method = 'GET', port = server.port) {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method }, (response) => {
      response.resume();
      response.on('end', () => resolve(response));
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

  test('is read-only', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      assert.equal((await get('/pkg/index.js', method)).statusCode, 405);
    }
    assert.equal((await get('/pkg/index.js', 'HEAD')).statusCode, 200);
  });
});
