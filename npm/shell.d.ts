// Types of kyc-precheck/shell, written by hand: submit(), createWorker(), issueSummary()
// and schema().
// The package's own types (index.d.ts) describe the requests, readings and issues.

import type * as Kyc from './index.js';
import type {
  Applicant,
  Issue,
  BuildOptions,
  InitInput,
  ProviderEndpoints,
  ProviderId,
  ProviderRequest,
  ReadOptions,
  Reading,
} from './index.js';

// ---------------------------------------------------------------------------------------
// submit
// ---------------------------------------------------------------------------------------

/** At most `requests` sends in any window of `perMs` milliseconds. */
export interface RateLimit {
  /** How many sends the window allows; a positive integer. */
  requests: number;
  /** The window's length in milliseconds. */
  perMs: number;
}

/**
 * The rate limits the providers' pages document, by provider id, which {@link submit}
 * keeps to by default: Quantum Elixir Identity Platform allows 30 requests a minute
 * (`{ requests: 30, perMs: 60000 }`). The other providers' pages name no number.
 */
export const RATE_LIMITS: Readonly<Partial<Record<ProviderId, Readonly<RateLimit>>>>;

/** Options of {@link submit}. Unknown keys throw a `TypeError`. */
export interface SubmitOptions {
  /**
   * The URL of the integrator's relay: the server that adds the provider's credentials
   * and forwards the request. The request goes to this URL's path with any trailing `/`
   * removed, followed by `request.path`; this URL's query is kept, and each parameter of
   * `request.query` is set on it (replacing one of the same name). So with
   * `endpoint: "https://api.example.id/kyc/"` a Kredibel request goes to
   * `https://api.example.id/kyc/v1/certificate/issuance`, and a TD request (path `/`) to
   * `https://api.example.id/kyc/`. Its origin is never replaced by `request.path`, unlike
   * `new URL(path, endpoint)`.
   *
   * A relative URL (`"/kyc"`) is resolved against the page's (or worker's) location; in
   * Node it must be absolute. Only `http:` and `https:`; no user name, password or
   * `#fragment` (each throws a `TypeError`).
   */
  endpoint: string | URL;
  /**
   * Headers added to `request.headers`, replacing one of the same name (case-insensitive):
   * the integrator's own session or CSRF token, or an `Idempotency-Key`. They are sent
   * unchanged on every attempt of one call. An `Idempotency-Key` given here replaces the
   * one `submit` makes for the request (see {@link submit}).
   */
  headers?: HeadersInit | undefined;
  /**
   * How long the relay may take to answer once the upload is done, and how long the
   * upload may go without progress, in milliseconds; default 30 000. A slow upload that
   * keeps moving never times out. Where the upload cannot be watched (Node, an injected
   * `fetch`) one attempt may take this plus the body's size at 16,000 bytes a second
   * (a 4.86 MB body: 304 s more). An attempt that times out is not retried (see
   * {@link submit}).
   */
  timeoutMs?: number | undefined;
  /**
   * Called as the request's body goes out: `{ stage: "upload", sentBytes, totalBytes }`
   * at the start and on each of the browser's progress events (about every 50 ms), then
   * `{ stage: "answer", sentBytes: totalBytes, totalBytes }` once all of it is sent, while
   * the provider answers. For a progress bar and for "Mengunggah… 1,2 MB dari 4,9 MB".
   * The upload stages only in browsers (XMLHttpRequest: fetch shows nothing of an upload
   * over HTTP/1.1): with Node's fetch or an injected `fetch` they never come. Before each
   * send again, with any transport: `{ stage: "retry", sentBytes: 0, totalBytes,
   * retryInMs, attempt }`, for "Penyedia sedang sibuk; mencoba lagi dalam 30 detik…". One
   * that throws is not called again, its error goes to `reportError`, and the send goes on.
   */
  onProgress?: ((progress: SubmitProgress) => void) | undefined;
  /** How many times to send again after the first attempt (0–10); default 2. */
  retries?: number | undefined;
  /**
   * The first retry's backoff in milliseconds, default 1000: it waits between half of
   * this and all of it (random), and each next retry twice as long, up to 30 s.
   */
  backoffMs?: number | undefined;
  /**
   * Overrides the provider's documented limit in {@link RATE_LIMITS} (for a contract with
   * another limit); `null` sends without pacing.
   */
  rateLimit?: RateLimit | null | undefined;
  /**
   * Aborts the call, whatever it is doing: an attempt in flight, a backoff, a
   * Retry-After or a pacing wait. The promise then rejects with `signal.reason`.
   */
  signal?: AbortSignal | undefined;
  /** The `fetch` to send with; default `globalThis.fetch`. For tests, or an instrumented fetch. */
  fetch?: ((input: URL, init: RequestInit) => Promise<Response>) | undefined;
  /**
   * A worker from {@link createWorker} to read the answers with, for a page that runs the
   * package only there: the main thread then never loads the WebAssembly module. Without
   * it, `submit` reads with the package, which `init()` must have loaded.
   */
  worker?: KycWorker | undefined;
  /**
   * How to read the answer: passed to `readResponse` as its `options`, with the request as
   * `sent` (see {@link ReadOptions}). Checked by the package before anything is sent: an
   * option it refuses rejects the call with its `Error`, and nothing is sent or billed.
   */
  read?: ReadOptions | undefined;
}

