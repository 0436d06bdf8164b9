// The onboarding demo: a KYC form for one provider at a time, checked as it is typed,
// with photo previews, sent through the shell's submit() to the provider sandbox (which
// plays the integrator's relay and adds the credentials), and the provider's answer shown
// on the fields it concerns. A photo that does not fit its slot but can (too large, a
// format the slot refuses, rotated by its EXIF) is fitted on the device with fitImage, and
// the fitted file is the one sent; the original never leaves the device.
//
// The package runs in a module worker (createWorker), so photo checks and fits, base64 and
// OY's encryption never block the page; if the worker cannot start, the page runs the
// package itself and calls it directly. The page downloads and compiles the wasm once and
// hands the compiled module to the worker (or to itself). The package is imported
// dynamically: a module or a wasm that does not load (a 404, a reset connection) is a
// state of the page with a retry, not a dead end, and the form can be filled meanwhile. Nothing the person typed is
// logged; a load failure alone leaves one console line for the developer.
//
// Query parameters, for the end-to-end tests and for trying the failure paths by hand:
// `?timeoutMs=N` sets submit()'s per-attempt timeout (default 20 s).

import { PROVIDER_NAMES, TEXTS, formatBytes } from './demo-texts.js';

const parameters = new URLSearchParams(location.search);
const TIMEOUT_MS = Math.min(Math.max(Number(parameters.get('timeoutMs')) || 20_000, 200), 120_000);

// How answers are judged where the providers' pages leave it to the integrator (readResponse's
// options). WideKYC scores the selfie comparison (`selfie_photo`) on a scale its page never
// gives, so a selfie is never called a match without a threshold; a real integrator takes it
// from its WideKYC contract. The sandbox answers the page's own example score, 10.
const READ_OPTIONS = { selfieThreshold: 10 };

/** The package's WebAssembly module, beside its index.js. */
const WASM_URL = new URL('../pkg/kyc_precheck_bg.wasm', import.meta.url);

/**
 * The module's download is judged by progress, not by a deadline shorter than a slow
 * network needs: it fails only when no byte has arrived for this long (or on an error).
 */
const WASM_STALL_MS = 15_000;

/**
 * How long the worker may take, once the module is compiled, to answer init (load its own
 * three scripts, which on a revisit over Slow 3G are three 2 s revalidations, and
 * instantiate the module) before the page runs the module instead. A worker that cannot
 * load fails at once (its error event), not by this.
 */
const WORKER_START_MS = 15_000;

/** OY: how often, and how many times, the page asks for the result of a pending check. */
const OY_POLL = { delayMs: 1_000, tries: 5 };

/**
 * Where the page gets the public key it encrypts OY's fields with. A real app ships the
 * key OY gives it in its own config; here the sandbox, which plays the relay, hands the
 * page the public half of the key it decrypts with (sandbox/README.md).
 */
const OY_PUBLIC_KEY_URL = '/__sandbox/oy-public-key';

/**
 * The form's fields by their applicant path (what buildRequest reads and what issues'
 * paths name), with the element id and how each is checked as it is typed.
 */
const FIELDS = {
  nik: { id: 'nik', kind: 'nik' },
  name: { id: 'name', kind: 'name' },
  birthDate: { id: 'birthDate', kind: 'date' },
  birthPlace: { id: 'birthPlace', kind: 'text' },
  email: { id: 'email', kind: 'email' },
  phone: { id: 'phone', kind: 'phone' },
  'address.home': { id: 'addressHome', kind: 'text' },
  'address.business': { id: 'addressBusiness', kind: 'text' },
  custRefNo: { id: 'custRefNo', kind: 'text' },
  selfie: { id: 'selfie', kind: 'image' },
  idCard: { id: 'idCard', kind: 'image' },
};

/** OY's status endpoint is the page's own follow-up, not something a person chooses. */
const HIDDEN_ENDPOINTS = new Set(['status']);

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------

let language = 'id';
/** 'loading', 'ready' or 'loadFailed' (with a retry). */
let loadState = 'loading';
/** The package: the worker's client, or the page's own module wrapped to be async. */
let api = null;
/** The shell's submit(), once its module is loaded. */
let submit = null;
/** The shell's issueSummary(), once its module is loaded. */
let issueSummary = null;
/** The worker's client when it runs, for submit() to read answers with. */
let worker;
/** Every provider's endpoints and fields, from rules(). */
let providerRules = new Map();
let oyPublicKey = null;
let busy = false;
/**
 * Set by a final answer (anything but a failure worth retrying): the button stays disabled
 * until the person changes something, so that a second tap never sends a paid request
 * again. Cleared by any input or choice on the page.
 */
let locked = false;
/**
 * The request the last send built, kept until the person changes a field, a photo or a
 * choice: sending unchanged data again sends the same request object, which submit() keeps
 * one Idempotency-Key for (and never sends again once it was delivered).
 */
let builtRequest = null;
/** Bumped by each send and by every change of provider, so late answers are dropped. */
let sendToken = 0;
let lastResult = null;
let pageError = null;

/** Per field: the latest check ({ ok, issues, details }), the provider's answer, a counter. */
const fieldState = Object.fromEntries(
  Object.keys(FIELDS).map((key) => [key, { check: null, answer: [], sequence: 0, pending: null }]),
);
/**
 * Per photo slot: the chosen file and its bytes (the original, which never leaves the
 * device unless it is sent as it is), the preview's state, and the fit: `fitting` while
 * it runs ({ stage, encodes }), then `fit` (fitImage's result) and `sent`, the bytes
 * buildRequest gets when the fit is ok.
 */
const photoState = Object.fromEntries(
  ['selfie', 'idCard'].map((key) => [
    key,
    {
      file: null,
      bytes: null,
      preview: 'none',
      previewOf: 'none',
      previewToken: 0,
      checking: false,
      fitting: null,
      fit: null,
      sent: null,
      sentSha256: '',
    },
  ]),
);

/**
 * The check's errors a fit can resolve: the file's size (a new encode) and a format the
 * slot does not take (fitImage decodes it, in the browser where the core cannot, and
 * writes a JPEG). Any other error (too few pixels, a damaged file, an unsafe SVG) cannot
 * be fitted away, and its message says what to do. A photo without errors is fitted too:
 * turned upright if its EXIF says it is rotated, and stripped of its privacy metadata.
 */
const FITTABLE = new Set(['image.file_too_large', 'image.file_too_small', 'image.format_unsupported']);

/** fitImage's progress stages, in order (encode may come more than once). */
const FIT_STAGES = ['decode', 'resize', 'encode', 'verify'];

function text(key) {
  return TEXTS[language][key];
}

function selectedProvider() {
  return $('provider').value;
}

