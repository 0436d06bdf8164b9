// A minimal application as a Vite user writes it: the package imported by name, the
// default init() (Vite emits kyc_precheck_bg.wasm as an asset because the package
// references it with new URL(..., import.meta.url)), then two checks; and the same check
// in the shell's module worker (Vite emits worker.js because the shell starts it with
// new Worker(new URL('../worker.js', import.meta.url), { type: 'module' })); and a NIK
// through `kyc-precheck/fields`, whose default init() fetches its own module (Vite emits
// kyc_precheck_fields_bg.wasm beside the whole one). fields.html imports that entry alone.

import init, { checkNik, checkPhone } from 'kyc-precheck';
import initFields, { checkNik as checkNikFields } from 'kyc-precheck/fields';
import { createWorker } from 'kyc-precheck/shell';

const show = (id, text) => {
  document.getElementById(id).textContent = text;
};
const state = document.getElementById('state');

try {
  await init();

  const nik = checkNik('3171 0145 0890 0002', { today: '2026-11-22' });
  show('nik-ok', String(nik.ok));
  show('nik-province', nik.nik?.provinceName ?? '');
  show('nik-birth-date', nik.nik?.birthDate ?? '');

  const badNik = checkNik('31710145089000', { today: '2026-11-22' });
  show('bad-nik-codes', badNik.issues.map((issue) => issue.code).join(','));
  show('bad-nik-message', badNik.issues[0]?.message.id ?? '');

  const phone = checkPhone('+62 (0) 812-3456-7890');
  show('phone-e164', phone.value ?? '');
  show('phone-operator', phone.phone?.operator ?? '');

  // The fields entry is a module of its own, with its own init().
  await initFields();
  const fieldsNik = checkNikFields('3171 0145 0890 0002', { today: '2026-11-22' });
  show('fields-nik-ok', String(fieldsNik.ok));
  show('fields-nik-province', fieldsNik.nik?.provinceName ?? '');

  const worker = createWorker();
  await worker.init();
  show('worker-phone-e164', (await worker.checkPhone('+62 (0) 812-3456-7890')).value ?? '');
  worker.terminate();

  state.textContent = 'done';
} catch (error) {
  state.textContent = `error: ${error.message}`;
} finally {
  state.dataset.state = 'done';
}
