// The demo's state: the form's fields, what each module reads and writes of the page's
// state, each field's and photo's own state, and the questions every part asks of them
// (the chosen provider and endpoint, which field an issue belongs to).

import { TEXTS } from './texts.js';

/**
 * The form's fields by their applicant path (what buildRequest reads and what issues'
 * paths name), with the element id, how each is checked as it is typed, and the key of
 * its label in the texts.
 */
export const FIELDS = {
  nik: { id: 'nik', kind: 'nik', label: 'nikLabel' },
  name: { id: 'name', kind: 'name', label: 'nameLabel' },
  birthDate: { id: 'birthDate', kind: 'date', label: 'birthDateLabel' },
  birthPlace: { id: 'birthPlace', kind: 'text', label: 'birthPlaceLabel' },
  email: { id: 'email', kind: 'email', label: 'emailLabel' },
  phone: { id: 'phone', kind: 'phone', label: 'phoneLabel' },
  'address.home': { id: 'addressHome', kind: 'text', label: 'addressHomeLabel' },
  'address.business': { id: 'addressBusiness', kind: 'text', label: 'addressBusinessLabel' },
  custRefNo: { id: 'custRefNo', kind: 'text', label: 'custRefNoLabel' },
  selfie: { id: 'selfie', kind: 'image', label: 'selfieLabel' },
  idCard: { id: 'idCard', kind: 'image', label: 'idCardLabel' },
};

export const $ = (id) => document.getElementById(id);

/**
 * The page's state that more than one module reads or writes, in one object: an imported
 * binding cannot be assigned, a property can.
 */
export const state = {
  language: 'id',
  /**
   * 'loading', 'loadingPhotos' (the field checks answer; the photos, the provider's rules
   * and sending wait for the whole module), 'ready' or 'loadFailed' (with a retry).
   */
  loadState: 'loading',
  /** The package, every function async (see loadPackage in loading.js). */
  api: null,
  /** The shell's submit(), once its module is loaded. */
  submit: null,
  /** The shell's issueSummary(), once its module is loaded. */
  issueSummary: null,
  /** The worker's client when it runs, for submit() to read answers with. */
  worker: undefined,
  /** Every provider's endpoints and fields, from rules(). */
  providerRules: new Map(),
  busy: false,
  /**
   * Set by a final answer (anything but a failure worth retrying): the button stays
   * disabled until the person changes something, so that a second tap never sends a paid
   * request again. Cleared by any input or choice on the page.
   */
  locked: false,
  /**
   * The request the last send built, kept until the person changes a field, a photo or a
   * choice: sending unchanged data again sends the same request object, which submit()
   * keeps one Idempotency-Key for (and never sends again once it was delivered).
   */
  builtRequest: null,
  /** Bumped by each send and by every change of provider, so late answers are dropped. */
  sendToken: 0,
  lastResult: null,
  pageError: null,
  /** The issues the summary shows, and its lines in each language (from issueSummary). */
  summaryIssues: [],
  summaryLines: { id: [], en: [] },
  /** The line under the send button: a key of the texts and its arguments, or null. */
  submitStatus: null,
};

/** Per field: the latest check ({ ok, issues, details }), the provider's answer, a counter. */
export const fieldState = Object.fromEntries(
  Object.keys(FIELDS).map((key) => [key, { check: null, answer: [], sequence: 0, pending: null }]),
);

/**
 * Per photo slot: the chosen file and its bytes (the original, which never leaves the
 * device unless it is sent as it is), the preview's state, and the fit: `fitting` while
 * it runs ({ stage, encodes }), then `fit` (fitImage's result) and `sent`, the bytes
 * buildRequest gets when the fit is ok.
 */
export const photoState = Object.fromEntries(
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
export const FITTABLE = new Set(['image.file_too_large', 'image.file_too_small', 'image.format_unsupported']);

/** fitImage's progress stages, in order (encode may come more than once). */
export const FIT_STAGES = ['decode', 'resize', 'encode', 'verify'];

export function text(key) {
  return TEXTS[state.language][key];
}

/**
 * The label a field shows, in `language`: the summary and the result panel name a field
 * with the word the person sees on it. OY's selfie is one holding the KTP.
 */
export function fieldLabel(key, language = state.language) {
  const label = key === 'selfie' && selectedProvider() === 'oy' ? 'selfieCardLabel' : FIELDS[key].label;
  return TEXTS[language][label];
}

export function selectedProvider() {
  return $('provider').value;
}

export function selectedEndpoint() {
  return $('endpoint').value;
}

export function endpointRules(provider = selectedProvider(), endpoint = selectedEndpoint()) {
  return state.providerRules.get(provider)?.endpoints.find((entry) => entry.id === endpoint) ?? null;
}

/** The field rules of the chosen endpoint, by applicant path. */
export function usedFields() {
  const rules = endpointRules();
  return new Map((rules?.fields ?? []).map((field) => [field.field, field]));
}

export const hasError = (issues) => issues.some((issue) => issue.severity === 'error');

/**
 * A field's own check with its issues placed at that field. A standalone check (checkDate,
 * checkImage, fitImage, …) does not know which field it was given, so its issues come
 * with an empty path; the page does, and the summary names, links and drops an issue by
 * its path.
 */
export function placedAt(key, check) {
  if (!check?.issues) {
    return check;
  }
  const path = key.split('.');
  return { ...check, issues: check.issues.map((issue) => (issue.path.length === 0 ? { ...issue, path } : issue)) };
}

/** Which field an issue belongs to: its whole path, or its first segment; null for none. */
export function fieldOf(issue) {
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
