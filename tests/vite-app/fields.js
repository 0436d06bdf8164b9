// A form that imports `kyc-precheck/fields` alone, built on its own (vite build --mode
// fields, into dist/fields/): Vite must emit kyc_precheck_fields_bg.wasm for it, and
// nothing of the whole module. The NIK is a made-up test number.

import init, { checkNik, checkPhone } from 'kyc-precheck/fields';

const show = (id, text) => {
  document.getElementById(id).textContent = text;
};
const state = document.getElementById('state');

try {
  await init();

  const nik = checkNik('3171 0145 0890 0002', { today: '2026-11-22' });
  show('fields-nik-ok', String(nik.ok));
  show('fields-nik-province', nik.nik?.provinceName ?? '');
  const badNik = checkNik('31710145089000', { today: '2026-11-22' });
  show('fields-bad-nik-codes', badNik.issues.map((issue) => issue.code).join(','));
  show('fields-phone-e164', checkPhone('+62 (0) 812-3456-7890').value ?? '');

  state.textContent = 'done';
} catch (error) {
  state.textContent = `error: ${error.message}`;
} finally {
  state.dataset.state = 'done';
}