function selectedEndpoint() {
  return $('endpoint').value;
}

function endpointRules(provider = selectedProvider(), endpoint = selectedEndpoint()) {
  return providerRules.get(provider)?.endpoints.find((entry) => entry.id === endpoint) ?? null;
}

/** The field rules of the chosen endpoint, by applicant path. */
function usedFields() {
  const rules = endpointRules();
  return new Map((rules?.fields ?? []).map((field) => [field.field, field]));
}

function isServerOnly(provider = selectedProvider()) {
  return provider === 'quantum-elixir';
}

const hasError = (issues) => issues.some((issue) => issue.severity === 'error');

/** Which field an issue belongs to: its whole path, or its first segment; null for none. */
function fieldOf(issue) {
  const joined = issue.path.join('.');
  if (joined in FIELDS) {
    return joined;
  }
  // OY rejects "the address" as a whole; it is shown on the home address.
  if (issue.path[0] === 'address') {
    return usedFields().has('address.home') ? 'address.home' : 'address.business';
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Loading the package
// ---------------------------------------------------------------------------------------

const DIRECT_FUNCTIONS = [
  'checkNik',
  'checkPhone',
  'checkEmail',
  'checkName',
  'checkDate',
  'checkImage',
  'fitImage',
  'buildRequest',
  'readResponse',
  'rules',
  'issueCodes',
];

/**
 * Downloads and compiles the module, once for the worker and the page alike (a compiled
 * `WebAssembly.Module` crosses postMessage). It compiles while it downloads where the
 * server says `application/wasm`, else from the whole bytes. Each chunk that arrives
 * restarts the stall timer; the download fails only when none has come for
 * WASM_STALL_MS, or on an HTTP or network error.
 */
async function compileModule() {
  const download = new AbortController();
  let timer;
  const progress = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () => download.abort(new Error(`no byte of the module for ${WASM_STALL_MS / 1000} s`)),
      WASM_STALL_MS,
    );
  };
  progress();
  try {
    const response = await fetch(WASM_URL, { signal: download.signal });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status} for ${WASM_URL}`);
    }
    const type = response.headers.get('Content-Type');
    const watched = new Response(
      response.body.pipeThrough(
        new TransformStream({
          transform(chunk, out) {
            progress();
            out.enqueue(chunk);
          },
        }),
      ),
      { headers: { 'Content-Type': type ?? '' } },
    );
    return type === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function'
      ? await WebAssembly.compileStreaming(watched)
      : await WebAssembly.compile(await watched.arrayBuffer());
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The worker if it starts, else the package on this page; the same async API either way.
 * The module is downloaded and compiled once, while the package's scripts load and the
 * worker starts; both get the compiled module. Throws when the package's modules or its
 * wasm cannot be loaded; a later call tries again (a failed import() and a failed init()
 * are not remembered).
 */
async function loadPackage() {
  const compiling = compileModule();
  // Awaited below; a failed import must not leave it an unhandled rejection.
  compiling.catch(() => {});
  const [kyc, shell] = await Promise.all([import('../pkg/index.js'), import('../pkg/shell.js')]);
  submit = shell.submit;
  issueSummary = shell.issueSummary;
  let client;
  try {
    client = shell.createWorker();
  } catch {
    // No Worker here: the page runs the package.
  }
  let module;
  try {
    module = await compiling;
  } catch (error) {
    client?.terminate();
    throw error;
  }
  if (client !== undefined) {
    try {
      let timer;
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('the worker did not start in time')), WORKER_START_MS);
      });
      await Promise.race([client.init(module), timeout]).finally(() => clearTimeout(timer));
      return { api: client, worker: client, engine: 'worker' };
    } catch {
      client.terminate();
    }
  }
  await kyc.default(module);
  const direct = Object.fromEntries(DIRECT_FUNCTIONS.map((name) => [name, async (...args) => kyc[name](...args)]));
  return { api: direct, worker: undefined, engine: 'main' };
}

async function loadOyKey() {
  if (oyPublicKey === null) {
    const response = await fetch(OY_PUBLIC_KEY_URL);
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`);
    }
    oyPublicKey = await response.text();
  }
  return oyPublicKey;
}

// ---------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------

/** Writes an array text (plain, example, plain, …) or a string into an element. */
function writeText(element, value) {
  if (Array.isArray(value)) {
    element.replaceChildren(
      ...value.map((part, index) => {
        if (index % 2 === 0) {
          return part;
        }
        const example = document.createElement('span');
        example.className = 'nowrap';
        example.textContent = part;
        return example;
      }),
    );
  } else {
    element.textContent = value;
  }
}

/** Writes `rows` ([label, value] pairs) into a <dl>, hiding it when there are none. */
function showDetails(list, rows, { hideEmpty = true } = {}) {
  list.replaceChildren();
  for (const [label, value] of rows) {
    const term = document.createElement('dt');
    term.textContent = label;
    const description = document.createElement('dd');
    description.textContent = value;
    list.append(term, description);
  }
  if (hideEmpty) {
    list.hidden = rows.length === 0;
  }
}

/** One issue as a list item; the severity is spelled out for screen readers. */
function issueItem(issue, { fromProvider = false } = {}) {
  const item = document.createElement('li');
  item.className = `issue issue-${issue.severity}${fromProvider ? ' issue-answer' : ''}`;
  item.dataset.code = issue.code;
  const severity = document.createElement('span');
  severity.className = 'visually-hidden';
  severity.textContent = `${text(issue.severity)}: `;
  item.append(severity);
  if (fromProvider) {
    const source = document.createElement('strong');
    source.className = 'issue-source';
    source.textContent = `${text('answer')}: `;
    item.append(source);
  }
  item.append(issue.message[language]);
  return item;
}

function okItem(message) {
  const item = document.createElement('li');
  item.className = 'issue issue-ok';
  item.textContent = message;
  return item;
}

/** The detail rows a valid NIK or phone shows. */
function detailRows(key, check) {
  // A sandbox NIK is a test number: its digits encode no real place or date.
  if (key === 'nik' && check.nik && !check.nik.sandbox) {
    const { nik } = check;
    return [
      [text('province'), `${nik.provinceName} (${nik.provinceCode})`],
      // Written as the form asks for it (DD-MM-YYYY), so it can be compared at a glance.
      ...(nik.birthDate ? [[text('birthDate'), nik.birthDate.split('-').reverse().join('-')]] : []),
      ...(nik.gender ? [[text('gender'), text(nik.gender === 'F' ? 'female' : 'male')]] : []),
    ];
  }
  if (key === 'phone' && check.phone) {
    const { phone } = check;
    return [
      [text('e164'), phone.e164],
      [text('national'), phone.national],
      [text('operator'), phone.operator ?? text('unknownOperator')],
    ];
  }
  return [];
}

