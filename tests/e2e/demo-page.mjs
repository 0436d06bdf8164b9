// Driving the demo page (www/) as a person would: choose a provider, type, pick photos,
// press the button, and read back what the page shows.

import { cspViolations, watchPage } from '../browser/chromium.mjs';
import { REPOSITORY } from './sandbox.mjs';

export const PHOTOS = {
  selfie: `${REPOSITORY}tests/images/providers/selfie-512x1024.jpg`,
  idCard: `${REPOSITORY}tests/images/providers/ktp-1024x640.jpg`,
  heic: `${REPOSITORY}tests/images/bad/format-heic.heic`,
  tooSmall: `${REPOSITORY}tests/images/providers/selfie-too-small-360x480.jpg`,
};

/** The form's element ids by applicant path, as in www/demo.js. */
export const FIELD_IDS = {
  nik: 'nik',
  name: 'name',
  birthDate: 'birthDate',
  birthPlace: 'birthPlace',
  email: 'email',
  phone: 'phone',
  'address.home': 'addressHome',
  'address.business': 'addressBusiness',
  custRefNo: 'custRefNo',
  selfie: 'selfie',
  idCard: 'idCard',
};

/** A made-up applicant whose NIK (a woman born 1990-05-12, serial 0001) matches her birth date. */
export const APPLICANT = {
  nik: '3273 0152 0590 0001',
  name: 'Siti Nurhaliza',
  birthDate: '12-05-1990',
  email: 'siti.nurhaliza@example.co.id',
  phone: '0812-3456-7890',
  'address.home': 'Jl. Merdeka No. 10, RT 01/RW 02, Sumur Bandung, Bandung',
  'address.business': 'Jl. Braga No. 5, Sumur Bandung, Bandung',
  birthPlace: 'Bandung',
};

/**
 * Opens the demo in a new page of `browser` and waits until its load status is `waitFor`
 * ('ready' unless told). Problems (console errors, failed requests, HTTP errors) are
 * collected on `page.problems`.
 */
export async function openDemo(browser, sandbox, { query = '', viewport, beforeLoad, waitFor = 'ready' } = {}) {
  const page = await browser.newPage();
  if (viewport) {
    await page.setViewportSize(viewport);
  }
  page.problems = [];
  await watchPage(page, page.problems);
  await beforeLoad?.(page);
  const response = await page.goto(`${sandbox.url}www/${query}`);
  page.documentResponse = response;
  await page.waitForSelector(`#load-status[data-state="${waitFor}"]`, { timeout: 30_000 });
  if (waitFor === 'ready') {
    // The field checks answer first; which engine runs the rest is known a moment later.
    await page.waitForFunction(() => document.documentElement.dataset.engine !== undefined, null, { timeout: 30_000 });
  }
  return page;
}

/** The page's problems and CSP violations, less those the test expects (regexes). */
export async function unexpectedProblems(page, expected = []) {
  const all = [...page.problems, ...(await cspViolations(page)).map((violation) => `CSP violation: ${violation}`)];
  return all.filter((problem) => !expected.some((pattern) => pattern.test(problem)));
}

export async function chooseProvider(page, provider, endpoint) {
  await page.selectOption('#provider', provider);
  if (endpoint) {
    await page.selectOption('#endpoint', endpoint);
  }
  await settle(page);
}

/** Waits until no check is in flight and every chosen photo's preview is drawn (or refused). */
export async function settle(page) {
  await page.waitForFunction(
    () =>
      document.querySelector('#form').dataset.checks === '0' &&
      [...document.querySelectorAll('figure.preview:not([hidden])')].every(
        (figure) => figure.dataset.preview === 'drawn' || figure.dataset.preview === 'failed',
      ),
    undefined,
    { timeout: 15_000 },
  );
}

/** Types each given value into its field (and only the fields the provider shows). */
export async function fill(page, values) {
  for (const [key, value] of Object.entries(values)) {
    const selector = `#${FIELD_IDS[key]}`;
    if (await page.isVisible(selector)) {
      await page.fill(selector, value);
    }
  }
  await settle(page);
}

export async function choosePhotos(page, photos) {
  for (const [key, file] of Object.entries(photos)) {
    await page.setInputFiles(`#${FIELD_IDS[key]}`, file);
  }
  await settle(page);
}

/** Presses the send button and waits for the page's verdict: refused, answered or error. */
export async function send(page, { timeout = 20_000 } = {}) {
  await page.click('#submit');
  await page.waitForFunction(
    () => ['refused', 'answered', 'error'].includes(document.querySelector('#form').dataset.state),
    undefined,
    { timeout },
  );
  return page.evaluate(() => document.querySelector('#form').dataset.state);
}

/** Waits for the result panel to show an outcome other than `pending` (OY's follow-up). */
export async function finalOutcome(page, { timeout = 15_000 } = {}) {
  await page.waitForFunction(
    () => {
      const result = document.querySelector('#result');
      return !result.hidden && result.dataset.outcome && result.dataset.outcome !== 'pending';
    },
    undefined,
    { timeout },
  );
  return readResult(page);
}

