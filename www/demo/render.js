// Rendering: every field, photo, summary, status line and the result panel, drawn from
// the state; what it writes of the state is only what it shows: the summary's issues and
// lines, and the page error.

import { formatBytes, PROVIDER_NAMES } from './texts.js';
import {
  $,
  endpointRules,
  fieldLabel,
  fieldOf,
  FIELDS,
  fieldState,
  FIT_STAGES,
  hasError,
  photoState,
  selectedProvider,
  state,
  text,
  usedFields,
} from './state.js';
import { HIDDEN_ENDPOINTS, isServerOnly } from './providers.js';

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
  item.append(issue.message[state.language]);
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

export function renderTextField(key) {
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
  const bytes = formatBytes(image.bytes, state.language);
  const bytesBefore = before ? formatBytes(before.bytes, state.language) : bytes;
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

export function renderPhoto(key) {
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
  const label = fieldLabel(key);
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
    rows.push([text('fileSize'), formatBytes(photo.file.size, state.language)]);
  }
  showDetails($(`${id}-details`), rows, { hideEmpty: false });
}

export function renderField(key) {
  if (FIELDS[key].kind === 'image') {
    renderPhoto(key);
  } else {
    renderTextField(key);
  }
}

/** Shows or hides each field for the chosen provider and endpoint, with its hints. */
export function renderLayout() {
  const provider = selectedProvider();
  const serverOnly = isServerOnly(provider);
  const used = usedFields();
  $('provider-hint').textContent = text('providers')[provider];

  const endpoints = (state.providerRules.get(provider)?.endpoints ?? []).filter(
    (entry) => !HIDDEN_ENDPOINTS.has(entry.id),
  );
  const select = $('endpoint');
  for (const option of select.options) {
    option.textContent = text('endpoints')[option.value] ?? option.value;
  }
  $('endpoint-control').hidden = serverOnly || endpoints.length < 2;
  $('endpoint-hint').textContent = '';
  $('sandbox-control').hidden = provider !== 'kredibel';
  $('oy-note').hidden = provider !== 'oy';
  // The reference number's sandbox values, for the developer, beside the sandbox switch.
  $('widekyc-note').hidden = !used.has('custRefNo');
  $('server-only').hidden = !serverOnly;

  // Before the rules are loaded (or when they failed to load), the form keeps the layout
  // of index.html (Kredibel's), so that the person can start, or go on, filling it in.
  const known = state.providerRules.has(provider);
  for (const [key, { id, kind }] of Object.entries(FIELDS)) {
    const control = document.querySelector(`.control[data-field="${key}"]`);
    const rule = used.get(key);
    if (known) {
      control.hidden = serverOnly || rule === undefined;
    }
    $(id).disabled = control.hidden || state.busy;
    if (!known) {
      continue;
    }
    control.querySelector('.optional').hidden = rule === undefined || rule.required === true;
    if (kind === 'image') {
      $(`${id}-hint`).textContent = rule?.image
        ? text('photoRule')({
            formats: rule.image.formats.map((format) => format.toUpperCase()),
            // The provider's own wording where it has one ("100 KB", not "102 KB"), as
            // the size messages use it; the check itself holds the safe byte values.
            minBytes: rule.image.minBytes && (rule.image.minBytesStated ?? formatBytes(rule.image.minBytes, state.language)),
            maxBytes: rule.image.maxBytes && (rule.image.maxBytesStated ?? formatBytes(rule.image.maxBytes, state.language)),
            minWidth: rule.image.minWidth,
            minHeight: rule.image.minHeight,
          })
        : '';
    }
  }
  $('selfie-label-text').textContent = fieldLabel('selfie');
  if (known) {
    $('photos').hidden = serverOnly || !(used.has('selfie') || used.has('idCard'));
    $('personal').hidden = serverOnly || [...used.keys()].every((key) => FIELDS[key]?.kind === 'image');
  }
  for (const id of ['provider', 'endpoint', 'sandbox']) {
    $(id).disabled = state.loadState !== 'ready' || state.busy;
  }

  const submitButton = $('submit');
  submitButton.disabled = state.loadState !== 'ready' || serverOnly || state.busy || state.locked;
  submitButton.textContent = serverOnly ? text('serverOnly') : text('submit');
}