function renderTextField(key) {
  const { id } = FIELDS[key];
  const { check, answer } = fieldState[key];
  const input = $(id);
  const list = $(`${id}-issues`);
  list.replaceChildren();
  if (check?.ok && key === 'nik') {
    list.append(okItem(text(check.nik?.sandbox ? 'nikSandbox' : 'nikValid')));
  } else if (check?.ok && key === 'phone') {
    list.append(okItem(text('phoneValid')));
  }
  for (const issue of check?.issues ?? []) {
    const item = issueItem(issue);
    if (issue.code === 'email.domain_typo') {
      item.append(' ', suggestionButton(input, issue.params.suggestion));
    }
    list.append(item);
  }
  for (const issue of answer) {
    list.append(issueItem(issue, { fromProvider: true }));
  }
  if (check === null && answer.length === 0) {
    input.removeAttribute('aria-invalid');
  } else {
    input.setAttribute('aria-invalid', String(hasError(check?.issues ?? []) || hasError(answer)));
  }
  const details = $(`${id}-details`);
  if (details) {
    showDetails(details, check?.ok ? detailRows(key, check) : []);
  }
}

/** "Gunakan gmail.com": one tap puts the suggested domain in the email field. */
function suggestionButton(input, domain) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'suggestion';
  button.dataset.suggestion = domain;
  button.textContent = text('useSuggestion')(domain);
  button.addEventListener('click', () => {
    const at = input.value.lastIndexOf('@');
    input.value = `${input.value.slice(0, at + 1)}${domain}`;
    input.focus();
    // As if typed: the field is checked again, and the page counts it as a change.
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  return button;
}

function photoLabel(key) {
  if (key === 'selfie') {
    return text(selectedProvider() === 'oy' ? 'selfieCardLabel' : 'selfieLabel');
  }
  return text('idCardLabel');
}

/** The messages a photo shows: its fit's when it was fitted, else its check's. */
function photoIssues(key) {
  const photo = photoState[key];
  const { check } = fieldState[key];
  const { fit } = photo;
  if (photo.checking || photo.fitting) {
    return [];
  }
  if (fit === null || (!fit.ok && check?.ok)) {
    // Not fitted, or a fit that failed on a photo that passes as it is: the original is
    // what is sent, and its check is what counts.
    return check?.issues ?? [];
  }
  // The check of the file that is sent (its quality warnings included), or why it could
  // not be fitted.
  return fit.issues;
}

/** The pending line of a fit in progress, with a bar (indeterminate until a stage is known). */
function fittingItem({ stage, encodes }) {
  const item = document.createElement('li');
  item.className = 'issue issue-pending fitting';
  item.dataset.stage = stage ?? 'start';
  item.dataset.encodes = String(encodes);
  const label = document.createElement('span');
  label.textContent = text('fitting')(stage, encodes);
  const bar = document.createElement('progress');
  bar.max = FIT_STAGES.length;
  if (stage !== null) {
    bar.value = FIT_STAGES.indexOf(stage) + 1;
  }
  // The text says the same; the bar is for the eye.
  bar.setAttribute('aria-hidden', 'true');
  item.append(label, bar);
  return item;
}

/** What a fitted (re-encoded) photo went through, in the words the page uses for it. */
function fitActions(check, fit) {
  const { source, image } = fit;
  const actions = [];
  if (source.format !== image.format) {
    actions.push(text('fitActions').convert(source.format.toUpperCase()));
  }
  if (source.orientation > 1) {
    actions.push(text('fitActions').upright);
  }
  const fewerPixels = image.displayWidth * image.displayHeight < source.displayWidth * source.displayHeight;
  if (image.bytes < source.bytes || fewerPixels) {
    actions.push(text('fitActions').shrink);
  } else if (check?.issues.some((issue) => issue.code === 'image.file_too_small')) {
    actions.push(text('fitActions').raise);
  }
  return actions.length > 0 ? actions : [text('fitActions').reencode];
}

/** "4000 × 3000" */
function size(width, height) {
  return `${width}\u00a0×\u00a0${height}`;
}

/**
 * The figure's rows for one reading of a photo. `before`, for a fitted photo, is the
 * original's: each figure that changed reads "before → after".
 */
function imageRows(image, issues, before) {
  const rows = [];
  const format = image.format.toUpperCase();
  rows.push([
    text('format'),
    before && before.format !== image.format ? `${before.format.toUpperCase()} → ${format}` : format,
  ]);
  // Metadata alone may change a file by a few hundred bytes: an arrow between two equal
  // figures would say nothing.
  const bytes = formatBytes(image.bytes, language);
  const bytesBefore = before ? formatBytes(before.bytes, language) : bytes;
  rows.push([text('fileSize'), bytesBefore !== bytes ? `${bytesBefore}\u00a0→ ${bytes}` : bytes]);
  const pixels = text('pixels')(image.displayWidth, image.displayHeight);
  const resized =
    before && (before.displayWidth !== image.displayWidth || before.displayHeight !== image.displayHeight);
  const rotated = image.displayWidth !== image.width || image.displayHeight !== image.height;
  if (resized) {
    rows.push([text('dimensions'), `${size(before.displayWidth, before.displayHeight)}\u00a0→ ${pixels}`]);
  } else {
    rows.push([text('dimensions'), pixels + (rotated ? text('rotated') : '')]);
  }
  if (image.quality) {
    const warnings = issues.filter((issue) => issue.code.startsWith('image.') && issue.severity === 'warning');
    const verdict = warnings.length === 0 ? text('qualityGood') : text('qualityWarnings')(warnings.length);
    rows.push([text('quality'), verdict]);
  }
  return rows;
}

function renderPhoto(key) {
  const { id } = FIELDS[key];
  const { check, answer } = fieldState[key];
  const photo = photoState[key];
  const { fit } = photo;
  const fitted = fit?.ok === true;
  const input = $(id);
  const list = $(`${id}-issues`);
  const figure = $(`${id}-preview`);
  const provider = PROVIDER_NAMES[selectedProvider()];
  const issues = photoIssues(key);
  list.replaceChildren();
  if (photo.checking) {
    const item = document.createElement('li');
    item.className = 'issue issue-pending';
    item.textContent = text('checkingPhoto');
    list.append(item);
  }
  if (photo.fitting) {
    list.append(fittingItem(photo.fitting));
  }
  if (fitted && !photo.fitting) {
    const message =
      fit.change === 'reencoded'
        ? `${text('fitted')(fitActions(check, fit), provider)} ${text('originalKept')}`
        : text(fit.change === 'metadata' ? 'sentWithoutMetadata' : 'sentAsIs')(provider);
    const item = okItem(message);
    item.dataset.fit = fit.change;
    list.append(item);
  }
  for (const issue of issues) {
    list.append(issueItem(issue));
  }
  for (const issue of answer) {
    list.append(issueItem(issue, { fromProvider: true }));
  }
  if (check === null && answer.length === 0) {
    input.removeAttribute('aria-invalid');
  } else if (!photo.checking && !photo.fitting) {
    input.setAttribute('aria-invalid', String(hasError(issues) || hasError(answer)));
  }

  figure.hidden = photo.file === null;
  figure.dataset.preview = photo.preview;
  // What the page will send, for the end-to-end tests (and anyone comparing it with the
  // sandbox's log): the fit's outcome, the sent file's length and SHA-256, and for a
  // re-encoded photo its SSIM against the source.
  figure.dataset.fit = photo.fitting ? 'fitting' : fit === null ? '' : fitted ? fit.change : 'failed';
  figure.dataset.sentBytes = fitted ? String(photo.sent.length) : '';
  figure.dataset.sentSha256 = fitted ? photo.sentSha256 : '';
  figure.dataset.ssim = fitted && fit.fidelity ? String(fit.fidelity.ssim) : '';
  const label = photoLabel(key);
  $(`${id}-canvas`).setAttribute(
    'aria-label',
    photo.previewOf === 'fitted' ? text('previewOfFitted')(label) : text('previewOf')(label),
  );

  const rows = [];
  if (photo.preview === 'failed') {
    rows.push(['', text('noPreview')]);
  }
  if (fitted && !photo.fitting) {
    rows.push(...imageRows(fit.image, issues, fit.change === 'none' ? undefined : fit.source));
  } else if (check?.image) {
    rows.push(...imageRows(check.image, check.issues));
  } else if (photo.file) {
    rows.push([text('fileSize'), formatBytes(photo.file.size, language)]);
  }
  showDetails($(`${id}-details`), rows, { hideEmpty: false });
}

function renderField(key) {
  if (FIELDS[key].kind === 'image') {
    renderPhoto(key);
  } else {
    renderTextField(key);
  }
}

/** Shows or hides each field for the chosen provider and endpoint, with its hints. */
function renderLayout() {
  const provider = selectedProvider();
  const serverOnly = isServerOnly(provider);
  const used = usedFields();
  $('provider-hint').textContent = text('providers')[provider];

  const endpoints = (providerRules.get(provider)?.endpoints ?? []).filter((entry) => !HIDDEN_ENDPOINTS.has(entry.id));
  const select = $('endpoint');
  for (const option of select.options) {
    option.textContent = text('endpoints')[option.value] ?? option.value;
  }
  $('endpoint-control').hidden = serverOnly || endpoints.length < 2;
  $('endpoint-hint').textContent = '';
  $('sandbox-control').hidden = provider !== 'kredibel';
  $('oy-note').hidden = provider !== 'oy';
  $('server-only').hidden = !serverOnly;

  // Before the rules are loaded (or when they failed to load), the form keeps the layout
  // of index.html (Kredibel's), so that the person can start, or go on, filling it in.
  const known = providerRules.has(provider);
  for (const [key, { id, kind }] of Object.entries(FIELDS)) {
    const control = document.querySelector(`.control[data-field="${key}"]`);
    const rule = used.get(key);
    if (known) {
      control.hidden = serverOnly || rule === undefined;
    }
    $(id).disabled = control.hidden || busy;
    if (!known) {
      continue;
    }
    control.querySelector('.optional').hidden = rule === undefined || rule.required === true;
    if (kind === 'image') {
      $(`${id}-hint`).textContent = rule?.image
        ? text('photoRule')({
            formats: rule.image.formats.map((format) => format.toUpperCase()),
            minBytes: rule.image.minBytes,
            maxBytes: rule.image.maxBytes,
            minWidth: rule.image.minWidth,
            minHeight: rule.image.minHeight,
          })
        : '';
    }
  }
  $('selfie-label-text').textContent = photoLabel('selfie');
  if (known) {
    $('photos').hidden = serverOnly || !(used.has('selfie') || used.has('idCard'));
    $('personal').hidden = serverOnly || [...used.keys()].every((key) => FIELDS[key]?.kind === 'image');
  }
  for (const id of ['provider', 'endpoint', 'sandbox']) {
    $(id).disabled = loadState !== 'ready' || busy;
  }

  const submitButton = $('submit');
  submitButton.disabled = loadState !== 'ready' || serverOnly || busy || locked;
  submitButton.textContent = serverOnly ? text('serverOnly') : text('submit');
}

/**
 * The error summary: issueSummary()'s lines, which name their fields ("Foto KTP: …"), in
 * both languages, so that a change of language redraws it at once. The fields' own hints
 * keep the plain message.
 */
function renderSummary() {
  const summary = $('error-summary');
  const list = $('error-summary-list');
  list.replaceChildren();
  for (const line of summaryLines[language]) {
    const key = fieldOf(line.issue);
    const item = document.createElement('li');
    if (key) {
      const link = document.createElement('a');
      link.href = `#${FIELDS[key].id}`;
      link.dataset.field = key;
      link.textContent = line.text;
      item.append(link);
    } else {
      item.textContent = line.text;
    }
    list.append(item);
  }
  summary.hidden = summaryLines[language].length === 0;
}

/** The issues the summary shows, and its lines in each language (from issueSummary). */
let summaryIssues = [];
let summaryLines = { id: [], en: [] };

/** Shows `issues` in the summary, each line naming its field. */
async function setSummary(issues, provider = selectedProvider()) {
  const options = { provider, worker };
  const [id, en] =
    issues.length === 0
      ? [[], []]
      : await Promise.all([
          issueSummary(issues, { ...options, language: 'id' }),
          issueSummary(issues, { ...options, language: 'en' }),
        ]);
  summaryIssues = issues;
  summaryLines = { id, en };
  renderSummary();
}
let submitStatus = null;

function renderSubmitStatus() {
  const status = $('submit-status');
  if (submitStatus === null) {
    status.textContent = '';
    return;
  }
  const [key, ...args] = submitStatus;
  const value = text(key);
  const shown = typeof value === 'function' ? value(...args) : value;
  // Rewritten only when it reads differently: it is a live region, and the upload's
  // progress comes about every 50 ms.
  if (status.textContent !== shown) {
    status.textContent = shown;
  }
}

function yesNo(value) {
  if (value === null || value === undefined) {
    return text('unknown');
  }
  return text(value ? 'yes' : 'no');
}

/** Flattens a provider's `data` into rows: `ocr.name`, `verdicts.nik`, … */
function dataRows(data, prefix = '') {
  const rows = [];
  for (const [key, value] of Object.entries(data ?? {})) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      rows.push(...dataRows(value, name));
    } else {
      rows.push([name, value === null ? '—' : Array.isArray(value) ? value.join(', ') : String(value)]);
    }
  }
  return rows;
}

