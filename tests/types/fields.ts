// Compiled (never run) by `npm run test:types`: uses kyc-precheck/fields as a form would,
// under `strict`: its results are the main entry's types, and it has no photo or provider
// functions (an expected error that does not happen fails the compile).

import initFields, * as fields from 'kyc-precheck/fields';
import { checkNik as checkNikWhole, type NikCheck as WholeNikCheck } from 'kyc-precheck';
import type { IssueCode, NikCheck, PhoneCheck } from 'kyc-precheck/fields';

/** Compiles only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}

await initFields();
await initFields(new URL('https://example.com/kyc_precheck_fields_bg.wasm'));

const nik: NikCheck = fields.checkNik('3171011501900001', { mode: 'strict' });
assertType<Equal<NikCheck, WholeNikCheck>>();
assertType<Equal<ReturnType<typeof fields.checkNik>, ReturnType<typeof checkNikWhole>>>();
if (nik.ok) {
  const province: string = nik.nik.provinceName;
  void province;
}
const phone: PhoneCheck = fields.checkPhone('081234567890');
const code: IssueCode | undefined = phone.issues[0]?.code;
void code;
fields.checkEmail('siti@gmail.com');
fields.checkName('Siti Rahayu');
fields.checkDate('12-05-1990', 'DD-MM-YYYY');
fields.issueCodes();
fields.initSync(new Uint8Array(0));

// @ts-expect-error the photos are in the whole module, not this one
fields.checkImage(new Uint8Array(0), { provider: 'kredibel', field: 'selfie' });
// @ts-expect-error the providers too
void fields.buildRequest;
