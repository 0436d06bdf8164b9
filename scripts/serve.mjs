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
//
// Files go out as the sandbox sends them (sandbox/src/delivery.rs): text and wasm
// compressed (brotli or gzip, as Accept-Encoding prefers), each file once per version and
// kept; a content-hashed name cached for a year, anything else `no-cache` with a strong
// ETag, so that a revisit is a 304 and a rebuilt pkg/ is seen at once.

import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { basename, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { constants as zlib, brotliCompress, gzipSync } from 'node:zlib';

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
  // Errors and redirects; a file sets its own (fileHeaders).
  'Cache-Control': 'no-store',
};

/** The MIME types worth compressing; images are compressed already. */
const COMPRESSIBLE = new Set([
  'text/html',
  'text/javascript',
  'text/css',
  'application/json',
  'application/wasm',
  'image/svg+xml',
]);

/** The Cache-Control of a content-hashed name: new content, new name. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The codings an Accept-Encoding header accepts (RFC 9110, 12.5.3), best first: brotli and
 * gzip when their q (by name or by `*`) is above 0, highest q first and brotli on a tie,
 * then identity, which is always sent rather than a 406. An entry whose q is not a number
 * in [0, 1] is ignored.
 */
export function preferences(acceptEncoding) {
  const quality = new Map();
  for (const entry of (acceptEncoding ?? '').split(',')) {
    const [rawName, ...parameters] = entry.split(';');
    let q = 1;
    for (const parameter of parameters) {
      const [key, value = ''] = parameter.split('=');
      if (key.trim().toLowerCase() === 'q') {
        q = /^\s*(0(\.\d{0,3})?|1(\.0{0,3})?)\s*$/.test(value) ? Number(value) : NaN;
      }
    }
    const name = rawName.trim().toLowerCase();
    if (!Number.isNaN(q)) {
      quality.set(name === 'x-gzip' ? 'gzip' : name, q);
    }
  }
  const br = quality.get('br') ?? quality.get('*') ?? 0;
  const gzip = quality.get('gzip') ?? quality.get('*') ?? 0;
  const codings = [];
  if (br > 0 && br >= gzip) {
    codings.push('br');
  }
  if (gzip > 0) {
    codings.push('gzip');
  }
  if (br > 0 && br < gzip) {
    codings.push('br');
  }
  return [...codings, 'identity'];
}

/**
 * Whether a file name holds a content hash as bundlers write them (`index-4f3a9c1b.js`,
 * `kyc_precheck_bg-B7xK2mQa.wasm`): the last `-` or `.` part before the extension is 8 to 64
 * letters, digits or `_`, with a digit and a letter. A hash this misses only costs a 304.
 */
export function isContentHashed(file) {
  const stem = basename(file, extname(file));
  const part = stem.split(/[-.]/).at(-1);
  return part !== stem && /^\w{8,64}$/.test(part) && /\d/.test(part) && /[A-Za-z]/.test(part);
}

/**
 * Compressed copies, by coding and file, each with the version it is made from (`bytes`
 * null while a brotli copy is being made).
 */
const compressedCopies = new Map();

/**
 * `file` in `coding` for `version` (its size and modification time): the kept copy or a
 * new one; null while the brotli copy is being made or if the file is no longer `size`
 * bytes (changed: the next request compresses the new one). gzip level 9 takes a tenth of a
 * second for the package's wasm and is made at once; brotli quality 11 takes many seconds,
 * so it is made in zlib's thread pool while the requests meanwhile get the next coding
 * they accept.
 */
async function compressed(file, version, size, coding) {
  const key = `${coding}:${file}`;
  const kept = compressedCopies.get(key);
  if (kept?.version === version) {
    return kept.bytes;
  }
  if (coding === 'gzip') {
    const original = await readFile(file);
    const bytes = BigInt(original.length) === size ? gzipSync(original, { level: 9 }) : null;
    if (bytes !== null) {
      compressedCopies.set(key, { version, bytes });
    }
    return bytes;
  }
  compressedCopies.set(key, { version, bytes: null });
  const parameters = {
    [zlib.BROTLI_PARAM_QUALITY]: 11,
    [zlib.BROTLI_PARAM_LGWIN]: 22,
    [zlib.BROTLI_PARAM_SIZE_HINT]: Number(size),
  };
  readFile(file)
    .then((original) =>
      BigInt(original.length) === size ? promisify(brotliCompress)(original, { params: parameters }) : null,
    )
    .then(
      (bytes) => (bytes === null ? compressedCopies.delete(key) : compressedCopies.set(key, { version, bytes })),
      () => compressedCopies.delete(key),
    );
  return null;
}

/** Whether an If-None-Match header names `etag` (weak comparison; `*` names any). */
function noneMatchNames(ifNoneMatch, etag) {
  const bare = (tag) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

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
  return info.isFile() ? { file } : null;
}

/**
 * Sends a file: 304 when If-None-Match names this version in a coding the request accepts,
 * else the file in the first coding it accepts that is to hand; as it is when its type does
 * not compress.
 */
async function sendFile(request, response, file) {
  const info = await stat(file, { bigint: true });
  const type = MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const compressible = COMPRESSIBLE.has(type.split(';')[0]);
  const acceptable = compressible ? preferences(request.headers['accept-encoding']) : ['identity'];
  // As the sandbox writes it: size and modification time (ns) in hex, and the coding.
  const version = `${info.size.toString(16)}-${info.mtimeNs.toString(16)}`;
  const headers = (coding) => ({
    ...COMMON_HEADERS,
    'Cache-Control': isContentHashed(file) ? IMMUTABLE : 'no-cache',
    ETag: `"${version}${coding === 'identity' ? '' : `-${coding}`}"`,
    ...(compressible && { Vary: 'Accept-Encoding' }),
  });
  // What the client holds is this version in a coding it accepts: as good as any.
  const ifNoneMatch = request.headers['if-none-match'];
  const held = ifNoneMatch && acceptable.find((coding) => noneMatchNames(ifNoneMatch, headers(coding).ETag));
  if (held) {
    response.writeHead(304, headers(held));
    response.end();
    return;
  }
  for (const coding of acceptable) {
    const body = coding === 'identity' ? null : await compressed(file, version, info.size, coding);
    if (coding !== 'identity' && body === null) {
      continue;
    }
    response.writeHead(200, {
      ...headers(coding),
      'Content-Type': type,
      'Content-Length': body === null ? Number(info.size) : body.length,
      ...(body !== null && { 'Content-Encoding': coding }),
    });
    if (request.method === 'HEAD') {
      response.end();
    } else if (body !== null) {
      response.end(body);
    } else {
      createReadStream(file).pipe(response);
    }
    return;
  }
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
      await sendFile(request, response, found.file);
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
