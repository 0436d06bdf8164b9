// Every SVG the package accepts renders in real headless Chromium without a single request
// to anything but the page that shows it and the SVG itself. For each SVG in
// tests/images/good/ and tests/images/bad/ that checkImage (built package, default rule)
// accepts, three renderings, each in a fresh tab:
//
// - an HTML page from 127.0.0.1 showing it as <img> and as <object> (a document of its
//   own), with the mouse moved over it (cursor images load on hover);
// - the SVG opened as the page itself;
// and in both, SMIL animations run and are also jumped through several times.
//
// Every request of the browser context goes through a route: the page and the SVG are
// served by this script's own server on 127.0.0.1, with no Content-Security-Policy (a
// policy would hide requests by blocking them first); any other request is recorded as a
// failure and answered with a 404 by the route itself, so nothing leaves the machine,
// whatever host it names (the corpus's attackers are https://attacker.example/).
//
// A canary proves the listener hears: bad/svg-unsafe-external-image.svg, rendered whatever
// its verdict, must be seen requesting attacker.example.
//
//   node tests/browser/svg-requests.mjs        (after scripts/build.sh)
//
// Exits non-zero when any accepted SVG makes a request; the last line is `N passed, M failed`.

import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

import init, { checkImage } from 'kyc-precheck';

import { createReport, launchChromium } from './chromium.mjs';

const corpus = fileURLToPath(new URL('../images/', import.meta.url));
const CANARY = 'bad/svg-unsafe-external-image.svg';
/** How long each rendering may take to start loading what it references. */
const SETTLE_MS = 400;
/** Animation times (seconds) each SVG document is jumped to. */
const ANIMATION_TIMES = [0, 0.05, 0.1, 0.5, 1, 2, 5, 30];

const report = createReport('accepted SVGs request nothing in headless Chromium');

await init();
const svgs = ['good', 'bad'].flatMap((folder) =>
  readdirSync(`${corpus}${folder}`)
    .filter((name) => name.endsWith('.svg'))
    .sort()
    .map((name) => `${folder}/${name}`),
);
const accepted = svgs.filter((file) => checkImage(readFileSync(`${corpus}${file}`), {}).ok);
console.log(`# ${accepted.length} of ${svgs.length} corpus SVGs accepted: ${accepted.join(', ')}`);
report.check(
  'the package accepts SVGs from the corpus to render',
  accepted.length > 0 ? [] : ['no corpus SVG is accepted'],
);

const server = createServer((request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1');
  const page = /^\/page\/(.+\.svg)$/.exec(url.pathname);
  const svg = /^\/svg\/(.+\.svg)$/.exec(url.pathname);
  if (page && svgs.includes(page[1])) {
    const source = `/svg/${page[1]}`;
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(
      `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>svg</title></head>` +
        `<body style="margin:0"><img src="${source}" alt=""><object data="${source}" type="image/svg+xml"></object>` +
        `</body></html>`,
    );
  } else if (svg && svgs.includes(svg[1])) {
    response.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-store' });
    response.end(readFileSync(`${corpus}${svg[1]}`));
  } else {
    response.writeHead(404, { 'Content-Type': 'text/plain' });
    response.end('not found\n');
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

/** The SVG documents of a tab (the page itself, or each <object>'s), jumped through time. */
async function runAnimations(tab) {
  for (const frame of tab.frames()) {
    await frame
      .evaluate(async (times) => {
        const svg = document.documentElement;
        if (typeof svg.setCurrentTime !== 'function') {
          return;
        }
        for (const time of times) {
          svg.setCurrentTime(time);
          await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 20)));
        }
      }, ANIMATION_TIMES)
      .catch(() => {}); // a frame that navigated away meanwhile: its requests are recorded anyway
  }
}

/** Renders `file` both ways; returns every request for anything but the page and the SVG. */
async function render(context, file) {
  const allowed = new Set([`${origin}/page/${file}`, `${origin}/svg/${file}`]);
  const requests = [];
  await context.unroute('**/*');
  await context.route('**/*', (route) => {
    const url = route.request().url().split('#')[0];
    if (allowed.has(url)) {
      return route.continue();
    }
    requests.push(url);
    return route.fulfill({ status: 404, contentType: 'text/plain', body: 'refused by the test\n' });
  });
  for (const [mode, url] of [
    ['as <img> and <object>', `${origin}/page/${file}`],
    ['as a document', `${origin}/svg/${file}`],
  ]) {
    const tab = await context.newPage();
    const before = requests.length;
    try {
      await tab.goto(url, { waitUntil: 'load', timeout: 30_000 });
      await tab.mouse.move(5, 5);
      await tab.mouse.move(100, 50, { steps: 5 });
      await tab.waitForTimeout(SETTLE_MS);
      await runAnimations(tab);
      await tab.waitForTimeout(SETTLE_MS);
    } catch (error) {
      requests.push(`(${mode}: ${error.message.split('\n')[0]})`);
    } finally {
      await tab.close();
    }
    for (let index = before; index < requests.length; index += 1) {
      requests[index] = `${requests[index]} (${mode})`;
    }
  }
  return requests;
}

let browser;
try {
  browser = await launchChromium();
  const { context } = browser;

  const heard = await render(context, CANARY);
  report.check(
    `the listener hears an external request (${CANARY}, rendered whatever its verdict)`,
    heard.some((url) => url.startsWith('https://attacker.example/')) ? [] : [`heard only: ${heard.join(', ') || 'nothing'}`],
  );

  for (const file of accepted) {
    report.check(`${file}: no request but the page and the SVG`, await render(context, file));
  }
} catch (error) {
  report.check('the browser run completed', [error.stack ?? String(error)]);
} finally {
  await browser?.close();
  server.close();
}
report.finish();