/** What {@link SubmitOptions.onProgress} is called with. */
export interface SubmitProgress {
  /**
   * `"upload"`: the body is going out; `"answer"`: all of it is sent, the answer awaited;
   * `"retry"`: the answer asks for a send again, which comes in `retryInMs`.
   */
  stage: 'upload' | 'answer' | 'retry';
  /** The bytes of the body sent so far (0 before a retry). */
  sentBytes: number;
  /** The body's size in bytes (UTF-8). */
  totalBytes: number;
  /** `"retry"` only: milliseconds until the request is sent again (Retry-After or the backoff). */
  retryInMs?: number;
  /** `"retry"` only: the attempt about to be made (2 for the first send again). */
  attempt?: number;
}

/** What {@link submit} resolves to: the reading of the last attempt, and how it went. */
export interface SubmitResult extends Reading {
  /**
   * The last attempt's HTTP status; `null` when no answer came (see `transportError`), and
   * for a redirect in a browser, which hides its status (`response.redirected`).
   */
  status: number | null;
  /**
   * How many HTTP requests this call sent, retries included: at least 1, or 0 when it
   * sent nothing because the same request was in flight or already delivered
   * (`repeated`).
   */
  attempts: number;
  /**
   * Why the last attempt has no answer, or `null` when the relay answered:
   * `"timeout"` (no complete answer within `timeoutMs`), `"network"` (fetch failed:
   * offline, DNS, connection refused or cut, TLS) or `"upload"` (in a browser: the body
   * did not finish going out: no progress for `timeoutMs`, or the connection lost during
   * it). The reading is then `failed`, `retryable`, with `charged: null` (unknown) and one
   * `request.timeout`, `request.network_error` or `submit.upload_incomplete` issue (its
   * params `sentBytes` and `totalBytes`; its advice a stronger signal or smaller photos:
   * `fitImage` makes them so). An upload that did not finish was not processed, but is
   * not sent again by itself: the same link would likely fail the same way.
   */
  transportError: 'timeout' | 'network' | 'upload' | null;
  /**
   * The key sent as the `Idempotency-Key` header: one per built request (a random UUID,
   * or the `Idempotency-Key` of `options.headers`), the same on every attempt and every
   * call with that request object, so a relay can deduplicate.
   */
  idempotencyKey: string;
  /**
   * `true` when this call sent nothing: the same request (the same object from
   * `buildRequest`) was in flight, and this is that send's result; or it was already
   * delivered, and this is its result with a `submit.already_sent` warning added.
   */
  repeated: boolean;
}

