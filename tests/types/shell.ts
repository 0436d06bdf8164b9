// Compiled (never run) by `npm run test:types`: uses kyc-precheck/shell as an application
// would, under `strict`, and pins what its declarations must refuse with @ts-expect-error
// (an expected error that does not happen fails the compile).

import init, { buildRequest, readResponse, type Applicant, type Reading } from 'kyc-precheck';
import {
  createWorker,
  issueSummary,
  RATE_LIMITS,
  schema,
  submit,
  type ApplicantSchema,
  type KycWorker,
  type SubmitProgress,
  type SummaryLine,
  type StandardSchemaV1,
  type SubmitResult,
} from 'kyc-precheck/shell';

/** Compiles only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}

await init();

// submit: the request from buildRequest, the reading plus status, attempts, transportError.
const built = await buildRequest('td', 'id-verification', { nik: '3273015205900001', name: 'Budi', phone: '0812' });
if (built.ok) {
  const controller = new AbortController();
  const result: SubmitResult = await submit(built.request, {
    endpoint: '/kyc-relay/td',
    headers: { 'X-CSRF-Token': 'token' },
    timeoutMs: 10_000,
    retries: 1,
    backoffMs: 500,
    rateLimit: null,
    signal: controller.signal,
    fetch: (url, requestInit) => fetch(url, requestInit),
  });
  const reading: Reading = result;
  const status: number | null = result.status;
  const attempts: number = result.attempts;
  assertType<Equal<typeof result.transportError, 'timeout' | 'network' | 'upload' | null>>();
  const key: string = result.idempotencyKey;
  const repeated: boolean = result.repeated;
  void [key, repeated];
  await submit(built.request, {
    endpoint: '/relay',
    onProgress: ({ stage, sentBytes, totalBytes, retryInMs, attempt }: SubmitProgress) => {
      assertType<Equal<typeof stage, 'upload' | 'answer' | 'retry'>>();
      assertType<Equal<typeof retryInMs, number | undefined>>();
      void [sentBytes / totalBytes, attempt];
    },
  });
  const lines: SummaryLine[] = await issueSummary(built.issues, { provider: 'td', language: 'en' });
  const line: string = lines[0]!.text;
  void line;
  // @ts-expect-error: a provider is required.
  await issueSummary(built.issues, { language: 'en' });
  assertType<Equal<typeof result.outcome, 'verified' | 'rejected' | 'pending' | 'failed'>>();
  void [reading, status, attempts];

  await submit(built.request, { endpoint: new URL('https://relay.example.id/kyc/') });
  // read: readResponse's options, passed through with the request as `sent`.
  await submit(built.request, { endpoint: '/relay', read: { verifiedWithReason: 'review', selfieThreshold: 80 } });
  // @ts-expect-error: verifiedWithReason is "verified" or "review".
  await submit(built.request, { endpoint: '/relay', read: { verifiedWithReason: 'accept' } });
  const sentAs: Reading = readResponse('td', 'id-verification', 200, '{}', undefined, built.request, {});
  const sentFields: Reading = readResponse('td', 'id-verification', 200, '{}', undefined, { fields: ['nik'] });
  void [sentAs, sentFields];
  // @ts-expect-error: not a read option.
  readResponse('td', 'id-verification', 200, '{}', undefined, built.request, { threshold: 1 });
  // @ts-expect-error: endpoint is required.
  await submit(built.request, {});
  // @ts-expect-error: not an option.
  await submit(built.request, { endpoint: '/relay', retry: 3 });
}
// @ts-expect-error: the whole result is not a request (built.ok must be checked first).
await submit(built, { endpoint: '/relay' });

const qeLimit = RATE_LIMITS['quantum-elixir'];
if (qeLimit) {
  const perMinute: number = qeLimit.requests;
  void perMinute;
}

// createWorker: the package's functions, async.
const kyc: KycWorker = createWorker();
createWorker('/assets/kyc-precheck/worker.js', { transfer: true });
createWorker(new URL('https://example.test/worker.js'));
createWorker(new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }));
await kyc.init();
const phone = await kyc.checkPhone('0812-3456-7890');
if (phone.ok) {
  const e164: string = phone.phone.e164;
  void e164;
}
const image = await kyc.checkImage(new Uint8Array(0), { provider: 'kredibel', field: 'selfie' });
const ok: boolean = image.ok;
// fitImage in the worker: progress on this thread, the same result.
const fittedInWorker = await kyc.fitImage(new Uint8Array(0), { provider: 'kredibel', field: 'idCard' }, {
  maxSide: 1280,
  onProgress: ({ stage }) => {
    assertType<Equal<typeof stage, 'decode' | 'resize' | 'encode' | 'verify'>>();
  },
});
if (fittedInWorker.ok) {
  const sent: Uint8Array = fittedInWorker.bytes;
  void sent;
}
// @ts-expect-error: onProgress gets { stage }, not a string.
await kyc.fitImage(new Uint8Array(0), { provider: 'oy', field: 'selfie' }, { onProgress: (stage: number) => stage });
const inWorker = await kyc.buildRequest('kredibel', 'certificate-issuance', {}, { sandbox: true });
assertType<Equal<typeof inWorker, Awaited<ReturnType<typeof buildRequest>>>>();
const answer: Reading = await kyc.readResponse('td', 'id-verification', 200, '{}', new Headers());
void [ok, answer];
// @ts-expect-error: results are promises.
const notAwaited: boolean = kyc.checkEmail('a@b.id').ok;
// @ts-expect-error: td has no such endpoint.
await kyc.buildRequest('td', 'certificate-issuance', {});
// @ts-expect-error: not an option.
createWorker(undefined, { copy: true });
kyc.terminate();

// schema: a Standard Schema v1 of the applicant.
const tdApplicant: ApplicantSchema = schema('td', 'id-verification', { language: 'en', today: '2026-11-22' });
const standard: StandardSchemaV1<Applicant, Applicant> = tdApplicant;
const result = await standard['~standard'].validate({ nik: '1' });
if (result.issues) {
  const message: string = result.issues[0]?.message ?? '';
  void message;
} else {
  const value: Applicant = result.value;
  void value;
}
schema('oy', 'phone-number', { publicKey: '-----BEGIN PUBLIC KEY-----', worker: kyc });
// @ts-expect-error: only Bahasa Indonesia and English.
schema('td', 'id-verification', { language: 'fr' });
// @ts-expect-error: kredibel has no such endpoint.
schema('kredibel', 'id-verification');
void notAwaited;
