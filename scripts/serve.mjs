// A tiny static file server for the demo page and the browser tests, with no
// dependencies. It serves the repository's www/, pkg/ and tests/, and the shared corpora
// beside the repository's clone (../shared/corpus/ as /corpus/), read-only, on 127.0.0.1
// only, with the Content-Security-Policy a careful site would send, so that anything the
// package needs beyond 'wasm-unsafe-eval' (an inline script, eval, a blob: URL) shows up
// as a violation in the tests.
//
//   node scripts/serve.mjs [--port 8080]     prints http://127.0.0.1:PORT/www/
//
// Tests import startServer() and get a random free port; the benchmark adds its own
// folders with startServer({ mounts }).

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// frame-ancestors: no site may frame the form (clickjacking); base-uri: no injected <base>
// can redirect the page's relative URLs; form-action: a form posts nowhere else.
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * What may be served: the first segment of a request path names a folder, relative to the
 * repository's root; everything else is 404. The corpus is outside the repository (the
 * shared folder beside its clone) and may be absent, in which case /corpus/ is 404 too.
 */
const MOUNTS = {
  www: 'www',
  pkg: 'pkg',
  tests: 'tests',
  corpus: '../shared/corpus',
};

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.csv': 'text/csv; charset=utf-8',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

// With the Content-Security-Policy, which each server sets on every response (startServer).
const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Tests rebuild pkg/ between runs; a cached module would hide the change.
  'Cache-Control': 'no-store',
};

function send(response, status, body, headers = {}) {
  response.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  response.end(body);
}

/**
 * The file a request path names, or null when it names nothing servable. `mounts` maps a
 * first path segment to an absolute folder. The path is decoded once and must stay inside
 * that folder after symlinks are resolved, so `..`, encoded `%2e%2e`, backslashes and
 * symlinks out of the tree are all refused.
 */
async function resolveFile(mounts, pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) {
    return null;
  }
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.length === 0 || !mounts.has(segments[0])) {
    return null;
  }
  if (segments.some((segment) => segment === '.' || segment === '..')) {
    return null;
  }
  const folder = mounts.get(segments[0]);
  const mount = await realpath(folder).catch(() => null);
  let file = await realpath(join(folder, ...segments.slice(1))).catch(() => null);
  if (mount === null || file === null || (file !== mount && !file.startsWith(mount + sep))) {
    return null;
  }
  let info = await stat(file);
  if (info.isDirectory()) {
    if (!pathname.endsWith('/')) {
      return { redirect: `${pathname}/` };
    }
    file = `${file}${sep}index.html`;
    info = await stat(file).catch(() => null);
    if (info === null || !info.isFile()) {
      return null;
    }
  }
  return info.isFile() ? { file, size: info.size } : null;
}

/**
 * Starts the server. Resolves to `{ url, port, close() }` once it listens; `url` is the
 * server's origin with a trailing slash. `mounts` adds folders to serve, as
 * `{ name: absoluteFolder }` served under `/name/` (a name must not be one of the
 * standard mounts). `contentSecurityPolicy` replaces the demo's policy (the benchmark lets
 * a library it compares with start blob: workers).
 */
export async function startServer({
  port = 0,
  host = '127.0.0.1',
  root = repositoryRoot,
  mounts = {},
  contentSecurityPolicy = CONTENT_SECURITY_POLICY,
} = {}) {
  // A Map, so that a path such as /constructor/ or /__proto__/ names nothing.
  const folders = new Map(Object.entries(MOUNTS).map(([name, folder]) => [name, resolve(root, folder)]));
  for (const [name, folder] of Object.entries(mounts)) {
    if (folders.has(name) || name === '' || name.includes('/') || name === '.' || name === '..') {
      throw new Error(`serve.mjs: cannot mount ${JSON.stringify(name)}`);
    }
    folders.set(name, resolve(folder));
  }
  const server = createServer(async (request, response) => {
    response.setHeader('Content-Security-Policy', contentSecurityPolicy);
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        send(response, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
        return;
      }
      const { pathname } = new URL(request.url, 'http://localhost');
      if (pathname === '/favicon.ico') {
        // Browsers ask for it unprompted; "no content" keeps a 404 out of test consoles.
        send(response, 204, '');
        return;
      }
      if (pathname === '/') {
        send(response, 302, '', { Location: '/www/' });
        return;
      }
      const found = await resolveFile(folders, pathname);
      if (found === null) {
        send(response, 404, 'Not Found\n');
        return;
      }
      if (found.redirect) {
        send(response, 301, '', { Location: found.redirect });
        return;
      }
      response.writeHead(200, {
        ...COMMON_HEADERS,
        'Content-Type': MIME_TYPES[extname(found.file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': found.size,
      });
      if (request.method === 'HEAD') {
        response.end();
        return;
      }
      createReadStream(found.file).pipe(response);
    } catch (error) {
      // The request path is not logged: it may carry whatever a page put in a query.
      console.error(`serve.mjs: ${error.message}`);
      if (!response.headersSent) {
        send(response, 500, 'Internal Server Error\n');
      } else {
        response.destroy();
      }
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return {
    port: address.port,
    url: `http://${host}:${address.port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parsePort(argv) {
  const index = argv.indexOf('--port');
  if (index === -1) {
    return 0;
  }
  const port = Number(argv[index + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve.mjs: --port needs a number from 0 to 65535, got ${argv[index + 1]}`);
    process.exit(2);
  }
  return port;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === (await realpath(process.argv[1]).catch(() => ''))) {
  const { url } = await startServer({ port: parsePort(process.argv.slice(2)) });
  console.log(`${url}www/`);
}