/**
 * Sends a request built by `buildRequest` to the integrator's relay and reads the answer
 * with `readResponse`. `POST` to the URL `options.endpoint` and `request.path` make (see
 * {@link SubmitOptions.endpoint}), with `request.body` and `request.headers` plus
 * `options.headers`.
 *
 * **Retries.** An attempt is sent again, up to `retries` times, only when it certainly
 * was not processed, so that it cannot be billed twice:
 * - the answer's reading is `retryable`, not `charged: true`, and either documented as not
 *   charged (`charged: false`: TD's 600 and 11350) or refused by its HTTP status: 408,
 *   425, 429 or 503, which say the request was not acted upon, or a provider's own rate
 *   limit (`response.rate_limited`);
 * - fetch failed before the connection was made: refused, no such host, DNS, no route, the
 *   connect timeout. Node's fetch says which (`error.cause.code`); a browser's gives no
 *   reason, so there only a failure while `navigator.onLine` is `false` counts.
 *
 * Not sent again, though the reading says `retryable: true` (for the application to decide:
 * ask the person, or check with its relay first): an attempt that **timed out**, a
 * connection **cut after sending**, and a **500, 502 or 504**. The relay may have
 * forwarded each of them, the provider may have processed and billed it, and a second
 * request would be billed again. The result says so: `transportError: "timeout"` or
 * `"network"`, or the status. A relay that deduplicates on the `Idempotency-Key` header
 * `submit` sends makes trying again safe.
 *
 * **Sent once.** Each built request (the object `buildRequest` returned) gets an
 * idempotency key, sent as the `Idempotency-Key` header (an `Idempotency-Key` in
 * `options.headers` is used instead) and kept until a new request is built. Once it was
 * *delivered* (the relay answered, other than to say it did not act on it: see the
 * retries), another `submit` of it sends nothing and resolves to the first result with
 * `repeated: true`, `attempts: 0` and a `submit.already_sent` warning. While it is in
 * flight, another `submit` of it sends nothing and resolves to that send's result
 * (`repeated: true`). After a timeout, a cut connection or an upload that did not finish,
 * whether it was processed is unknown or it was not: it may be submitted again, under
 * the same key, so a relay that keeps the answers by key (for a day, say) answers a
 * repeat without a second paid call. To send the same data again on purpose, build it
 * again.
 *
 * **Uploads.** In a browser, when `onProgress` is given (and no `fetch` injected), the
 * request goes by XMLHttpRequest, which reports the upload's progress: the upload
 * fails only when it stops moving for `timeoutMs`, and then says so
 * (`transportError: "upload"`, `submit.upload_incomplete`), not that the provider
 * was slow. Otherwise (no `onProgress`, Node, an injected `fetch`) it goes by fetch and the
 * time allowed grows with the body.
 *
 * **Redirects are not followed** with fetch (`redirect: "manual"`): the request's data
 * and headers go to `options.endpoint` and nowhere else. XMLHttpRequest cannot refuse
 * one: with `onProgress` the browser follows it (to the same origin, or a server that allows
 * the page by CORS), so a relay must not redirect; without `onProgress` fetch is used. Either way a redirect answer is `failed`, not
 * `retryable`, with one `response.redirected` issue; its body is not read. An injected
 * `fetch` that follows redirects anyway is caught too: an answer that was redirected is not
 * read.
 *
 * **At most 1 MiB of an answer is read** (a provider's answer is a few kilobytes): one
 * longer, by its `Content-Length` or while streaming, is cut off there and is `failed`,
 * not `retryable`, with one `response.too_large` issue (`maxBytes: 1048576`).
 *
 * **Waits.** Between attempts: exponential backoff with jitter (`backoffMs`), and at
 * least the `Retry-After` the answer gave (`reading.retryAfterSeconds`, seconds only). A
 * `Retry-After` over 60 seconds is not waited out: the reading comes back at once, with
 * `retryAfterSeconds`, for the application to schedule. Before each attempt, retries
 * included, a provider with a documented rate limit ({@link RATE_LIMITS}: Quantum Elixir,
 * 30 a minute) is paced: a sliding window per endpoint URL (origin and path), shared by
 * every `submit()` of the page or worker, waits for a free slot rather than failing. It
 * keeps one device from spending the integrator's budget; the limit is per API key, so the
 * relay must still enforce it across all users.
 *
 * **Errors.** Resolves for every answer and every network failure, with a reading (a
 * network failure is `failed` with a `request.network_error` issue; a timeout,
 * `request.timeout`). Rejects only for programmer mistakes (a `TypeError`: no `endpoint`,
 * an option of the wrong type, something other than `built.request`; an `Error`: `init()`
 * has not resolved, on the main thread or in `worker`, or `read` has an option the package
 * refuses), and with `signal.reason` when `signal` aborts.
 *
 * It logs nothing: requests and answers carry personal data.
 *
 * @param request `built.request` from `buildRequest` (or from a worker's `buildRequest`),
 *   once `built.ok` is true.
 * @param options At least `endpoint`; see {@link SubmitOptions}.
 *
 * @example
 * ```js
 * import init, { buildRequest } from "kyc-precheck";
 * import { submit } from "kyc-precheck/shell";
 *
 * await init();
 * const built = await buildRequest("td", "id-verification", { nik, name, phone });
 * if (!built.ok) return showIssues(built.issues);
 * const result = await submit(built.request, {
 *   endpoint: "/kyc-relay/td", // your server, which adds partner_code and partner_key
 *   headers: { "X-CSRF-Token": csrfToken },
 *   signal: cancelButtonController.signal,
 * });
 * result.outcome; // "verified" | "rejected" | "pending" | "failed"
 * if (result.outcome === "rejected") showIssues(result.issues); // at the form's fields
 * if (result.transportError === "timeout") askBeforeTryingAgain();
 * ```
 */
