// submit() on a slow link in real headless Chromium: a node:http server on 127.0.0.1
// serves the repository with the demo's CSP and plays the relay at /relay/ (it reads the
// whole body, counts each POST and answers Kredibel's "verified"); Chromium's network
// emulation (CDP Network.emulateNetworkConditions) holds the upload to 50 KB/s, the
// issue's Slow 3G figure. tests/browser/upload.html then sends a Kredibel request with
// two real photos (timeoutMs 3 s, far less than the upload takes), taps again, and sends
// one to /relay/cut/, whose connection the server drops after 100 KB of it.
//
//   node tests/browser/upload.mjs        (after scripts/build.sh)
//
// Timings are printed, never asserted. The last line is `N passed, M failed`.

import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

import { CONTENT_SECURITY_POLICY } from '../../scripts/serve.mjs';
import { createReport, launchChromium, runTestPage } from './chromium.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.jpg': 'image/jpeg' };
/** A Kredibel answer constructed from its page's Response table (tests/providers/kredibel.json). */
const KREDIBEL_VERIFIED = JSON.stringify({ id: 'kh_01JD3Z6Q8X', status: 'verified', rejectFields: [], referenceId: 'ref_01JD3Z6Q8X' });
const UPLOAD_BYTES_PER_SECOND = 50_000;

const posts = [];
const server = createServer((request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1');
  if (request.method === 'POST' && url.pathname.startsWith('/relay/')) {
    let bytes = 0;
    request.on('data', (chunk) => {
      bytes += chunk.byteLength;
      // The link lost mid-upload: /relay/cut/ drops the connection after 100 KB.
      if (url.pathname.startsWith('/relay/cut/') && bytes > 100_000 && !request.socket.destroyed) {
        posts.push({ path: url.pathname, bytes, cut: true });
        request.socket.destroy();
      }
    });
    request.on('end', () => {
      posts.push({ path: url.pathname, bytes, key: request.headers['idempotency-key'] });
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(KREDIBEL_VERIFIED);
    });
    request.on('error', () => {});
    return;
  }
  const path = normalize(join(root, decodeURIComponent(url.pathname)));
  let size;
  try {
    size = path.startsWith(root) && statSync(path).isFile() ? statSync(path).size : null;
  } catch {
    size = null;
  }
  if (size === null) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, {
    'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
    'Content-Length': size,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  });
  createReadStream(path).pipe(response);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const report = createReport('kyc-precheck submit() on a 50 KB/s upload in headless Chromium');
let browser;
try {
  browser = await launchChromium();
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: UPLOAD_BYTES_PER_SECOND,
  });

  const results = await runTestPage(page, `${origin}/tests/browser/upload.html`, '__uploadResults', report, { timeout: 180_000 });
  if (results.error) {
    report.check('the page ran', [results.error]);
  } else {
    const { seen } = results;
    console.log(
      `# a ${seen.bodyBytes}-byte Kredibel body at ${UPLOAD_BYTES_PER_SECOND} B/s up: answered after ${seen.slowMs} ms (timeoutMs 3000), ${seen.uploadEvents} upload progress events`,
    );
    const expect = (name, actual, expected) =>
      report.check(
        `${name}: ${JSON.stringify(expected)}`,
        JSON.stringify(actual) === JSON.stringify(expected) ? [] : [`saw ${JSON.stringify(actual)}`],
      );
    expect('the slow upload finished and was read', seen.slow, { outcome: 'verified', status: 200, attempts: 1, transportError: null });
    report.check(
      'upload progress came as events, rising, the last one "answer" with every byte',
      seen.uploadEvents >= 3 &&
        seen.progressRises &&
        seen.lastEvent?.stage === 'answer' &&
        seen.lastEvent.sentBytes === seen.bodyBytes &&
        seen.lastEvent.totalBytes === seen.bodyBytes
        ? []
        : [JSON.stringify({ uploadEvents: seen.uploadEvents, progressRises: seen.progressRises, lastEvent: seen.lastEvent })],
    );
    expect('a second tap sent nothing and returned the first answer', seen.again, {
      outcome: 'verified',
      repeated: true,
      attempts: 0,
      last: 'submit.already_sent',
    });
    expect('an upload cut off after 100 KB is reported as one', seen.cut, {
      transportError: 'upload',
      codes: ['submit.upload_incomplete'],
      retryable: true,
    });
    report.check(
      'its message says how far it got',
      /^Data Anda belum terkirim: unggahan berhenti setelah \d+ KB dari \d+ KB\./.test(seen.cutLines?.[0] ?? '')
        ? []
        : [JSON.stringify(seen.cutLines)],
    );
    console.log(`# ${seen.cutLines?.[0]}`);
    const slow = posts.filter((post) => post.path.startsWith('/relay/slow/'));
    report.check(
      'the relay received one POST for two taps, the whole body, with an Idempotency-Key',
      slow.length === 1 && slow[0].bytes === seen.bodyBytes && /^[0-9a-f-]{36}$/.test(slow[0].key ?? '')
        ? []
        : [JSON.stringify(posts)],
    );
    report.check(
      'the cut-off upload reached the relay incomplete or not at all',
      posts.some((post) => post.path.startsWith('/relay/cut/')) &&
        posts.every((post) => !post.path.startsWith('/relay/cut/') || post.cut)
        ? []
        : [JSON.stringify(posts)],
    );
  }
} catch (error) {
  report.check('the browser run completed', [error.stack ?? String(error)]);
} finally {
  await browser?.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}
report.finish();
