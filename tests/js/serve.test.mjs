// scripts/serve.mjs, the static server of the demo and the browser tests: what it serves,
// with which headers, and that no request path reaches outside www/, pkg/ and tests/.

import assert from 'node:assert/strict';
import { request } from 'node:http';
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
function get(path, method = 'GET') {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port: server.port, path, method }, (response) => {
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
    assert.equal(CONTENT_SECURITY_POLICY, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'");
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

  test('is read-only', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      assert.equal((await get('/pkg/index.js', method)).statusCode, 405);
    }
    assert.equal((await get('/pkg/index.js', 'HEAD')).statusCode, 200);
  });
});