export function submit(request: ProviderRequest, options: SubmitOptions): Promise<SubmitResult>;

// ---------------------------------------------------------------------------------------
// createWorker
// ---------------------------------------------------------------------------------------

/** The same function, returning a promise of its result. */
type Async<F extends (...args: any[]) => any> = (...args: Parameters<F>) => Promise<Awaited<ReturnType<F>>>;

/**
 * The package's API answered by a module worker: the same functions with the same
 * arguments and results, each returning a promise. Errors the package throws reject the
 * promise, as an `Error` or `TypeError` with the same message.
 *
 * Arguments and results are copied between the threads (structured clone); photos are
 * copied too unless the worker was created with `transfer: true`.
 */
export interface KycWorker {
  /**
   * Loads the WebAssembly module in the worker (nothing is loaded on the main thread).
   * With no argument the worker fetches `kyc_precheck_bg.wasm` from beside the package's
   * `index.js`; a relative URL is resolved against the page, as the package's `init` would;
   * a `Request` or `Response` is read on the main thread and its bytes handed over.
   */
  init(input?: InitInput): Promise<void>;
  /** Instantiates the module in the worker from its bytes (copied) or a compiled module. */
  initSync(bytesOrModule: BufferSource | WebAssembly.Module): Promise<void>;
  checkNik: Async<typeof Kyc.checkNik>;
  checkPhone: Async<typeof Kyc.checkPhone>;
  checkEmail: Async<typeof Kyc.checkEmail>;
  checkName: Async<typeof Kyc.checkName>;
  checkDate: Async<typeof Kyc.checkDate>;
  /** See the package's `checkImage`; with `transfer: true` the photo's buffer is detached. */
  checkImage: Async<typeof Kyc.checkImage>;
  /**
   * See the package's `fitImage`, run in the worker (where a browser decodes WebP and AVIF
   * too). `onProgress` is called on this thread, in order, as the worker reports each
   * stage; the same rule holds for one that throws. The fitted `bytes` are transferred
   * from the worker, not copied. The photo is copied to the worker, so the caller's
   * buffer keeps the original, unless the worker was created with `transfer: true`, which
   * detaches it (pass a copy if the original must be kept, for a preview or a retry).
   */
  fitImage: typeof Kyc.fitImage;
  issueCodes: Async<typeof Kyc.issueCodes>;
  /** See the package's `buildRequest`; with `transfer: true` the photos' buffers are detached. */
  buildRequest: typeof Kyc.buildRequest;
  /** See the package's `readResponse`; of `headers` only `Retry-After` crosses to the worker. */
  readResponse<P extends ProviderId>(
    provider: P,
    endpoint: ProviderEndpoints[P],
    httpStatus: number,
    bodyText: string,
    headers?: Headers | Record<string, string> | undefined,
  ): Promise<Reading>;
  readCallback: Async<typeof Kyc.readCallback>;
  rules: Async<typeof Kyc.rules>;
  /** Stops the worker; calls still waiting, and any later call, reject. */
  terminate(): void;
}

/** Options of {@link createWorker}. Unknown keys throw a `TypeError`. */
export interface CreateWorkerOptions {
  /**
   * Hand the photos' memory to the worker instead of copying it (`checkImage`'s and
   * `fitImage`'s bytes, `buildRequest`'s `selfie`, `idCard` and `photo`). Default `false`.
   *
   * With `true`, the caller's `ArrayBuffer` (or the buffer behind a `Uint8Array` that
   * covers all of it) is **detached** once the call is made: its `byteLength` becomes 0
   * and the bytes cannot be read again, so pass a copy if the photo is still needed (for
   * a preview, or for `buildRequest` after `checkImage`). A `Uint8Array` covering part of
   * its buffer is always copied. Worth it only for large photos read just to be checked;
   * a copy of a 4 MB photo takes about a millisecond.
   */
  transfer?: boolean | undefined;
}

