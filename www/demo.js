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
// dynamically: a module or
// a wasm that does not load (a 404, a reset connection) is a state of the page with a
// retry, not a dead end, and the form can be filled meanwhile. Nothing the person typed is
// logged; a load failure alone leaves one console line for the developer.
//
// Query parameters, for the end-to-end tests and for trying the failure paths by hand:
// `?timeoutMs=N` sets submit()'s per-attempt timeout (default 20 s).
//
// This module wires the page: the provider and endpoint choices, the listeners, the start
// and its retry. The parts live in demo/, each importing only those below it: texts,
// state, providers, loading, render, checks, photos, sending.

import { $, FIELDS, fieldState, photoState, selectedProvider, state, text } from './demo/state.js';
import { generatedReference, HIDDEN_ENDPOINTS, loadOyKey } from './demo/providers.js';
import { loadPackage } from './demo/loading.js';
import { renderAll, renderStatus } from './demo/render.js';
import { checkField, CHECKS, onFieldInput, track } from './demo/checks.js';

/**
 * demo/photos.js and demo/sending.js, once loaded: onPhotoChange, preparePhoto, followOy,
 * onChange and send. The first check needs neither, so start() imports them only once the
 * field checks answer: over a slow link every request the page makes before its first
 * check takes one of HTTP/1.1's six connections, and two fewer of them save a round trip
 * (measured by tests/e2e/loading.mjs on Slow 3G). Until they are in, nothing can be sent
 * (sending waits for the whole module anyway) and a chosen photo waits for them.
 */
let parts = null;
let partsLoading = null;

/** The later parts; a failed import is not remembered, so that the retry loads them. */
function laterParts() {
  if (partsLoading === null) {
    partsLoading = Promise.all([import('./demo/photos.js'), import('./demo/sending.js')]).then(
      ([photos, sending]) => {
        parts = { ...photos, ...sending };
        return parts;
      },
      (error) => {
        partsLoading = null;
        throw error;
      },
    );
  }
  return partsLoading;
}

function fillEndpoints() {
  const provider = selectedProvider();
  const select = $('endpoint');
  const endpoints = (state.providerRules.get(provider)?.endpoints ?? []).filter(
    (entry) => !HIDDEN_ENDPOINTS.has(entry.id),
  );
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
  state.sendToken += 1;
  state.busy = false;
  fillEndpoints();
  onEndpointChange();
  if (selectedProvider() === 'oy') {
    // Fetched ahead, so that the first send does not wait for it.
    loadOyKey().catch(() => {});
  }
}

function onEndpointChange() {
  state.sendToken += 1;
  state.busy = false;
  $('form').setAttribute('aria-busy', 'false');
  $('form').dataset.state = 'idle';
  state.submitStatus = null;
  state.summaryIssues = [];
  state.summaryLines = { id: [], en: [] };
  state.builtRequest = null;
  state.lastResult = null;
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
  // The photo rules and the NIK's sandbox mode depend on the provider (whose choice is
  // enabled once ready, when the later parts are in).
  fieldState.selfie.pending = track(parts.preparePhoto('selfie'));
  fieldState.idCard.pending = track(parts.preparePhoto('idCard'));
  if ($('nik').value.trim() !== '') {
    void checkField('nik');
  }
}

for (const button of document.querySelectorAll('[data-language]')) {
  button.addEventListener('click', () => {
    state.language = button.dataset.language;
    renderAll();
  });
}

$('form').addEventListener('submit', (event) => {
  event.preventDefault();
  // Without the later parts the page is not ready, and send() would do nothing.
  void parts?.send();
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
  if (state.lastResult?.provider === 'oy') {
    void parts.followOy(state.sendToken, { tries: 0 });
  }
});

/**
 * Loads the package, then checks what was typed or chosen meanwhile: the fields as soon as
 * their own module is in, the photos once the whole module runs. On failure the page says
 * so, in the person's words, with a retry; the form keeps its values, and the fields keep
 * their checks when only the whole module failed.
 */
async function start() {
  state.loadState = 'loading';
  renderStatus();
  let loaded;
  try {
    loaded = await loadPackage();
  } catch (error) {
    state.api = null;
    loadFailed(error);
    return;
  }
  state.api = loaded.api;
  // The field checks answer now; the photos, the provider's rules and sending wait for the
  // whole module.
  state.loadState = 'loadingPhotos';
  renderAll();
  for (const [key, { kind }] of Object.entries(FIELDS)) {
    if (kind !== 'image' && CHECKS[key] && $(FIELDS[key].id).value.trim() !== '') {
      void checkField(key);
    }
  }
  try {
    // Together, so that a failure of either is handled at once, never left unhandled.
    const [{ worker, workerFailed }] = await Promise.all([loaded.whole, laterParts()]);
    const showEngine = (running) => {
      state.worker = running;
      const engine = running === undefined ? 'main' : 'worker';
      $('engine-note').dataset.engine = engine;
      document.documentElement.dataset.engine = engine;
      $('engine-note').textContent = text('engine')[engine];
    };
    showEngine(worker);
    // A worker that fails once it runs: submit and the summaries stop asking it too.
    void workerFailed.then(() => showEngine(undefined));
    state.providerRules = new Map((await state.api.rules()).map((provider) => [provider.id, provider]));
  } catch (error) {
    // The whole module may have loaded and started its worker (the parts or the rules
    // failed): stopped, since the retry loads it anew and starts another.
    loaded.whole.then(({ worker }) => worker?.terminate(), () => {});
    loadFailed(error);
    return;
  }
  state.loadState = 'ready';
  fillEndpoints();
  renderAll();
  for (const [key, { id, kind }] of Object.entries(FIELDS)) {
    if (kind !== 'image') {
      continue;
    }
    // A photo chosen while the later parts failed to load was never read: read it now.
    if (($(id).files[0] ?? null) !== photoState[key].file) {
      parts.onPhotoChange(key);
    } else {
      fieldState[key].pending = track(parts.preparePhoto(key));
    }
  }
}

/** Says the package did not load, with the retry. */
function loadFailed(error) {
  state.loadState = 'loadFailed';
  // For the developer only: the usual cause, and the browser's own reason.
  console.warn(`kyc-precheck demo: the package did not load (is pkg/ built? bash scripts/build.sh): ${error}`);
  renderAll();
}

$('load-retry').addEventListener('click', () => {
  void start().then(() => {
    if (state.loadState === 'ready') {
      $('load-status').focus();
    }
  });
});

// Every input or choice anywhere on the page is a change (the language buttons are neither).
// Before the later parts are in, nothing was sent or built, and a change has nothing to undo.
document.addEventListener('input', () => parts?.onChange(), true);
document.addEventListener('change', () => parts?.onChange(), true);

for (const [key, { id, kind }] of Object.entries(FIELDS)) {
  if (kind === 'image') {
    // If the parts fail to load, start() says so and, once they are in, reads the photo.
    $(id).addEventListener('change', () => void laterParts().then((loaded) => loaded.onPhotoChange(key), () => {}));
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