function renderResult() {
  const section = $('result');
  if (lastResult === null) {
    section.hidden = true;
    delete section.dataset.outcome;
    return;
  }
  const { result, provider, endpoint, polling } = lastResult;
  const facts = text('facts');
  const name = PROVIDER_NAMES[provider];
  section.hidden = false;
  section.dataset.outcome = result.outcome;
  section.dataset.retryable = String(result.retryable);
  section.dataset.attempts = String(result.attempts);
  section.dataset.transportError = result.transportError ?? '';
  section.dataset.provider = provider;
  section.dataset.endpoint = endpoint;

  $('result-title').textContent =
    result.transportError === 'timeout' ? text('timeoutTitle') : text('outcome')[result.outcome];
  // For the applicant: what happened, then what to do. A timeout is not retried by
  // submit(): the provider may still process (and bill) it.
  const kind =
    result.transportError === 'timeout'
      ? 'timeout'
      : result.outcome === 'failed'
        ? result.retryable
          ? 'failedRetryable'
          : 'failed'
        : result.outcome;
  $('result-text').textContent = text('outcomeText')[kind](name);
  const wait = result.retryAfterSeconds;
  $('result-next').textContent = text('nextStep')[kind](wait ?? null);

  // For support, collapsed: what the provider and the transport said.
  const rows = [
    [facts.provider, name],
    [facts.endpoint, text('endpoints')[endpoint] ?? endpoint],
    [facts.httpStatus, result.status === null ? facts.noAnswer : String(result.status)],
    ...(result.providerCode ? [[facts.providerCode, result.providerCode]] : []),
    [facts.attempts, String(result.attempts)],
    [facts.retryable, yesNo(result.retryable)],
    [facts.charged, yesNo(result.charged)],
    ...(wait !== null ? [[facts.retryAfter, facts.seconds(wait)]] : []),
  ];
  showDetails($('result-facts'), rows);

  // Every issue of the answer: those on a field also link to it.
  const list = $('result-issues');
  list.replaceChildren();
  for (const issue of result.issues) {
    const item = issueItem(issue, { fromProvider: false });
    const key = fieldOf(issue);
    if (key) {
      item.dataset.field = key;
      const link = document.createElement('a');
      link.href = `#${FIELDS[key].id}`;
      link.dataset.field = key;
      link.textContent = labelOf(key);
      item.insertBefore(link, item.lastChild);
      item.insertBefore(document.createTextNode(': '), item.lastChild);
    }
    list.append(item);
  }

  const data = dataRows(result.data);
  $('result-data').hidden = data.length === 0;
  showDetails($('result-data-list'), data);
  $('check-status').hidden = !(provider === 'oy' && result.outcome === 'pending' && !polling);
}