/**
 * Starts the package in a module worker, so that photo checks and request building never
 * block the main thread, and returns the same API with every function async.
 *
 * With no argument it starts `worker.js` from the package's folder, written as
 * `new Worker(new URL("../worker.js", import.meta.url), { type: "module" })`, which Vite
 * and webpack recognise and emit with the bundle (with `kyc_precheck_bg.wasm`). Or pass
 * the worker's URL (`"/assets/kyc-precheck/worker.js"`, resolved against the page) or a
 * `Worker` already started on it. The worker is a file served from your origin: it needs
 * no `blob:` URL and no CSP beyond `script-src 'self' 'wasm-unsafe-eval'`.
 *
 * A worker that fails to load (a 404, a CSP refusal) rejects every call with an `Error`
 * saying so, instead of leaving it waiting.
 *
 * @throws {TypeError} Where there are no Web Workers (Node: call the package directly),
 *   or for an argument or option of the wrong type.
 *
 * @example
 * ```js
 * import { createWorker, submit } from "kyc-precheck/shell";
 *
 * const kyc = createWorker();
 * await kyc.init();
 * const photo = new Uint8Array(await selfieInput.files[0].arrayBuffer());
 * const checked = await kyc.checkImage(photo, { provider: "kredibel", field: "selfie" });
 * const built = await kyc.buildRequest("kredibel", "certificate-issuance", { ...fields, selfie: photo });
 * if (built.ok) await submit(built.request, { endpoint: "/kyc-relay/kredibel" });
 * ```
 */
export function createWorker(worker?: string | URL | Worker, options?: CreateWorkerOptions): KycWorker;

// ---------------------------------------------------------------------------------------
// issueSummary
// ---------------------------------------------------------------------------------------

/** Options of {@link issueSummary}. */
export interface IssueSummaryOptions {
  /** The provider whose fields the issues are at (its `rules()` give the labels). */
  provider: ProviderId;
  /** The language of the lines: `"id"` (default) or `"en"`. */
  language?: 'id' | 'en' | undefined;
  /** A worker from {@link createWorker}, to read the labels there. */
  worker?: KycWorker | undefined;
}

/** One line of a form's error summary. */
export interface SummaryLine {
  /** `"Foto KTP: Ukuran file foto ini 5,8 MB; maksimal 2,0 MB."`: the labels, then the message. */
  text: string;
  /** The fields it concerns (`["idCard"]`; `["nik", "birthDate"]`); empty for none. */
  fields: string[];
  /** Their labels in the language asked for, as `rules()` gives them. */
  labels: string[];
  /** The (first) issue the line was written for. */
  issue: Issue;
}

/**
 * The lines of a form's error summary: each issue's message after the labels of the
 * fields it concerns, in one language, in order, **never two identical lines** (a second
 * issue that reads the same is dropped).
 *
 * The field is the one the issue's path points into (the longest prefix of the path that
 * is a field of the provider's `rules()`). An issue with an empty path that compares two
 * fields (`nik.birth_date_mismatch`) names both: "NIK dan Tanggal lahir: …". Other issues
 * with an empty path (an answer's `response.*`, `request.*`, `submit.*`) are their message
 * alone.
 *
 * @example
 * ```js
 * const built = await buildRequest("kredibel", "certificate-issuance", applicant);
 * const lines = await issueSummary(built.issues, { provider: "kredibel", language: "id" });
 * lines.map((line) => line.text);
 * // ["Foto KTP: Ukuran file foto ini 5,80 MB; maksimal 1,50 MB.", …]
 * ```
 *
 * @throws {TypeError} If `issues` is not an array or `options` has no provider. Rejects
 *   as `rules()` throws for an unknown provider, or before `init()`.
 */
export function issueSummary(issues: readonly Issue[], options: IssueSummaryOptions): Promise<SummaryLine[]>;

// ---------------------------------------------------------------------------------------
// schema
// ---------------------------------------------------------------------------------------

