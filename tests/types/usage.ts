// Compiled (never run) by `npm run test:types`: uses the package as an application would,
// under `strict`, and pins what the declarations must refuse with @ts-expect-error (an
// expected error that does not happen fails the compile).

import init, {
  checkDate,
  checkEmail,
  checkImage,
  checkName,
  checkNik,
  checkPhone,
  fitImage,
  initSync,
  issueCodes,
  type DateCheck,
  type FitChange,
  type FitOptions,
  type FitResult,
  type FitStage,
  type Issue,
  type IssueCode,
  type IssueCodeInfo,
  type IssueParams,
  type NikCheck,
  type NikDetails,
  type PhoneCheck,
  type Severity,
} from 'kyc-precheck';

/** Compiles only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}

// Loading: every accepted input, and none other.
await init();
await init(new URL('https://example.test/kyc_precheck_bg.wasm'));
await init('/assets/kyc_precheck_bg.wasm');
await init(new Uint8Array(0));
await init(fetch('/kyc_precheck_bg.wasm'));
initSync(new ArrayBuffer(8));
initSync(new WebAssembly.Module(new Uint8Array(0)));
// No @ts-expect-error for initSync("path"): lib.dom declares WebAssembly.Module as an
// empty interface, which every value matches, so only the runtime check can refuse it.

// NIK: the result narrows on ok.
const nik: NikCheck = checkNik('3171 0101 0190 0001', {
  today: '2026-11-22',
  birthDate: '1990-01-01',
  gender: 'M',
  mode: 'strict',
});
if (nik.ok) {
  const details: NikDetails = nik.nik;
  const province: string = details.provinceName;
  const birthDate: string | null = details.birthDate;
  const gender: 'M' | 'F' | null = details.gender;
  void [province, birthDate, gender];
} else {
  assertType<Equal<typeof nik.nik, null>>();
}
const value: string = nik.value;
void value;
checkNik('3171010101900001', { today: undefined });
// @ts-expect-error -- a NIK is a string: a number loses digits
checkNik(3171010101900001);
// @ts-expect-error -- unknown option (a typo of birthDate)
checkNik('3171010101900001', { birthdate: '1990-01-01' });
// @ts-expect-error -- gender is "M" or "F"
checkNik('3171010101900001', { gender: 'X' });
// @ts-expect-error -- mode is "strict" or "sandbox"
checkNik('3171010101900001', { mode: 'lenient' });

// Issues: narrowing on the code types the parameters.
for (const issue of nik.issues) {
  assertType<Equal<typeof issue.code, Extract<IssueCode, `nik.${string}`>>>();
  const severity: Severity = issue.severity;
  const message: string = issue.message.id + issue.message.en;
  const path: Array<string | number> = issue.path;
  void [severity, message, path];
  switch (issue.code) {
    case 'nik.length': {
      const length: number = issue.params.length;
      const expected: number = issue.params.expected;
      void [length, expected];
      break;
    }
    case 'nik.gender_mismatch': {
      const nikGender: 'M' | 'F' = issue.params.nikGender;
      void nikGender;
      break;
    }
    case 'nik.province': {
      const code: string = issue.params.provinceCode;
      // @ts-expect-error -- nik.province has no length parameter
      void issue.params.length;
      void code;
      break;
    }
    // @ts-expect-error -- checkNik never reports phone codes
    case 'phone.length':
      break;
  }
}
const anyIssue: Issue = {
  path: ['applicant', 0, 'phone'],
  code: 'phone.length',
  severity: 'error',
  params: { length: 9, min: 10, max: 13 },
  message: { en: '…', id: '…' },
};
void anyIssue;
const incomplete: Issue<'phone.length'> = {
  path: [],
  code: 'phone.length',
  severity: 'error',
  // @ts-expect-error -- phone.length needs its min and max
  params: { length: 9 },
  message: { en: '', id: '' },
};
void incomplete;
// @ts-expect-error -- not a code
const unknownCode: IssueCode = 'nik.checksum';
void unknownCode;
assertType<Equal<keyof IssueParams, IssueCode>>();

// Phone: value and details are present exactly when ok.
const phone: PhoneCheck = checkPhone('0812-3456-7890', { allowFixedLine: false });
if (phone.ok) {
  const e164: string = phone.value;
  const operator: string | null = phone.phone.operator;
  void [e164, operator];
} else {
  assertType<Equal<typeof phone.value, null>>();
}
// @ts-expect-error -- unknown option (the typo the runtime refuses too)
checkPhone('0812', { allowFixdLine: true });

// Email and name.
const email = checkEmail('budi@gmial.com');
for (const issue of email.issues) {
  if (issue.code === 'email.domain_typo') {
    const suggestion: string = issue.params.suggestion;
    void suggestion;
  }
}
checkName("Siti Nur'aini", { maxLength: 60 });
// @ts-expect-error -- checkEmail takes no options
checkEmail('budi@example.com', {});

// Date: value may be set even when not ok (a real date out of range).
const date: DateCheck = checkDate('25/3/1977', 'DD-MM-YYYY', { today: '2026-11-22', min: '1900-01-01' });
if (date.ok) {
  const year: number = date.date.year;
  void year;
} else {
  const iso: string | null = date.value;
  void iso;
}
// @ts-expect-error -- the format is one of two literals
checkDate('1977-03-25', 'YYYYMMDD');
// @ts-expect-error -- the format is required
checkDate('1977-03-25');

// The code table.
const table: IssueCodeInfo[] = issueCodes();
const first = table[0];
if (first !== undefined && first.code === 'nik.length') {
  const params: Array<'length' | 'expected'> = first.params;
  void params;
}

// Image: a provider's slot or explicit bounds, never both.
const photo = new Uint8Array(0);
const selfie = checkImage(photo, { provider: 'kredibel', field: 'selfie', quality: { minSharpness: 80 } });
const shown: number | undefined = selfie.image?.displayWidth;
void shown;
for (const issue of selfie.issues) {
  if (issue.code === 'image.dimensions_too_small') {
    const minWidth: number = issue.params.minWidth;
    void minWidth;
  }
}
checkImage(photo.buffer, { formats: ['jpeg', 'png'], minWidth: 480, maxBytes: 2_000_000, quality: true });
// @ts-expect-error -- a rule names a provider's slot or explicit bounds, not both
checkImage(photo, { provider: 'kredibel', field: 'selfie', minWidth: 480 });
// @ts-expect-error -- only JPEG, PNG and SVG can be read, so only they can be accepted
checkImage(photo, { formats: ['heic'] });
// @ts-expect-error -- the rule is required
checkImage(photo);

// fitImage: a promise of the result, which narrows on ok to the bytes to send.
const stages: FitStage[] = [];
const fitOptions: FitOptions = { maxSide: 1600, targetBytes: 500_000, onProgress: ({ stage }) => stages.push(stage) };
const fitted: FitResult = await fitImage(photo, { provider: 'oy', field: 'selfie' }, fitOptions);
if (fitted.ok) {
  const send: Uint8Array = fitted.bytes;
  const after: number = fitted.image.bytes;
  const ssim: number | undefined = fitted.fidelity?.ssim;
  void [send, after, ssim];
} else {
  assertType<Equal<typeof fitted.bytes, undefined>>();
  const why: string | undefined = fitted.issues[0]?.message.id;
  void why;
}
const before: number = fitted.source.bytes;
const change: FitChange = fitted.change;
assertType<Equal<FitChange, 'none' | 'metadata' | 'reencoded'>>();
assertType<Equal<FitStage, 'decode' | 'resize' | 'encode' | 'verify'>>();
void [before, change];
await fitImage(photo.buffer, { formats: ['jpeg'], minWidth: 480, maxBytes: 1_000_000 });
// @ts-expect-error -- fitImage is async: its result is a promise
const notAwaitedFit: boolean = fitImage(photo, { provider: 'oy', field: 'selfie' }).ok;
// @ts-expect-error -- not an option
await fitImage(photo, { provider: 'oy', field: 'selfie' }, { quality: 90 });
// @ts-expect-error -- the rule is required
await fitImage(photo);
// @ts-expect-error -- a failed fit has no bytes to send
const unchecked: Uint8Array = fitted.bytes;
void [notAwaitedFit, unchecked];