function labelOf(key) {
  const control = document.querySelector(`.control[data-field="${key}"] label`);
  return control?.firstElementChild?.textContent ?? key;
}

function renderStatus() {
  const status = $('load-status');
  status.textContent = pageError ? text('unexpected')(pageError) : text(loadState);
  status.dataset.state = pageError ? 'error' : loadState;
  $('load-retry').hidden = loadState !== 'loadFailed' || pageError !== null;
}

function renderAll() {
  document.documentElement.lang = language;
  document.title = `${text('title')} — demo kyc-precheck`;
  for (const element of document.querySelectorAll('[data-text]')) {
    writeText(element, text(element.dataset.text));
  }
  $('birthDate').placeholder = text('birthDatePlaceholder');
  const engine = $('engine-note');
  engine.textContent = engine.dataset.engine ? text('engine')[engine.dataset.engine] : '';
  for (const button of document.querySelectorAll('[data-language]')) {
    button.setAttribute('aria-pressed', String(button.dataset.language === language));
  }
  renderStatus();
  renderLayout();
  for (const key of Object.keys(FIELDS)) {
    renderField(key);
  }
  renderSummary();
  renderSubmitStatus();
  renderResult();
}

// ---------------------------------------------------------------------------------------
// Checking as the person types
// ---------------------------------------------------------------------------------------

/** The birth date as typed, read as DD-MM-YYYY (or YYYY-MM-DD, as autofill may write it). */
function dateFormatOf(value) {
  return /^\s*\d{4}/.test(value) ? 'YYYY-MM-DD' : 'DD-MM-YYYY';
}

/** The last birth date check's ISO date, when it was valid. */
function birthDateIso() {
  const check = fieldState.birthDate.check;
  return check?.ok ? check.value : undefined;
}

function nikMode() {
  return selectedProvider() === 'kredibel' && $('sandbox').checked ? 'sandbox' : 'strict';
}

const CHECKS = {
  nik: (value) => api.checkNik(value, { mode: nikMode(), birthDate: birthDateIso() }),
  name: (value) => api.checkName(value),
  birthDate: (value) => api.checkDate(value, dateFormatOf(value)),
  email: (value) => api.checkEmail(value),
  phone: (value) => api.checkPhone(value),
};

/**
 * Counts the checks in flight on the form (`data-checks`), so that the end-to-end tests
 * can tell when the page has caught up with the typing.
 */
let checksInFlight = 0;
function track(promise) {
  checksInFlight += 1;
  $('form').dataset.checks = String(checksInFlight);
  return promise.finally(() => {
    checksInFlight -= 1;
    $('form').dataset.checks = String(checksInFlight);
  });
}

/** Checks one typed field, remembering the check so that a send can wait for it. */
function checkField(key) {
  const promise = track(runFieldCheck(key));
  fieldState[key].pending = promise;
  return promise;
}

/** Checks one typed field; an empty one shows nothing until the form is sent. */
async function runFieldCheck(key) {
  const state = fieldState[key];
  const sequence = ++state.sequence;
  const value = $(FIELDS[key].id).value;
  let check = null;
  // Before the package is loaded the field is only kept; it is checked once it loads.
  if (value.trim() !== '' && CHECKS[key] && api !== null) {
    try {
      check = await CHECKS[key](value);
    } catch (error) {
      showPageError(error);
      return;
    }
  }
  // A later keystroke's check may have finished first.
  if (sequence !== state.sequence) {
    return;
  }
  state.check = check;
  renderTextField(key);
}

