// Checking as the person types: each text field's check in the package, kept in order
// (a late answer never overwrites a newer one), and the count of checks in flight.

import { $, fieldOf, FIELDS, fieldState, placedAt, selectedProvider, state } from './state.js';
import { renderSummary, renderTextField, showPageError } from './render.js';

/** The birth date as typed, read as DD-MM-YYYY (or YYYY-MM-DD, as autofill may write it). */
function dateFormatOf(value) {
  return /^\s*\d{4}/.test(value) ? 'YYYY-MM-DD' : 'DD-MM-YYYY';
}

/** The last birth date check's ISO date, when it was valid. */
export function birthDateIso() {
  const check = fieldState.birthDate.check;
  return check?.ok ? check.value : undefined;
}

function nikMode() {
  return selectedProvider() === 'kredibel' && $('sandbox').checked ? 'sandbox' : 'strict';
}

export const CHECKS = {
  nik: (value) => state.api.checkNik(value, { mode: nikMode(), birthDate: birthDateIso() }),
  name: (value) => state.api.checkName(value),
  birthDate: (value) => state.api.checkDate(value, dateFormatOf(value)),
  email: (value) => state.api.checkEmail(value),
  phone: (value) => state.api.checkPhone(value),
};

/**
 * Counts the checks in flight on the form (`data-checks`), so that the end-to-end tests
 * can tell when the page has caught up with the typing.
 */
let checksInFlight = 0;

export function track(promise) {
  checksInFlight += 1;
  $('form').dataset.checks = String(checksInFlight);
  return promise.finally(() => {
    checksInFlight -= 1;
    $('form').dataset.checks = String(checksInFlight);
  });
}

/** Checks one typed field, remembering the check so that a send can wait for it. */
export function checkField(key) {
  const promise = track(runFieldCheck(key));
  fieldState[key].pending = promise;
  return promise;
}

/** Checks one typed field; an empty one shows nothing until the form is sent. */
async function runFieldCheck(key) {
  const record = fieldState[key];
  const sequence = ++record.sequence;
  const value = $(FIELDS[key].id).value;
  let check = null;
  // Before the package is loaded the field is only kept; it is checked once it loads.
  if (value.trim() !== '' && CHECKS[key] && state.api !== null) {
    try {
      check = placedAt(key, await CHECKS[key](value));
    } catch (error) {
      showPageError(error);
      return;
    }
  }
  // A later keystroke's check may have finished first.
  if (sequence !== record.sequence) {
    return;
  }
  record.check = check;
  renderTextField(key);
}

export function onFieldInput(key) {
  const record = fieldState[key];
  record.answer = [];
  dropSummaryIssues(key);
  if (!CHECKS[key]) {
    record.check = null;
    renderTextField(key);
    return;
  }
  const checked = checkField(key);
  // The NIK is compared with the birth date, so a new date re-checks it.
  if (key === 'birthDate' && $('nik').value.trim() !== '') {
    void checked.then(() => checkField('nik'));
  }
}

export function dropSummaryIssues(key) {
  if (state.summaryIssues.length > 0) {
    state.summaryIssues = state.summaryIssues.filter((issue) => fieldOf(issue) !== key);
    state.summaryLines = {
      id: state.summaryLines.id.filter((line) => fieldOf(line.issue) !== key),
      en: state.summaryLines.en.filter((line) => fieldOf(line.issue) !== key),
    };
    renderSummary();
  }
}
