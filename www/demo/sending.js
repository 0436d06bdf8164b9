// Sending: the applicant read from the form, buildRequest, the shell's submit() through
// the sandbox, the answer put on the fields, OY's pending answer followed, and the lock
// that keeps a second tap from sending a paid request twice.

import { PROVIDER_NAMES } from './texts.js';
import {
  $,
  fieldOf,
  FIELDS,
  fieldState,
  hasError,
  photoState,
  selectedEndpoint,
  selectedProvider,
  state,
  usedFields,
} from './state.js';
import { buildOptions, isServerOnly, loadOyKey, OY_POLL, READ_OPTIONS } from './providers.js';
import { renderField, renderLayout, renderResult, renderSubmitStatus, setSummary, showPageError } from './render.js';
import { birthDateIso } from './checks.js';

const parameters = new URLSearchParams(location.search);

const TIMEOUT_MS = Math.min(Math.max(Number(parameters.get('timeoutMs')) || 20_000, 200), 120_000);

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
    const record = fieldState[key];
    if (record === undefined) {
      continue;
    }
    let found = byField.get(key) ?? [];
    if (key === 'birthDate' && record.check && !record.check.ok) {
      // The date as typed is the person's: its own check says what is wrong with it.
      found = record.check.issues;
    }
    if (FIELDS[key].kind === 'image' && photoState[key].bytes !== null) {
      continue;
    }
    if (found.length > 0) {
      record.check = { ...(record.check ?? {}), ok: !hasError(found), issues: found };
    } else if (FIELDS[key].kind === 'text') {
      record.check = null;
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
  state.busy = value;
  $('form').setAttribute('aria-busy', String(value));
  renderLayout();
}

/**
 * Builds the request from the form, or shows why it cannot be built (on the fields and in
 * the summary) and returns null.
 */
async function buildFromForm(provider, endpoint, token) {
  // What was typed or chosen just before the press is still being checked.
  await Promise.all(Object.values(fieldState).map((record) => record.pending));
  let options;
  try {
    options = await buildOptions(provider);
  } catch {
    await setSummary([], provider);
    state.submitStatus = ['keyFailed'];
    $('form').dataset.state = 'refused';
    return null;
  }
  const built = await state.api.buildRequest(provider, endpoint, readApplicant(), options);
  if (token !== state.sendToken) {
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
    if (token !== state.sendToken) {
      return null;
    }
    state.submitStatus = ['refused', new Set(state.summaryIssues.map(fieldOf)).size];
    $('form').dataset.state = 'refused';
    $('error-summary').focus();
    return null;
  }
  return built.request;
}

/** What the status line says while a request is on its way, from submit()'s onProgress. */
function progressStatus(progress, provider) {
  if (progress.stage === 'retry') {
    return ['retrying', PROVIDER_NAMES[provider], Math.max(1, Math.ceil(progress.retryInMs / 1000))];
  }
  return progress.stage === 'upload'
    ? ['uploading', progress.sentBytes, progress.totalBytes]
    : ['awaitingAnswer', PROVIDER_NAMES[provider]];
}

export async function send() {
  const provider = selectedProvider();
  const endpoint = selectedEndpoint();
  if (state.busy || state.locked || isServerOnly(provider) || state.loadState !== 'ready') {
    return;
  }
  const token = ++state.sendToken;
  clearAnswers();
  state.lastResult = null;
  renderResult();
  setBusy(true);
  $('form').dataset.state = 'checking';
  state.submitStatus = ['checking'];
  renderSubmitStatus();
  try {
    // Unchanged data since the last send (one that failed and may be tried again): the
    // same request object, so the same Idempotency-Key.
    const request = state.builtRequest ?? (await buildFromForm(provider, endpoint, token));
    if (request === null || token !== state.sendToken) {
      return;
    }
    state.builtRequest = request;
    await setSummary([], provider);
    $('form').dataset.state = 'sending';
    state.submitStatus = ['sending', PROVIDER_NAMES[provider]];
    renderSubmitStatus();
    const result = await state.submit(request, {
      endpoint: `${location.origin}/${provider}`,
      timeoutMs: TIMEOUT_MS,
      worker: state.worker,
      read: READ_OPTIONS,
      onProgress: (progress) => {
        if (token === state.sendToken) {
          state.submitStatus = progressStatus(progress, provider);
          renderSubmitStatus();
        }
      },
    });
    if (token !== state.sendToken) {
      return;
    }
    showAnswer(result, provider, endpoint);
    // Only a failure worth retrying leaves the button usable; any other answer is final
    // for this request.
    state.locked = !(result.outcome === 'failed' && result.retryable);
    state.submitStatus = state.locked ? ['sent'] : null;
    $('form').dataset.state = 'answered';
    $('result-title').focus();
    if (provider === 'oy' && result.outcome === 'pending') {
      void followOy(token, { tries: OY_POLL.tries });
    }
  } catch (error) {
    showPageError(error);
    $('form').dataset.state = 'error';
  } finally {
    if (token === state.sendToken) {
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
  state.lastResult = { result, provider, endpoint, polling };
  // Each answer starts with its support figures folded away.
  $('result-support').open = false;
  renderResult();
}

/**
 * OY answers "Request processed" and sends the result to the integrator's callback URL
 * later; the page asks /kyc/status for it, a few times, then leaves a button.
 */
export async function followOy(token, { tries }) {
  if (state.lastResult === null) {
    return;
  }
  state.lastResult.polling = tries > 0;
  renderResult();
  state.submitStatus = ['waitingStatus', PROVIDER_NAMES.oy];
  renderSubmitStatus();
  for (let attempt = 0; attempt < Math.max(tries, 1); attempt += 1) {
    if (tries > 0) {
      await new Promise((resolve) => setTimeout(resolve, OY_POLL.delayMs));
    }
    if (token !== state.sendToken) {
      return;
    }
    const built = await state.api.buildRequest(
      'oy',
      'status',
      { nik: $('nik').value },
      { publicKey: await loadOyKey() },
    );
    if (!built.ok || token !== state.sendToken) {
      return;
    }
    const result = await state.submit(built.request, {
      endpoint: `${location.origin}/oy`,
      timeoutMs: TIMEOUT_MS,
      worker: state.worker,
      read: READ_OPTIONS,
    });
    if (token !== state.sendToken || state.lastResult === null) {
      return;
    }
    if (result.outcome !== 'pending' || attempt === tries - 1 || tries === 0) {
      state.submitStatus = state.locked ? ['sent'] : null;
      renderSubmitStatus();
      showAnswer(result, 'oy', state.lastResult.endpoint, { polling: false });
      $('form').dataset.state = 'answered';
      return;
    }
  }
}

/**
 * Any input or choice on the page is a change: the button may send again, and the next
 * send builds a new request (with a new Idempotency-Key).
 */
export function onChange() {
  state.builtRequest = null;
  if (state.locked) {
    state.locked = false;
    if (state.submitStatus?.[0] === 'sent') {
      state.submitStatus = null;
      renderSubmitStatus();
    }
    renderLayout();
  }
}