function onFieldInput(key) {
  const state = fieldState[key];
  state.answer = [];
  dropSummaryIssues(key);
  if (!CHECKS[key]) {
    state.check = null;
    renderTextField(key);
    return;
  }
  const checked = checkField(key);
  // The NIK is compared with the birth date, so a new date re-checks it.
  if (key === 'birthDate' && $('nik').value.trim() !== '') {
    void checked.then(() => checkField('nik'));
  }
}

function dropSummaryIssues(key) {
  if (summaryIssues.length > 0) {
    summaryIssues = summaryIssues.filter((issue) => fieldOf(issue) !== key);
    summaryLines = {
      id: summaryLines.id.filter((line) => fieldOf(line.issue) !== key),
      en: summaryLines.en.filter((line) => fieldOf(line.issue) !== key),
    };
    renderSummary();
  }
}

// ---------------------------------------------------------------------------------------
// Photos
// ---------------------------------------------------------------------------------------

/**
 * Draws a photo into its preview canvas (no blob: URL: the CSP allows images from 'self'
 * only). `of` says which it is, 'original' or 'fitted'; a later draw wins.
 */
async function drawPreview(key, source, of) {
  const photo = photoState[key];
  const token = ++photo.previewToken;
  const canvas = $(`${FIELDS[key].id}-canvas`);
  try {
    const bitmap = await createImageBitmap(source, { imageOrientation: 'from-image' });
    if (token !== photo.previewToken) {
      bitmap.close();
      return;
    }
    const scale = Math.min(1, 480 / Math.max(bitmap.width, bitmap.height));
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    photo.preview = 'drawn';
    photo.previewOf = of;
  } catch {
    if (token !== photo.previewToken) {
      return;
    }
    canvas.width = 1;
    canvas.height = 1;
    photo.preview = 'failed';
    photo.previewOf = 'none';
  }
  renderPhoto(key);
}