/**
 * The error summary: one line per issueSummary() line, naming its fields with the labels
 * the form shows them under ("Swafoto: …", not the library's "Foto selfie: …"), in the
 * language shown, so that a change of language redraws it at once. The fields' own hints
 * keep the plain message.
 */
export function renderSummary() {
  const summary = $('error-summary');
  const list = $('error-summary-list');
  const { language } = state;
  list.replaceChildren();
  for (const line of state.summaryLines[language]) {
    const key = fieldOf(line.issue);
    const names = line.fields.map((field) => fieldLabel(field, language));
    const shown =
      names.length > 0
        ? `${names.join(language === 'id' ? ' dan ' : ' and ')}: ${line.issue.message[language]}`
        : line.text;
    const item = document.createElement('li');
    if (key) {
      const link = document.createElement('a');
      link.href = `#${FIELDS[key].id}`;
      link.dataset.field = key;
      link.textContent = shown;
      item.append(link);
    } else {
      item.textContent = shown;
    }
    list.append(item);
  }
  summary.hidden = state.summaryLines[language].length === 0;
}

/** Shows `issues` in the summary, each line naming its field. */
export async function setSummary(issues, provider = selectedProvider()) {
  const options = { provider, worker: state.worker };
  const [id, en] =
    issues.length === 0
      ? [[], []]
      : await Promise.all([
          state.issueSummary(issues, { ...options, language: 'id' }),
          state.issueSummary(issues, { ...options, language: 'en' }),
        ]);
  state.summaryIssues = issues;
  state.summaryLines = { id, en };
  renderSummary();
}

export function renderSubmitStatus() {
  const status = $('submit-status');
  if (state.submitStatus === null) {
    status.textContent = '';
    return;
  }
  const [key, ...args] = state.submitStatus;
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

export function renderResult() {
  const section = $('result');
  if (state.lastResult === null) {
    section.hidden = true;
    delete section.dataset.outcome;
    return;
  }
  const { result, provider, endpoint, polling } = state.lastResult;
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
  // What a verified answer proves is the endpoint's (rules().verifies): a live face or a
  // readable KTP is no identity check, and must not read as one.
  const verifies = endpointRules(provider, endpoint)?.verifies ?? 'identity';
  const told = kind === 'verified' && verifies !== 'identity' ? `verified-${verifies}` : kind;
  $('result-text').textContent = text('outcomeText')[told](name);
  const wait = result.retryAfterSeconds;
  // One next step: a failure's own message, where the panel shows one, already says what to
  // do ("Silakan coba lagi beberapa menit lagi."); the page's line is for those without.
  const advised =
    result.outcome === 'failed' &&
    result.issues.some((issue) => fieldOf(issue) === null && issue.severity === 'error');
  $('result-next').textContent = advised ? '' : text('nextStep')[kind](wait ?? null);
  $('result-next').hidden = advised;

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
      link.textContent = fieldLabel(key);
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

export function renderStatus() {
  const status = $('load-status');
  // A failure with the field checks running (state.api) is the whole module's: only the
  // photos' checker is missing, and the text says so.
  const shown = state.loadState === 'loadFailed' && state.api !== null ? 'photosLoadFailed' : state.loadState;
  status.textContent = state.pageError ? text('unexpected')(state.pageError) : text(shown);
  status.dataset.state = state.pageError ? 'error' : state.loadState;
  $('load-retry').hidden = state.loadState !== 'loadFailed' || state.pageError !== null;
}

export function renderAll() {
  document.documentElement.lang = state.language;
  document.title = `${text('title')} — demo kyc-precheck`;
  for (const element of document.querySelectorAll('[data-text]')) {
    writeText(element, text(element.dataset.text));
  }
  $('birthDate').placeholder = text('birthDatePlaceholder');
  const engine = $('engine-note');
  engine.textContent = engine.dataset.engine ? text('engine')[engine.dataset.engine] : '';
  for (const button of document.querySelectorAll('[data-language]')) {
    button.setAttribute('aria-pressed', String(button.dataset.language === state.language));
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

export function showPageError(error) {
  state.pageError = String(error?.message ?? error);
  renderStatus();
}