/**
 * The Standard Schema interface, version 1 (https://standardschema.dev), copied as its
 * authors ask libraries to, so that this package depends on nothing.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaV1.Props<Input, Output>;
}

export declare namespace StandardSchemaV1 {
  export interface Props<Input = unknown, Output = Input> {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>;
    readonly types?: Types<Input, Output> | undefined;
  }
  export type Result<Output> = SuccessResult<Output> | FailureResult;
  export interface SuccessResult<Output> {
    readonly value: Output;
    readonly issues?: undefined;
  }
  export interface FailureResult {
    readonly issues: ReadonlyArray<Issue>;
  }
  export interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }
  export interface PathSegment {
    readonly key: PropertyKey;
  }
  export interface Types<Input = unknown, Output = Input> {
    readonly input: Input;
    readonly output: Output;
  }
}

/** Options of {@link schema}: the build options of the endpoint, and two of its own. */
export interface SchemaOptions extends BuildOptions {
  /** The language of the issues' messages: `"id"` (Bahasa Indonesia, default) or `"en"`. */
  language?: 'id' | 'en' | undefined;
  /**
   * A worker from {@link createWorker}: validation then builds the request there, off the
   * main thread. Create it without `transfer`, or validating would detach the form's photos.
   */
  worker?: KycWorker | undefined;
}

/** The schema of one endpoint's applicant. Its `validate` is async. */
export interface ApplicantSchema extends StandardSchemaV1<Applicant, Applicant> {}

/**
 * A Standard Schema (v1, vendor `"kyc-precheck"`) of one provider endpoint's applicant,
 * for any form library that takes one (react-hook-form's `standardSchemaResolver`,
 * TanStack Form, …). `validate(value)` runs the checks of `buildRequest(provider,
 * endpoint, value, options)`:
 *
 * - When the request could be built, it resolves to `{ value }`, the value **unchanged**
 *   (the same object): the form keeps what the person typed, and `buildRequest` (which
 *   writes each field the way the provider wants it: the NIK's digits, the phone in the
 *   provider's format) is called again to send it.
 * - Otherwise to `{ issues }`, one per error, each `{ message, path }`: `message` in the
 *   chosen language, `path` the applicant field (`["nik"]`, `["address", "home"]`).
 *   Warnings (a likely typo in an email's domain, a birth date that differs from the NIK's)
 *   do not block and are not reported: Standard Schema has no place for them, so call
 *   `buildRequest` or the field checks to show them.
 *
 * Only the fields the endpoint reads (as `rules()` lists them) are passed to
 * `buildRequest`, so the form may hold others (a consent box). Photos must be bytes
 * (`Uint8Array` or `ArrayBuffer`), not a `FileList`.
 *
 * Each validation builds the whole request (base64 of the photos; OY's encryption), so
 * validate on submit or on blur rather than on every keystroke, or pass a `worker`.
 *
 * `validate` rejects, as `buildRequest` throws, for programmer mistakes: a value that is
 * not an object, an unknown provider, endpoint or option, a field of the wrong type; and
 * if `init()` (or the worker's `init()`) has not resolved.
 *
 * @param provider A provider id.
 * @param endpoint One of its endpoints.
 * @param options Build options (`today`, `sandbox`, OY's `publicKey`, …), `language`, `worker`.
 * @throws {TypeError} If `provider` or `endpoint` is not a string, or `language` or
 *   `worker` is invalid. The rest is checked on the first validation, once the module has
 *   loaded.
 *
 * @example
 * ```js
 * import { useForm } from "react-hook-form";
 * import { standardSchemaResolver } from "@hookform/resolvers/standard-schema";
 * import { schema } from "kyc-precheck/shell";
 *
 * const tdApplicant = schema("td", "id-verification"); // messages in Bahasa Indonesia
 * const form = useForm({ resolver: standardSchemaResolver(tdApplicant) });
 * // after a submit with phone "0812": form.formState.errors.phone.message is
 * // "Ditulis mulai dari angka 0 di depan, nomor ini terdiri dari 4 digit; seharusnya 10 sampai 13 digit."
 *
 * const result = await tdApplicant["~standard"].validate({ nik: "123", name: "Budi", phone: "0812" });
 * result.issues[0]; // { message: "NIK terdiri dari 16 digit; yang Anda masukkan 3 digit.", path: ["nik"] }
 * ```
 */
export function schema<P extends ProviderId>(
  provider: P,
  endpoint: ProviderEndpoints[P],
  options?: SchemaOptions,
): ApplicantSchema;

export {};