/** The SHA-256 of `bytes` in hex; '' where the page is not a secure context. */
async function sha256Hex(bytes) {
  if (!crypto.subtle) {
    return '';
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Whether fitImage is worth calling: the check's errors, if any, are all ones a fit can resolve. */
function mayFit(check) {
  return check.issues.every((issue) => issue.severity !== 'error' || FITTABLE.has(issue.code));
}

/**
 * Checks a chosen photo against the chosen provider's rule for its slot, then fits it in
 * the worker when it can be: the fitted file is what is sent, the original stays here.
 */
async function preparePhoto(key) {
  const state = fieldState[key];
  const photo = photoState[key];
  const sequence = ++state.sequence;
  const current = () => sequence === state.sequence;
  const provider = selectedProvider();
  photo.fitting = null;
  photo.fit = null;
  photo.sent = null;
  photo.sentSha256 = '';
  if (photo.bytes === null || !usedFields().has(key)) {
    state.check = null;
    photo.checking = false;
    renderPhoto(key);
    return;
  }
  photo.checking = true;
  renderPhoto(key);
  const rule = { provider, field: key };
  let check;
  try {
    // Copied to the worker: the bytes stay here for buildRequest.
    check = await api.checkImage(photo.bytes, rule);
  } catch (error) {
    showPageError(error);
    return;
  }
  if (!current()) {
    return;
  }
  photo.checking = false;
  state.check = check;
  if (!mayFit(check)) {
    await showOriginal(key, current);
    return;
  }

  photo.fitting = { stage: null, encodes: 0 };
  renderPhoto(key);
  const onProgress = ({ stage }) => {
    if (current() && photo.fitting) {
      photo.fitting = { stage, encodes: photo.fitting.encodes + (stage === 'encode' ? 1 : 0) };
      renderPhoto(key);
    }
  };
  let fit;
  try {
    fit = await api.fitImage(photo.bytes, rule, { onProgress });
  } catch (error) {
    photo.fitting = null;
    showPageError(error);
    return;
  }
  if (!current()) {
    return;
  }
  if (fit.ok) {
    const sha256 = await sha256Hex(fit.bytes);
    if (!current()) {
      return;
    }
    photo.sent = fit.bytes;
    photo.sentSha256 = sha256;
  }
  photo.fit = fit;
  photo.fitting = null;
  if (fit.ok && fit.change === 'reencoded') {
    // The preview shows what is sent: upright, at its new size.
    await drawPreview(key, new Blob([fit.bytes], { type: 'image/jpeg' }), 'fitted');
  } else {
    await showOriginal(key, current);
  }
  renderPhoto(key);
}

/** Shows the original in the preview again, if the fitted photo of another slot is there. */
async function showOriginal(key, current) {
  const photo = photoState[key];
  if (photo.previewOf === 'fitted' && current()) {
    await drawPreview(key, photo.file, 'original');
  } else {
    renderPhoto(key);
  }
}

function onPhotoChange(key) {
  fieldState[key].pending = track(readPhoto(key));
}

async function readPhoto(key) {
  const file = $(FIELDS[key].id).files[0] ?? null;
  const photo = photoState[key];
  const state = fieldState[key];
  state.answer = [];
  dropSummaryIssues(key);
  photo.file = file;
  photo.bytes = null;
  photo.fit = null;
  photo.fitting = null;
  photo.sent = null;
  photo.preview = file ? 'loading' : 'none';
  photo.previewOf = 'none';
  state.check = null;
  if (file === null) {
    state.sequence += 1;
    photo.previewToken += 1;
    photo.checking = false;
    renderPhoto(key);
    return;
  }
  photo.checking = true;
  renderPhoto(key);
  void drawPreview(key, file, 'original');
  const bytes = await file.arrayBuffer();
  if (photo.file !== file) {
    return;
  }
  photo.bytes = bytes;
  await preparePhoto(key);
}

// ---------------------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------------------

function generatedReference() {
  const random = new Uint32Array(1);
  crypto.getRandomValues(random);
  return `DEMO-${Date.now().toString(36).toUpperCase()}-${random[0].toString(36).toUpperCase()}`;
}

/** The applicant the chosen endpoint reads, from the form. */
function readApplicant() {
  const used = usedFields();
  const applicant = {};
  const value = (key) => $(FIELDS[key].id).value;
  for (const key of used.keys()) {
    const field = FIELDS[key];
    if (field === undefined) {
      continue;
    }
    if (field.kind === 'image') {
      // The fitted file when there is one; else the original, whose check's issues the
      // request then refuses it with.
      const photo = photoState[key];
      if (photo.bytes !== null) {
        applicant[key] = photo.sent ?? photo.bytes;
      }
    } else if (key === 'birthDate') {
      // The form takes DD-MM-YYYY; the applicant is ISO. An unreadable date is left out
      // and its own check's issues are shown instead.
      if (birthDateIso() !== undefined) {
        applicant.birthDate = birthDateIso();
      }
    } else if (key.startsWith('address.')) {
      if (value(key).trim() !== '' || used.get(key).required === true) {
        applicant.address ??= {};
        applicant.address[key.slice('address.'.length)] = value(key);
      }
    } else if (value(key).trim() !== '' || used.get(key).required === true) {
      applicant[key] = value(key);
    }
  }
  return applicant;
}

async function buildOptions(provider) {
  if (provider === 'kredibel') {
    return { sandbox: $('sandbox').checked };
  }
  if (provider === 'oy') {
    return { publicKey: await loadOyKey() };
  }
  return {};
}

/**
 * Puts buildRequest's issues on the fields: each field the endpoint reads shows its
 * issues, and keeps its own check's details when it has no error.
 */
function showBuildIssues(issues) {
  const byField = new Map();
  for (const issue of issues) {
    const key = fieldOf(issue);
    if (key) {
      byField.set(key, [...(byField.get(key) ?? []), issue]);
    }
  }
  for (const key of usedFields().keys()) {
    const state = fieldState[key];
    if (state === undefined) {
      continue;
    }
    let found = byField.get(key) ?? [];
    if (key === 'birthDate' && state.check && !state.check.ok) {
      // The date as typed is the person's: its own check says what is wrong with it.
      found = state.check.issues;
    }
    if (FIELDS[key].kind === 'image' && photoState[key].bytes !== null) {
      continue;
    }
    if (found.length > 0) {
      state.check = { ...(state.check ?? {}), ok: !hasError(found), issues: found };
    } else if (FIELDS[key].kind === 'text') {
      state.check = null;
    }
    renderField(key);
  }
  return byField;
}

function clearAnswers() {
  for (const key of Object.keys(FIELDS)) {
    if (fieldState[key].answer.length > 0) {
      fieldState[key].answer = [];
      renderField(key);
    }
  }
}

function setBusy(value) {
  busy = value;
  $('form').setAttribute('aria-busy', String(value));
  renderLayout();
}

/**
 * Builds the request from the form, or shows why it cannot be built (on the fields and in
 * the summary) and returns null.
 */
async function buildFromForm(provider, endpoint, token) {
  // What was typed or chosen just before the press is still being checked.
  await Promise.all(Object.values(fieldState).map((state) => state.pending));
  let options;
  try {
    options = await buildOptions(provider);
  } catch {
    await setSummary([], provider);
    submitStatus = ['keyFailed'];
    $('form').dataset.state = 'refused';
    return null;
  }
  const built = await api.buildRequest(provider, endpoint, readApplicant(), options);
  if (token !== sendToken) {
    return null;
  }
  const byField = showBuildIssues(built.issues);
  const errors = [...byField.entries()]
    .filter(([key]) => key !== 'birthDate')
    .flatMap(([, issues]) => issues.filter((issue) => issue.severity === 'error'));
  // A birth date that could not be read is left out of the applicant (see readApplicant):
  // its own check's errors block the send, even where the endpoint does not require it.
  if (usedFields().has('birthDate')) {
    const dateCheck = fieldState.birthDate.check;
    const typed = $('birthDate').value.trim() !== '';
    const dateIssues = typed && dateCheck && !dateCheck.ok ? dateCheck.issues : byField.get('birthDate') ?? [];
    errors.push(...dateIssues.filter((issue) => issue.severity === 'error'));
  }
  // In the order of the form, as the person reads it.
  const order = Object.keys(FIELDS);
  errors.sort((a, b) => order.indexOf(fieldOf(a)) - order.indexOf(fieldOf(b)));
  const unplaced = built.issues.filter((issue) => fieldOf(issue) === null && issue.severity === 'error');
  if (!built.ok || errors.length > 0) {
    await setSummary([...errors, ...unplaced], provider);
    if (token !== sendToken) {
      return null;
    }
    submitStatus = ['refused', new Set(summaryIssues.map(fieldOf)).size];
    $('form').dataset.state = 'refused';
    $('error-summary').focus();
    return null;
  }
  return built.request;
}

/** What the status line says while a request is on its way, from submit()'s onProgress. */
function progressStatus(progress, provider) {
  return progress.stage === 'upload'
    ? ['uploading', progress.sentBytes, progress.totalBytes]
    : ['awaitingAnswer', PROVIDER_NAMES[provider]];
}

async function send() {
  const provider = selectedProvider();
  const endpoint = selectedEndpoint();
  if (busy || locked || isServerOnly(provider) || loadState !== 'ready') {
    return;
  }
  const token = ++sendToken;
  clearAnswers();
  lastResult = null;
  renderResult();
  setBusy(true);
  $('form').dataset.state = 'checking';
  submitStatus = ['checking'];
  renderSubmitStatus();
  try {
    // Unchanged data since the last send (one that failed and may be tried again): the
    // same request object, so the same Idempotency-Key.
    const request = builtRequest ?? (await buildFromForm(provider, endpoint, token));
    if (request === null || token !== sendToken) {
      return;
    }
    builtRequest = request;
    await setSummary([], provider);
    $('form').dataset.state = 'sending';
    submitStatus = ['sending', PROVIDER_NAMES[provider]];
    renderSubmitStatus();
    const result = await submit(request, {
      endpoint: `${location.origin}/${provider}`,
      timeoutMs: TIMEOUT_MS,
      worker,
      read: READ_OPTIONS,
      onProgress: (progress) => {
        if (token === sendToken) {
          submitStatus = progressStatus(progress, provider);
          renderSubmitStatus();
        }
      },
    });
    if (token !== sendToken) {
      return;
    }
    showAnswer(result, provider, endpoint);
    // Only a failure worth retrying leaves the button usable; any other answer is final
    // for this request.
    locked = !(result.outcome === 'failed' && result.retryable);
    submitStatus = locked ? ['sent'] : null;
    $('form').dataset.state = 'answered';
    $('result-title').focus();
    if (provider === 'oy' && result.outcome === 'pending') {
      void followOy(token, { tries: OY_POLL.tries });
    }
  } catch (error) {
    showPageError(error);
    $('form').dataset.state = 'error';
  } finally {
    if (token === sendToken) {
      setBusy(false);
      renderSubmitStatus();
    }
  }
}

/** Puts the provider's answer on the fields it concerns and in the result panel. */
function showAnswer(result, provider, endpoint, { polling = false } = {}) {
  for (const key of Object.keys(FIELDS)) {
    fieldState[key].answer = [];
  }
  for (const issue of result.issues) {
    const key = fieldOf(issue);
    if (key) {
      fieldState[key].answer.push(issue);
    }
  }
  for (const key of Object.keys(FIELDS)) {
    renderField(key);
  }
  lastResult = { result, provider, endpoint, polling };
  // Each answer starts with its support figures folded away.
  $('result-support').open = false;
  renderResult();
}

/**
 * OY answers "Request processed" and sends the result to the integrator's callback URL
 * later; the page asks /kyc/status for it, a few times, then leaves a button.
 */
async function followOy(token, { tries }) {
  if (lastResult === null) {
    return;
  }
  lastResult.polling = tries > 0;
  renderResult();
  submitStatus = ['waitingStatus', PROVIDER_NAMES.oy];
  renderSubmitStatus();
  for (let attempt = 0; attempt < Math.max(tries, 1); attempt += 1) {
    if (tries > 0) {
      await new Promise((resolve) => setTimeout(resolve, OY_POLL.delayMs));
    }
    if (token !== sendToken) {
      return;
    }
    const built = await api.buildRequest('oy', 'status', { nik: $('nik').value }, { publicKey: await loadOyKey() });
    if (!built.ok || token !== sendToken) {
      return;
    }
    const result = await submit(built.request, {
      endpoint: `${location.origin}/oy`,
      timeoutMs: TIMEOUT_MS,
      worker,
      read: READ_OPTIONS,
    });
    if (token !== sendToken || lastResult === null) {
      return;
    }
    if (result.outcome !== 'pending' || attempt === tries - 1 || tries === 0) {
      submitStatus = locked ? ['sent'] : null;
      renderSubmitStatus();
      showAnswer(result, 'oy', lastResult.endpoint, { polling: false });
      $('form').dataset.state = 'answered';
      return;
    }
  }
}

/**
 * Any input or choice on the page is a change: the button may send again, and the next
 * send builds a new request (with a new Idempotency-Key).
 */
function onChange() {
  builtRequest = null;
  if (locked) {
    locked = false;
    if (submitStatus?.[0] === 'sent') {
      submitStatus = null;
      renderSubmitStatus();
    }
    renderLayout();
  }
}

function showPageError(error) {
  pageError = String(error?.message ?? error);
  renderStatus();
}

// ---------------------------------------------------------------------------------------
// Wiring
// ---------------------------------------------------------------------------------------

function fillEndpoints() {
  const provider = selectedProvider();
  const select = $('endpoint');
  const endpoints = (providerRules.get(provider)?.endpoints ?? []).filter((entry) => !HIDDEN_ENDPOINTS.has(entry.id));
  select.replaceChildren(
    ...endpoints.map((entry) => {
      const option = document.createElement('option');
      option.value = entry.id;
      option.textContent = text('endpoints')[entry.id] ?? entry.id;
      return option;
    }),
  );
  // WideKYC: the validation of the KTP's details is the form's main use.
  if (provider === 'widekyc') {
    select.value = 'id-validation';
  }
}

function onProviderChange() {
  sendToken += 1;
  busy = false;
  fillEndpoints();
  onEndpointChange();
  if (selectedProvider() === 'oy') {
    // Fetched ahead, so that the first send does not wait for it.
    loadOyKey().catch(() => {});
  }
}

function onEndpointChange() {
  sendToken += 1;
  busy = false;
  $('form').setAttribute('aria-busy', 'false');
  $('form').dataset.state = 'idle';
  submitStatus = null;
  summaryIssues = [];
  summaryLines = { id: [], en: [] };
  builtRequest = null;
  lastResult = null;
  for (const key of Object.keys(FIELDS)) {
    fieldState[key].answer = [];
  }
  // Build-only issues (a required field) belong to the previous choice.
  for (const [key, { kind }] of Object.entries(FIELDS)) {
    if (kind === 'text') {
      fieldState[key].check = null;
    }
  }
  renderAll();
  // The photo rules and the NIK's sandbox mode depend on the provider.
  fieldState.selfie.pending = track(preparePhoto('selfie'));
  fieldState.idCard.pending = track(preparePhoto('idCard'));
  if ($('nik').value.trim() !== '') {
    void checkField('nik');
  }
}

for (const button of document.querySelectorAll('[data-language]')) {
  button.addEventListener('click', () => {
    language = button.dataset.language;
    renderAll();
  });
}

$('form').addEventListener('submit', (event) => {
  event.preventDefault();
  void send();
});

// Links in the summaries move the focus to the field, not just the scroll position.
document.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[data-field]');
  if (link) {
    event.preventDefault();
    const input = $(FIELDS[link.dataset.field].id);
    input.focus();
    input.scrollIntoView({ block: 'center' });
  }
});

