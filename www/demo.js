// The demo page: checks a NIK and a phone number as they are typed, and shows each
// issue's message in Bahasa Indonesia or English. Nothing typed leaves the page: there is
// no network call and no logging.

import init, { checkNik, checkPhone } from '../pkg/index.js';

/** The page's own texts; the issues bring their messages in both languages. */
const TEXTS = {
  id: {
    title: 'Cek data KYC',
    lead: 'Ketik NIK dan nomor HP Anda. Data diperiksa di perangkat ini dan tidak dikirim ke mana pun.',
    loading: 'Memuat pemeriksa…',
    ready: 'Siap. Hasil muncul saat Anda mengetik.',
    loadFailed: 'Pemeriksa gagal dimuat. Sudahkah scripts/build.sh dijalankan?',
    nikLabel: 'NIK',
    nikHint: '16 digit angka pada KTP Anda.',
    phoneLabel: 'Nomor HP',
    // Odd parts are example numbers, kept on one line each.
    phoneHint: ['Contoh: ', '0812-3456-7890', ' atau ', '+62 812-3456-7890', '.'],
    footer: 'Dibuat dengan kyc-precheck (Rust + WebAssembly).',
    nikValid: 'NIK ini valid.',
    phoneValid: 'Nomor HP ini valid.',
    province: 'Provinsi',
    birthDate: 'Tanggal lahir',
    gender: 'Jenis kelamin',
    male: 'Laki-laki',
    female: 'Perempuan',
    e164: 'Format internasional',
    national: 'Format nasional',
    operator: 'Operator',
    unknownOperator: 'Tidak diketahui',
    error: 'Kesalahan',
    warning: 'Peringatan',
  },
  en: {
    title: 'KYC data check',
    lead: 'Type your NIK and mobile number. They are checked on this device and sent nowhere.',
    loading: 'Loading the checker…',
    ready: 'Ready. Results appear as you type.',
    loadFailed: 'The checker failed to load. Has scripts/build.sh been run?',
    nikLabel: 'NIK (national identity number)',
    nikHint: 'The 16 digits on your KTP.',
    phoneLabel: 'Mobile number',
    phoneHint: ['For example ', '0812-3456-7890', ' or ', '+62 812-3456-7890', '.'],
    footer: 'Made with kyc-precheck (Rust + WebAssembly).',
    nikValid: 'This NIK is valid.',
    phoneValid: 'This mobile number is valid.',
    province: 'Province',
    birthDate: 'Date of birth',
    gender: 'Sex',
    male: 'Male',
    female: 'Female',
    e164: 'International format',
    national: 'National format',
    operator: 'Operator',
    unknownOperator: 'Unknown',
    error: 'Error',
    warning: 'Warning',
  },
};

let language = 'id';
let loadState = 'loading';

const $ = (id) => document.getElementById(id);
const fields = {
  nik: { input: $('nik'), issues: $('nik-issues'), details: $('nik-details') },
  phone: { input: $('phone'), issues: $('phone-issues'), details: $('phone-details') },
};

function text(key) {
  return TEXTS[language][key];
}

/** Writes `rows` ([label, value] pairs) into a <dl>, or hides it when there are none. */
function showDetails(list, rows) {
  list.replaceChildren();
  for (const [label, value] of rows) {
    const term = document.createElement('dt');
    term.textContent = label;
    const description = document.createElement('dd');
    description.textContent = value;
    list.append(term, description);
  }
  list.hidden = rows.length === 0;
}

/** Shows a check's result under its field; an empty field shows nothing yet. */
function render(field, result, validText, detailRows) {
  const { input, issues, details } = fields[field];
  issues.replaceChildren();
  if (input.value.trim() === '' || result === null) {
    input.removeAttribute('aria-invalid');
    showDetails(details, []);
    return;
  }
  input.setAttribute('aria-invalid', String(!result.ok));
  for (const issue of result.issues) {
    const item = document.createElement('li');
    item.className = `issue issue-${issue.severity}`;
    // The severity is spelled out for screen readers; sighted users see the colour and icon.
    const severity = document.createElement('span');
    severity.className = 'visually-hidden';
    severity.textContent = `${text(issue.severity)}: `;
    item.append(severity, issue.message[language]);
    issues.append(item);
  }
  if (result.ok) {
    const item = document.createElement('li');
    item.className = 'issue issue-ok';
    item.textContent = validText;
    issues.prepend(item);
  }
  showDetails(details, result.ok ? detailRows(result) : []);
}

function renderNik() {
  const value = fields.nik.input.value;
  const result = value.trim() === '' ? null : checkNik(value);
  render('nik', result, text('nikValid'), ({ nik }) => [
    [text('province'), `${nik.provinceName} (${nik.provinceCode})`],
    ...(nik.birthDate ? [[text('birthDate'), nik.birthDate]] : []),
    ...(nik.gender ? [[text('gender'), text(nik.gender === 'F' ? 'female' : 'male')]] : []),
  ]);
}

function renderPhone() {
  const value = fields.phone.input.value;
  const result = value.trim() === '' ? null : checkPhone(value);
  render('phone', result, text('phoneValid'), ({ phone }) => [
    [text('e164'), phone.e164],
    [text('national'), phone.national],
    [text('operator'), phone.operator ?? text('unknownOperator')],
  ]);
}

function renderAll() {
  document.documentElement.lang = language;
  for (const element of document.querySelectorAll('[data-text]')) {
    const value = text(element.dataset.text);
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
  const status = $('load-status');
  status.textContent = text(loadState);
  status.dataset.state = loadState;
  for (const button of document.querySelectorAll('[data-language]')) {
    button.setAttribute('aria-pressed', String(button.dataset.language === language));
  }
  if (loadState === 'ready') {
    renderNik();
    renderPhone();
  }
}

for (const button of document.querySelectorAll('[data-language]')) {
  button.addEventListener('click', () => {
    language = button.dataset.language;
    renderAll();
  });
}
// The form is checked as it is typed; it has nothing to submit.
$('form').addEventListener('submit', (event) => event.preventDefault());

try {
  await init();
  loadState = 'ready';
  fields.nik.input.addEventListener('input', renderNik);
  fields.phone.input.addEventListener('input', renderPhone);
  fields.nik.input.disabled = false;
  fields.phone.input.disabled = false;
} catch {
  // The reason is in the browser's network panel; the page says what usually causes it.
  loadState = 'loadFailed';
}
renderAll();