/** What the result panel shows. */
export function readResult(page) {
  return page.evaluate(() => {
    const result = document.querySelector('#result');
    if (result.hidden) {
      return null;
    }
    const facts = {};
    const terms = [...result.querySelectorAll('#result-facts dt')];
    for (const term of terms) {
      facts[term.textContent] = term.nextElementSibling.textContent;
    }
    return {
      ...result.dataset,
      title: document.querySelector('#result-title').textContent,
      text: document.querySelector('#result-text').textContent,
      facts,
      issues: [...result.querySelectorAll('#result-issues li')].map((item) => ({
        code: item.dataset.code,
        field: item.dataset.field ?? null,
        text: item.textContent,
      })),
    };
  });
}

/** Every field's messages: the page's own checks and the provider's answer, by applicant path. */
export function readFields(page) {
  return page.evaluate((ids) => {
    const fields = {};
    for (const [key, id] of Object.entries(ids)) {
      const control = document.querySelector(`.control[data-field="${key}"]`);
      const items = [...document.querySelectorAll(`#${id}-issues li`)];
      fields[key] = {
        visible: !control.hidden && control.closest('[hidden]') === null,
        invalid: document.getElementById(id).getAttribute('aria-invalid'),
        local: items
          .filter((item) => !item.classList.contains('issue-answer') && item.dataset.code)
          .map((item) => item.dataset.code),
        answer: items.filter((item) => item.classList.contains('issue-answer')).map((item) => item.dataset.code),
        ok: items.filter((item) => item.classList.contains('issue-ok')).map((item) => item.textContent),
        texts: items.map((item) => item.textContent),
      };
    }
    return fields;
  }, FIELD_IDS);
}

/** The summary of blocking problems shown above the form: [field, text] pairs. */
export function readSummary(page) {
  return page.evaluate(() => {
    const summary = document.querySelector('#error-summary');
    if (summary.hidden) {
      return null;
    }
    return {
      focused: document.activeElement === summary,
      items: [...summary.querySelectorAll('li')].map((item) => ({
        field: item.querySelector('a')?.dataset.field ?? null,
        text: item.textContent,
      })),
    };
  });
}

/**
 * What a photo field shows: the figure's state (`fit`: '' when no fit was tried, then
 * 'none', 'metadata', 'reencoded' or 'failed'; the sent file's length and SHA-256), its
 * figures as { label: value } (no-break spaces read as spaces) and its messages (`ok`
 * are the page's own, `local` the codes of the issues).
 */
export function readPhotoField(page, key) {
  return page.evaluate((id) => {
    const figure = document.getElementById(`${id}-preview`);
    const rows = {};
    for (const term of document.querySelectorAll(`#${id}-details dt`)) {
      rows[term.textContent] = term.nextElementSibling.textContent.replaceAll('\u00a0', ' ');
    }
    const items = [...document.querySelectorAll(`#${id}-issues li`)];
    return {
      preview: figure.dataset.preview,
      fit: figure.dataset.fit,
      sentBytes: figure.dataset.sentBytes === '' ? null : Number(figure.dataset.sentBytes),
      sentSha256: figure.dataset.sentSha256,
      ssim: figure.dataset.ssim === '' ? null : Number(figure.dataset.ssim),
      canvasLabel: document.getElementById(`${id}-canvas`).getAttribute('aria-label'),
      rows,
      ok: items.filter((item) => item.classList.contains('issue-ok')).map((item) => item.textContent),
      local: items.filter((item) => item.dataset.code).map((item) => item.dataset.code),
      texts: items.map((item) => item.textContent),
      invalid: document.getElementById(id).getAttribute('aria-invalid'),
    };
  }, FIELD_IDS[key]);
}

/**
 * Records, from now on, each stage the photo field's fit shows (its progress line's
 * `data-stage`: 'start', then fitImage's own stages); read them with `fitStages`.
 */
export function watchFitStages(page, key) {
  return page.evaluate((id) => {
    window.__fitStages ??= {};
    const seen = [];
    window.__fitStages[id] = seen;
    const list = document.getElementById(`${id}-issues`);
    new MutationObserver(() => {
      const stage = list.querySelector('li.fitting')?.dataset.stage;
      if (stage && seen.at(-1) !== stage) {
        seen.push(stage);
      }
    }).observe(list, { childList: true });
  }, FIELD_IDS[key]);
}

export function fitStages(page, key) {
  return page.evaluate((id) => window.__fitStages?.[id] ?? [], FIELD_IDS[key]);
}

/**
 * Counts, from now on, the requests the page POSTs under `/{provider}/`, as Chromium
 * sends them (Playwright's request events): `count()` reads the tally.
 */
export function countPosts(page, provider) {
  let posts = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname.startsWith(`/${provider}/`)) {
      posts += 1;
    }
  });
  return { count: () => posts };
}

/**
 * Keeps the JSON body of every request the page POSTs under `/{provider}/`, as the page
 * sent it (before the sandbox, which plays the relay, reads it).
 */
export function captureRequests(page, provider) {
  const bodies = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname.startsWith(`/${provider}/`)) {
      bodies.push(JSON.parse(request.postDataBuffer().toString('utf8')));
    }
  });
  return bodies;
}