$('check-status').addEventListener('click', () => {
  if (lastResult?.provider === 'oy') {
    void followOy(sendToken, { tries: 0 });
  }
});

/**
 * Loads the package, then checks what was typed or chosen meanwhile. On failure the page
 * says so, in the person's words, with a retry; the form keeps its values.
 */
async function start() {
  loadState = 'loading';
  renderStatus();
  try {
    const loaded = await loadPackage();
    api = loaded.api;
    worker = loaded.worker;
    $('engine-note').dataset.engine = loaded.engine;
    document.documentElement.dataset.engine = loaded.engine;
    providerRules = new Map((await api.rules()).map((provider) => [provider.id, provider]));
  } catch (error) {
    api = null;
    loadState = 'loadFailed';
    // For the developer only: the usual cause, and the browser's own reason.
    console.warn(`kyc-precheck demo: the package did not load (is pkg/ built? bash scripts/build.sh): ${error}`);
    renderAll();
    return;
  }
  loadState = 'ready';
  fillEndpoints();
  renderAll();
  for (const [key, { kind }] of Object.entries(FIELDS)) {
    if (kind === 'image') {
      fieldState[key].pending = track(preparePhoto(key));
    } else if (CHECKS[key] && $(FIELDS[key].id).value.trim() !== '') {
      void checkField(key);
    }
  }
}

$('load-retry').addEventListener('click', () => {
  void start().then(() => {
    if (loadState === 'ready') {
      $('load-status').focus();
    }
  });
});
// Every input or choice anywhere on the page is a change (the language buttons are neither).
document.addEventListener('input', onChange, true);
document.addEventListener('change', onChange, true);

for (const [key, { id, kind }] of Object.entries(FIELDS)) {
  if (kind === 'image') {
    $(id).addEventListener('change', () => void onPhotoChange(key));
  } else {
    $(id).addEventListener('input', () => onFieldInput(key));
  }
}
$('provider').addEventListener('change', onProviderChange);
$('endpoint').addEventListener('change', onEndpointChange);
$('sandbox').addEventListener('change', () => {
  fieldState.nik.answer = [];
  if ($('nik').value.trim() !== '') {
    void checkField('nik');
  }
});
$('custRefNo').value = generatedReference();
renderAll();
void start();
