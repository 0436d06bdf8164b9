// Types of kyc-precheck, written by hand: the checks' results are plain objects built by
// the WebAssembly module, and these declarations are their contract. Both entry points
// (index.js for browsers and bundlers, node.js for Node) share them.

// ---------------------------------------------------------------------------------------
// Loading the module
// ---------------------------------------------------------------------------------------

/**
 * Where the WebAssembly module comes from: a URL to fetch, a fetch `Response` (or a
 * promise of one), the module's bytes, or an already compiled module.
 */
export type InitInput = string | URL | Request | Response | Promise<Response> | BufferSource | WebAssembly.Module;

/**
 * Loads and instantiates the WebAssembly module; every check throws until it has
 * resolved. Calling it again afterwards does nothing.
 *
 * With no argument it loads `kyc_precheck_bg.wasm` from beside the package's entry: in a
 * browser it fetches `new URL("kyc_precheck_bg.wasm", import.meta.url)` (bundlers such as
 * Vite and webpack see that and emit the file with the bundle); in Node it reads the file
 * from disk. In Node a `file:` URL is read from disk too.
 *
 * A page with a Content Security Policy needs `script-src 'self' 'wasm-unsafe-eval'`.
 *
 * **Limits and recovery.** No argument a caller passes can stop the module: a getter or
 * `toJSON` that throws, a revoked Proxy or a detached buffer is an `Error` of the function
 * called. Photos over 32 MiB and strings over 1 Mi characters are measured, never copied
 * into the module's memory (which never shrinks). Should a call still trap inside the
 * module (a `WebAssembly.RuntimeError`: a bug), it throws an `Error` saying so, with the
 * trap as its `cause`, and the next call first starts a fresh instance from the module
 * loaded here: a server never needs a restart.
 *
 * @param input Where to load the module from; by default the file shipped with the package.
 * @returns A promise that resolves once the checks can be called, and rejects if the
 *   module cannot be fetched or instantiated.
 *
 * @example
 * ```js
 * import init, { checkNik } from "kyc-precheck";
 *
 * await init();
 * checkNik("3171010101900001").ok; // true
 * ```
 */
export default function init(input?: InitInput): Promise<void>;

/**
 * Instantiates the WebAssembly module synchronously, from its bytes or a compiled module.
 * Prefer {@link init} where an `await` is possible: browsers compile large modules
 * synchronously only off the main thread.
 *
 * @param bytesOrModule The contents of `kyc_precheck_bg.wasm`, or the module compiled.
 * @throws {TypeError} If given anything else.
 *
 * @example
 * ```js
 * import { readFileSync } from "node:fs";
 * import { createRequire } from "node:module";
 * import { initSync, checkPhone } from "kyc-precheck";
 *
 * const wasmPath = createRequire(import.meta.url).resolve("kyc-precheck/kyc_precheck_bg.wasm");
 * initSync(readFileSync(wasmPath));
 * checkPhone("0812-3456-7890").value; // "+6281234567890"
 * ```
 */
export function initSync(bytesOrModule: BufferSource | WebAssembly.Module): void;

// ---------------------------------------------------------------------------------------
// Issues
// ---------------------------------------------------------------------------------------

/** Whether an issue blocks the submission: an `error` does, a `warning` only advises. */
export type Severity = 'error' | 'warning';

/** A sex as a NIK encodes it: `"M"` (male) or `"F"` (female, 40 added to the birth day). */
export type Gender = 'M' | 'F';

/**
 * A date written `YYYY-MM-DD`, such as `"1990-05-12"`. Options that take a date throw an
 * `Error` for any other spelling or for a date not on the calendar.
 */
export type IsoDate = string;

/** No parameters. */
type NoParams = Record<string, never>;

// codes:start (generated from the codes! table of src/issue.rs by tests/declarations.rs:
// UPDATE_DECLARATIONS=1 cargo test --test declarations rewrites it)

/**
 * Every issue code: a stable, dotted identifier of one kind of problem. Match on it; it
 * never changes meaning once released.
 */
export type IssueCode =
  | 'nik.required'
  | 'nik.invalid_characters'
  | 'nik.length'
  | 'nik.province'
  | 'nik.regency'
  | 'nik.district'
  | 'nik.birth_date'
  | 'nik.serial'
  | 'nik.sandbox'
  | 'nik.birth_date_mismatch'
  | 'nik.gender_mismatch'
  | 'phone.required'
  | 'phone.invalid_characters'
  | 'phone.format'
  | 'phone.not_indonesian'
  | 'phone.unknown_prefix'
  | 'phone.length'
  | 'phone.not_mobile'
  | 'email.required'
  | 'email.format'
  | 'email.too_long'
  | 'email.domain_typo'
  | 'name.required'
  | 'name.invalid_characters'
  | 'name.too_short'
  | 'name.too_long'
  | 'date.required'
  | 'date.format'
  | 'date.invalid'
  | 'date.future'
  | 'date.too_early'
  | 'field.required'
  | 'field.too_long_encrypted'
  | 'field.invalid_characters'
  | 'field.not_object'
  | 'image.required'
  | 'image.empty'
  | 'image.format_unsupported'
  | 'image.corrupt'
  | 'image.file_too_small'
  | 'image.file_too_large'
  | 'image.dimensions_too_small'
  | 'image.too_complex'
  | 'image.too_many_pixels'
  | 'image.unsafe_svg'
  | 'image.svg_no_size'
  | 'image.quality_not_measured'
  | 'image.blurry'
  | 'image.too_dark'
  | 'image.too_bright'
  | 'image.glare'
  | 'image.fit_unreachable'
  | 'image.fit_too_large'
  | 'image.colour_approximated'
  | 'response.field_rejected'
  | 'response.field_in_use'
  | 'response.liveness_failed'
  | 'response.face_mismatch'
  | 'response.photo_unclear'
  | 'response.image_too_large'
  | 'response.not_registered'
  | 'response.not_verified'
  | 'response.verified_with_reason'
  | 'response.field_unconfirmed'
  | 'response.verdict_missing'
  | 'response.selfie_unjudged'
  | 'response.callback_unconfirmed'
  | 'response.fallback_enrolment'
  | 'response.daily_quota'
  | 'response.invalid_request'
  | 'response.service_unavailable'
  | 'response.not_available'
  | 'response.rate_limited'
  | 'request.network_error'
  | 'request.timeout'
  | 'submit.upload_incomplete'
  | 'submit.already_sent'
  | 'response.redirected'
  | 'response.too_large'
  | 'response.unknown';

/**
 * The parameters each code's messages use (each code's English template above it): the
 * measured value and the bound it broke. Texts that quote characters (`characters`) list
 * each distinct character in double quotes, separated by `", "`, such as
 * `"\"O\", \"-\""`. A `…Stated` parameter is the provider page's own wording of the
 * bound before it (`minBytesStated: "100 KB"` for `minBytes: 102400`), present only
 * with a provider's rule; the message then uses it.
 */
export interface IssueParams {
  /** error: Enter your NIK, the 16-digit number on your KTP. */
  'nik.required': NoParams;
  /** error: A NIK contains only digits; remove {characters}. */
  'nik.invalid_characters': { characters: string };
  /** error: A NIK has {expected} digits; this one has {length}. */
  'nik.length': { length: number; expected: number };
  /** error: The first two digits of a NIK are a province code, and {provinceCode} is not one. Check the number on your KTP. */
  'nik.province': { provinceCode: string };
  /** error: Digits 3 and 4 of a NIK are a regency or city code, and {regencyCode} is not one. Check the number on your KTP. */
  'nik.regency': { regencyCode: string };
  /** error: Digits 5 and 6 of a NIK are a district code, and {districtCode} is not one. Check the number on your KTP. */
  'nik.district': { districtCode: string };
  /** error: Digits 7 to 12 of a NIK are the birth date (DDMMYY, with 40 added to the day for women), and {digits} is not a real date. Check the number on your KTP. */
  'nik.birth_date': { digits: string };
  /** error: The last four digits of a NIK are never 0000. Check the number on your KTP. */
  'nik.serial': NoParams;
  /** error: This is a provider's test number, not a real NIK. Enter the NIK on your KTP. */
  'nik.sandbox': NoParams;
  /** warning: Your NIK says you were born on {nikBirthDate}, but you entered {birthDate}. Check both against your KTP. */
  'nik.birth_date_mismatch': { nikBirthDate: IsoDate; birthDate: IsoDate };
  /** warning: Your NIK is registered as {nikGender}, but you chose {gender}. Check both against your KTP. */
  'nik.gender_mismatch': { nikGender: Gender; gender: Gender };
  /** error: Enter your mobile phone number. */
  'phone.required': NoParams;
  /** error: A phone number contains only digits, spaces, dashes, slashes, brackets and a leading +; remove {characters}. */
  'phone.invalid_characters': { characters: string };
  /** error: This does not look like one phone number. Enter it as 0812-3456-7890 or +62 812-3456-7890. */
  'phone.format': NoParams;
  /** error: Only Indonesian numbers (+62) are accepted; this one starts with {countryCode}. */
  'phone.not_indonesian': { countryCode: string };
  /** error: No Indonesian phone number starts with {prefix}. Check the number. */
  'phone.unknown_prefix': { prefix: string };
  /** error: Written from the leading 0, this number has {length} digits; it needs {min} to {max}. */
  'phone.length': { length: number; min: number; max: number };
  /** error: This is not a mobile number. Enter a mobile number starting with 08. */
  'phone.not_mobile': NoParams;
  /** error: Enter your email address. */
  'email.required': NoParams;
  /** error: This is not a valid email address. It looks like name@example.com. */
  'email.format': NoParams;
  /** error: An email address can have at most {max} characters; this one has {length}. */
  'email.too_long': { length: number; max: number };
  /** warning: Did you mean {suggestion} instead of {domain}? */
  'email.domain_typo': { domain: string; suggestion: string };
  /** error: Enter your full name as written on your KTP. */
  'name.required': NoParams;
  /** error: A name on a KTP contains only letters, spaces and . , ' -; remove {characters}. */
  'name.invalid_characters': { characters: string };
  /** error: A name needs at least {min} letters; this one has {letters}. */
  'name.too_short': { letters: number; min: number };
  /** error: A name can have at most {max} characters; this one has {length}. */
  'name.too_long': { length: number; max: number };
  /** error: Enter a date. */
  'date.required': NoParams;
  /** error: Write the date as {format}. */
  'date.format': { format: DateFormat };
  /** error: This date does not exist on the calendar. */
  'date.invalid': NoParams;
  /** error: {date} is in the future. */
  'date.future': { date: IsoDate; today: IsoDate };
  /** error: {date} is too far in the past; the earliest accepted date is {min}. */
  'date.too_early': { date: IsoDate; min: IsoDate };
  /** error: Fill in your {field}. */
  'field.required': { field: string };
  /** error: Your {field} is too long to be sent encrypted: with the details sent along with it, it takes {length} bytes, and at most {maxLength} fit. Shorten it, for example with common abbreviations. */
  'field.too_long_encrypted': { field: string; length: number; maxLength: number };
  /** error: Your {field} holds characters that cannot be sent ({characters}). They are usually invisible and come with copied text: type it in again instead of pasting it. */
  'field.invalid_characters': { field: string; characters: string };
  /** error: The {field} sent with this form must be a JSON object. Please contact our support. */
  'field.not_object': { field: string };
  /** error: Choose or take a photo. */
  'image.required': NoParams;
  /** error: This file is empty (0 bytes). Take or choose the photo again. */
  'image.empty': NoParams;
  /** error: This file is {format}, which is not accepted; use {accepted}. On an iPhone, set Settings > Camera > Formats to Most Compatible and take the photo again. */
  'image.format_unsupported': { format: string; accepted: string };
  /** error: This photo is damaged or incomplete, perhaps because an upload was cut off. Choose or take it again. */
  'image.corrupt': { reason: string };
  /** error: This photo's file is {bytes}; it must be at least {minBytes}. Take the photo again at a higher quality. */
  'image.file_too_small': { bytes: number; minBytes: number; minBytesStated?: string };
  /** error: This photo's file is {bytes}; it can be at most {maxBytes}. */
  'image.file_too_large': { bytes: number; maxBytes: number; maxBytesStated?: string };
  /** error: This photo is {width} × {height} pixels; it must be at least {minWidth} × {minHeight} (width × height). Take it again with the camera, not a screenshot. */
  'image.dimensions_too_small': { width: number; height: number; minWidth: number; minHeight: number };
  /** error: This photo's file is saved in an unusual way that takes too long to check, such as a progressive JPEG in hundreds of passes. Take the photo again with the camera, or save it again as a standard JPEG. */
  'image.too_complex': { reason: string };
  /** error: This image declares {width} × {height} pixels, far more than any photo; choose a photo taken with a camera. */
  'image.too_many_pixels': { width: number; height: number; maxPixels: number };
  /** error: This SVG file contains content that is not allowed in a photo (such as scripts or links to other files). Use a JPEG or PNG photo. */
  'image.unsafe_svg': { reason: string };
  /** error: This SVG file has no size in pixels, so it cannot meet the minimum of {minWidth} × {minHeight}. Use a JPEG or PNG photo. */
  'image.svg_no_size': { minWidth: number; minHeight: number };
  /** warning: This photo is too large to be checked here for sharpness and lighting. Make sure it is sharp and well lit, or take it again with the phone's camera. */
  'image.quality_not_measured': { reason: string };
  /** warning: This photo looks blurry. Hold the phone still, tap to focus, and take it again. */
  'image.blurry': { sharpness: number; minSharpness: number };
  /** warning: This photo is too dark. Move to a brighter place and take it again. */
  'image.too_dark': { brightness: number; minBrightness: number };
  /** warning: This photo is too bright. Avoid direct sunlight or flash and take it again. */
  'image.too_bright': { brightness: number; maxBrightness: number; highlightsPercent: number; maxHighlightsPercent: number };
  /** warning: Light is reflecting off the card ({glarePercent}% of the photo). Tilt the card or move away from the lamp and take it again. */
  'image.glare': { glarePercent: number; maxGlarePercent: number };
  /** error: This photo could not be saved within the accepted file size ({minBytes} to {maxBytes}). Take it again in good light with the phone's camera, or choose another photo. */
  'image.fit_unreachable': { minBytes: number; maxBytes: number; minBytesStated?: string; maxBytesStated?: string };
  /** error: This photo ({width} × {height} pixels) is too large to be prepared on this device. Take it again with the phone's camera at its usual setting, or choose a smaller photo. */
  'image.fit_too_large': { width: number; height: number };
  /** warning: This photo's colours were converted from {profile} without its colour profile, so they may look slightly different. If the colours matter, save it as an ordinary RGB JPEG and choose it again. */
  'image.colour_approximated': { profile: string };
  /** error: The provider could not verify your {field}. Check it against your KTP and try again. */
  'response.field_rejected': { field: string; providerField: string };
  /** error: Your {field} is already registered to another NIK. Use your own. */
  'response.field_in_use': { field: string; providerField: string };
  /** error: The selfie did not pass the liveness check. Take a new selfie of your own face in good light, not a photo of a photo or a screen. */
  'response.liveness_failed': NoParams;
  /** error: The face in the selfie does not match the photo on the KTP. Take a new selfie of the card holder. */
  'response.face_mismatch': NoParams;
  /** error: The KTP photo is not clear enough to read. Take it again, flat, in good light and without glare. */
  'response.photo_unclear': NoParams;
  /** error: A photo is larger than the provider accepts ({maxBytes}). Choose a smaller photo. */
  'response.image_too_large': { maxBytes: number };
  /** error: This NIK is not registered with Dukcapil. Check it against your KTP. */
  'response.not_registered': NoParams;
  /** error: The provider could not verify your identity. */
  'response.not_verified': NoParams;
  /** warning: Your identity was verified, with a note from the provider on some of the data. */
  'response.verified_with_reason': NoParams;
  /** warning: Your identity was verified, but the provider could not confirm your {field}. Check it against your KTP. */
  'response.field_unconfirmed': { field: string; providerField: string };
  /** error: The provider did not give a result for your {field}, so your identity is not verified yet. Please try again later or contact our support. */
  'response.verdict_missing': { field: string; providerField: string };
  /** error: Your selfie could not be compared with your KTP yet, so your identity is not verified. Please contact our support. */
  'response.selfie_unjudged': NoParams;
  /** warning: A result for your verification has arrived and is being confirmed. We will let you know when it is final. */
  'response.callback_unconfirmed': NoParams;
  /** warning: Your identity was verified; your official photo could not be added to your profile yet. */
  'response.fallback_enrolment': NoParams;
  /** error: Verification has reached its limit for today. Please try again tomorrow. */
  'response.daily_quota': { providerCode: string; providerMessage: string };
  /** error: The provider could not process some of the data. Check the form and try again. */
  'response.invalid_request': { providerCode: string; providerMessage: string };
  /** error: Verification is temporarily unavailable. Please try again in a few minutes. */
  'response.service_unavailable': { providerCode: string };
  /** error: Verification is not available at the moment. Please contact our support. */
  'response.not_available': { providerCode: string; providerMessage: string };
  /** error: Too many verification attempts right now. Please try again in a moment. */
  'response.rate_limited': NoParams;
  /** error: The request could not be sent. Check your internet connection and try again. */
  'request.network_error': NoParams;
  /** error: The verification took too long to answer. Please wait a moment before trying again: it may still be processed. */
  'request.timeout': NoParams;
  /** error: Your data was not sent: the upload stopped after {sentBytes} of {totalBytes}. Move to a place with a stronger signal or use Wi-Fi and send again, or choose smaller photos. */
  'submit.upload_incomplete': { sentBytes: number; totalBytes: number };
  /** warning: Your data was already sent, and this is its result; nothing was sent again. Change the form to send new data. */
  'submit.already_sent': NoParams;
  /** error: Verification could not be completed because the service is not set up correctly. Please contact our support. */
  'response.redirected': NoParams;
  /** error: Verification could not be completed because the service sent an answer that cannot be read. Please contact our support. */
  'response.too_large': { maxBytes: number };
  /** error: Verification could not be completed. Please try again later. */
  'response.unknown': { providerCode: string; httpStatus: number };
}
// codes:end

/** An issue's message, with its parameters filled in, in both languages. */
export interface IssueMessage {
  /** English. */
  en: string;
  /** Bahasa Indonesia. */
  id: string;
}

/**
 * One problem found in the input. Narrow on `code` to type `params`:
 *
 * @example
 * ```ts
 * for (const issue of checkNik("31710101019000").issues) {
 *   if (issue.code === "nik.length") {
 *     console.log(issue.params.length, issue.params.expected); // 14 16
 *   }
 *   showError(issue.message.id);
 * }
 * ```
 */
export type Issue<Code extends IssueCode = IssueCode> = {
  [C in Code]: {
    /** Where in the form the problem is: field names and list positions; empty for a single field. */
    path: Array<string | number>;
    /** What kind of problem it is. */
    code: C;
    /** Whether it blocks the submission. */
    severity: Severity;
    /** The values its message refers to. */
    params: IssueParams[C];
    /** The message to show, in English and Bahasa Indonesia. */
    message: IssueMessage;
  };
}[Code];

/** The codes whose dotted form starts with `Field.`, such as the `"nik.…"` codes. */
type CodesOf<Field extends string> = Extract<IssueCode, `${Field}.${string}`>;

/** The issue codes {@link checkNik} reports. */
export type NikIssueCode = CodesOf<'nik'>;
/** The issue codes {@link checkPhone} reports. */
export type PhoneIssueCode = CodesOf<'phone'>;
/** The issue codes {@link checkEmail} reports. */
export type EmailIssueCode = CodesOf<'email'>;
/** The issue codes {@link checkName} reports. */
export type NameIssueCode = CodesOf<'name'>;
/** The issue codes {@link checkDate} reports. */
export type DateIssueCode = CodesOf<'date'>;
/** The issue codes {@link checkImage} reports. */
export type ImageIssueCode = CodesOf<'image'>;

// ---------------------------------------------------------------------------------------
// NIK
// ---------------------------------------------------------------------------------------

/** Options of {@link checkNik}. Unknown keys throw an `Error`. */
export interface NikOptions {
  /**
   * The date that decides the century of the two-digit birth year (a birth date is never
   * in the future). Default: today on the user's own calendar.
   */
  today?: IsoDate | undefined;
  /**
   * The birth date the person entered elsewhere on the form; a different date in the NIK
   * is a `nik.birth_date_mismatch` warning. An empty string, as an unfinished
   * `<input type="date">` reports, counts as not given.
   */
  birthDate?: IsoDate | undefined;
  /** The sex the person chose elsewhere on the form; a mismatch is a `nik.gender_mismatch` warning. */
  gender?: Gender | undefined;
  /**
   * `"strict"` (default): real NIKs only; a provider's sandbox NIK is a `nik.sandbox`
   * error. `"sandbox"`: Kredibel's nine sandbox NIKs (`1234567890111111` to
   * `1234567890111119`) are also accepted, with `nik.sandbox: true`.
   */
  mode?: 'strict' | 'sandbox' | undefined;
  /**
   * How the dates in messages (and in the params of `nik.birth_date_mismatch`) are
   * written: the form's own format. Default `"YYYY-MM-DD"`.
   */
  messageFormat?: DateFormat | undefined;
}

/** What a valid NIK says. Every code is a string of digits, never a number. */
export interface NikDetails {
  /** Digits 1–2, such as `"31"`. */
  provinceCode: string;
  /** The province's name, such as `"DKI Jakarta"`. */
  provinceName: string;
  /** Digits 3–4: `01`–`69` a regency (kabupaten), `71`–`99` a city (kota). */
  regencyCode: string;
  /** Digits 5–6: the district (kecamatan). */
  districtCode: string;
  /** The birth date the NIK encodes; `null` for a sandbox NIK. */
  birthDate: IsoDate | null;
  /** The sex the NIK encodes; `null` for a sandbox NIK. */
  gender: Gender | null;
  /** Digits 13–16. */
  serial: string;
  /** True for a provider's sandbox NIK, accepted in `mode: "sandbox"` only. */
  sandbox: boolean;
}

/** The result of {@link checkNik}. */
export type NikCheck =
  | {
      /** No error: the NIK may be sent (warnings may remain in `issues`). */
      ok: true;
      /** The NIK as 16 digits. */
      value: string;
      /** Warnings only. */
      issues: Array<Issue<NikIssueCode>>;
      /** What the NIK says. */
      nik: NikDetails;
    }
  | {
      /** At least one issue is an error. */
      ok: false;
      /**
       * The input normalised (full-width digits made ASCII; spaces, dots and hyphens
       * removed), to show the person what was read.
       */
      value: string;
      /** Every problem found, errors first in the order of the NIK's parts. */
      issues: Array<Issue<NikIssueCode>>;
      nik: null;
    };

/**
 * Checks a NIK (Nomor Induk Kependudukan), the 16-digit number on a KTP, as typed:
 * spaces, dots and hyphens between groups are ignored and full-width digits are read as
 * digits. Checks every part of its structure (province, regency, district, birth date,
 * serial) and reports every problem at once.
 *
 * @param input What the person typed. Always a string: a NIK of provinces 91–96 exceeds
 *   `Number.MAX_SAFE_INTEGER` and would lose digits as a number.
 * @param options See {@link NikOptions}.
 * @throws {Error} If `init()` has not resolved, `input` is not a string, or an option is
 *   unknown or malformed.
 *
 * @example
 * ```js
 * const checked = checkNik("3171 0145 0890 0002", { today: "2026-11-22" });
 * checked.ok; // true
 * checked.value; // "3171014508900002"
 * checked.nik; // { provinceCode: "31", provinceName: "DKI Jakarta", regencyCode: "71",
 *              //   districtCode: "01", birthDate: "1990-08-05", gender: "F",
 *              //   serial: "0002", sandbox: false }
 *
 * checkNik("31710101019000").issues[0].message.id;
 * // "NIK terdiri dari 16 digit; yang Anda masukkan 14 digit."
 * ```
 */
export function checkNik(input: string, options?: NikOptions): NikCheck;

// ---------------------------------------------------------------------------------------
// Phone
// ---------------------------------------------------------------------------------------

/** Options of {@link checkPhone}. Unknown keys throw an `Error`. */
export interface PhoneOptions {
  /**
   * Also accept landline numbers. Default `false`: a KYC provider's phone field is for a
   * number that receives an SMS, so a landline is a `phone.not_mobile` error.
   */
  allowFixedLine?: boolean | undefined;
}

/** A valid number in the spellings KYC providers ask for. */
export interface PhoneDetails {
  /** E.164, such as `"+6281234567890"`. */
  e164: string;
  /** The national form with its leading 0, such as `"081234567890"`. */
  national: string;
  /** The country code without `+`, such as `"6281234567890"`. */
  international: string;
  /**
   * The operator brand the prefix was assigned to (`"Telkomsel"`, `"Indosat"`, `"XL"`,
   * `"Axis"`, `"Tri"`, `"Smartfren"`), as a hint: numbers move between operators.
   * `null` when unknown, as for a landline.
   */
  operator: string | null;
}

/** The result of {@link checkPhone}. */
export type PhoneCheck =
  | {
      /** No error: the number may be sent. */
      ok: true;
      /** The number in E.164, such as `"+6281234567890"`. */
      value: string;
      /** Warnings only. */
      issues: Array<Issue<PhoneIssueCode>>;
      /** The number in every spelling. */
      phone: PhoneDetails;
    }
  | {
      /** At least one issue is an error. */
      ok: false;
      value: null;
      /** What is wrong. */
      issues: Array<Issue<PhoneIssueCode>>;
      phone: null;
    };

/**
 * Checks an Indonesian phone number as people type it (`0812-3456-7890`,
 * `+62 812 3456 7890`, `62812…`, `+62 (0) 812…`) and writes it in E.164 and the other
 * spellings providers ask for. Mobile numbers only, unless `allowFixedLine` is set.
 *
 * @param input What the person typed.
 * @param options See {@link PhoneOptions}.
 * @throws {Error} If `init()` has not resolved, `input` is not a string, or an option is
 *   unknown or malformed.
 *
 * @example
 * ```js
 * const checked = checkPhone("+62 (0) 812-3456-7890");
 * checked.value; // "+6281234567890"
 * checked.phone; // { e164: "+6281234567890", national: "081234567890",
 *                //   international: "6281234567890", operator: "Telkomsel" }
 *
 * checkPhone("021-5555-1234").issues[0].code; // "phone.not_mobile"
 * checkPhone("021-5555-1234", { allowFixedLine: true }).ok; // true
 * ```
 */
export function checkPhone(input: string, options?: PhoneOptions): PhoneCheck;

// ---------------------------------------------------------------------------------------
// Email
// ---------------------------------------------------------------------------------------

/** The result of {@link checkEmail}. */
export interface EmailCheck {
  /** False exactly when an issue is an error; a likely typo in the domain is a warning. */
  ok: boolean;
  /** The address trimmed, its domain lower-cased; the part before `@` is kept as typed. */
  value: string;
  /** What is wrong or looks wrong. */
  issues: Array<Issue<EmailIssueCode>>;
}

/**
 * Checks an email address against the HTML standard's "valid e-mail address" (what
 * `<input type="email">` enforces) with a domain a provider can mail (a dot, and a
 * top-level label that is not digits only: `siti@gmail` is refused, with `gmail.com`
 * suggested), at most 254 characters, and warns about a domain one typo away from a
 * common one (`gmial.com`).
 *
 * @param input What the person typed.
 * @throws {Error} If `init()` has not resolved or `input` is not a string.
 *
 * @example
 * ```js
 * checkEmail("  Budi.Santoso@Gmail.COM ").value; // "Budi.Santoso@gmail.com"
 *
 * const typo = checkEmail("budi@gmial.com");
 * typo.ok; // true: a warning does not block
 * typo.issues[0].message.en; // "Did you mean gmail.com instead of gmial.com?"
 * ```
 */
export function checkEmail(input: string): EmailCheck;

// ---------------------------------------------------------------------------------------
// Name
// ---------------------------------------------------------------------------------------

/** Options of {@link checkName}. Unknown keys throw an `Error`. */
export interface NameOptions {
  /** The most characters (Unicode code points) allowed; default 100. A non-negative integer. */
  maxLength?: number | undefined;
}

/** The result of {@link checkName}. */
export interface NameCheck {
  /** False exactly when an issue is an error. */
  ok: boolean;
  /**
   * The name in Unicode NFC, trimmed, whitespace runs collapsed to one space and
   * typographic apostrophes (’) made plain (').
   */
  value: string;
  /** What is wrong. */
  issues: Array<Issue<NameIssueCode>>;
}

/**
 * Checks a full name as written on a KTP: letters of any script, spaces and `. , ' -`,
 * at least 2 letters, at most `maxLength` characters.
 *
 * @param input What the person typed.
 * @param options See {@link NameOptions}.
 * @throws {Error} If `init()` has not resolved, `input` is not a string, or an option is
 *   unknown or malformed.
 *
 * @example
 * ```js
 * checkName("  Siti   Nur’aini ").value; // "Siti Nur'aini"
 * checkName("Budi 2").issues[0].code; // "name.invalid_characters"
 * ```
 */
export function checkName(input: string, options?: NameOptions): NameCheck;

// ---------------------------------------------------------------------------------------
// Date
// ---------------------------------------------------------------------------------------

/** Which way round a date is written. */
export type DateFormat = 'YYYY-MM-DD' | 'DD-MM-YYYY';

/** Options of {@link checkDate}. Unknown keys throw an `Error`. */
export interface DateOptions {
  /** The date against which "in the future" is decided. Default: today on the user's own calendar. */
  today?: IsoDate | undefined;
  /** The earliest accepted date. Default `"1900-01-01"`. */
  min?: IsoDate | undefined;
  /**
   * How the dates in messages (and in the params of `date.future` and `date.too_early`)
   * are written: the form's own format. Default: the format the date was typed in.
   */
  messageFormat?: DateFormat | undefined;
}

/** A date in both spellings providers ask for. */
export interface DateDetails {
  /** `YYYY-MM-DD`. */
  iso: IsoDate;
  /** `DD-MM-YYYY`. */
  dmy: string;
  /** The year. */
  year: number;
  /** The month, 1–12. */
  month: number;
  /** The day, 1–31. */
  day: number;
}

/** The result of {@link checkDate}. */
export type DateCheck =
  | {
      /** No error: the date may be sent. */
      ok: true;
      /** The date as `YYYY-MM-DD`. */
      value: IsoDate;
      /** Warnings only. */
      issues: Array<Issue<DateIssueCode>>;
      /** The date in both spellings. */
      date: DateDetails;
    }
  | {
      /** At least one issue is an error. */
      ok: false;
      /**
       * The date as `YYYY-MM-DD` when the input named a real date that is out of range
       * (in the future, too early); otherwise `null`.
       */
      value: IsoDate | null;
      /** What is wrong. */
      issues: Array<Issue<DateIssueCode>>;
      date: null;
    };

/**
 * Checks a date typed in `format`: a real calendar date, not after `today`, not before
 * `min`. Separators may be `-`, `/` or `.`, and day and month may have one digit; the
 * year always has four.
 *
 * @param input What the person typed.
 * @param format How the form asks for the date.
 * @param options See {@link DateOptions}.
 * @throws {Error} If `init()` has not resolved, `input` is not a string, `format` is not
 *   one of the two formats, or an option is unknown or malformed.
 *
 * @example
 * ```js
 * const checked = checkDate("25/3/1977", "DD-MM-YYYY", { today: "2026-11-22" });
 * checked.value; // "1977-03-25"
 * checked.date; // { iso: "1977-03-25", dmy: "25-03-1977", year: 1977, month: 3, day: 25 }
 *
 * checkDate("2030-01-01", "YYYY-MM-DD", { today: "2026-11-22" }).issues[0].code; // "date.future"
 * ```
 */
export function checkDate(input: string, format: DateFormat, options?: DateOptions): DateCheck;

// ---------------------------------------------------------------------------------------
// Image
// ---------------------------------------------------------------------------------------

/** A file format as told from the file's bytes (never from its name or MIME type). */
export type ImageFormat =
  'jpeg' | 'png' | 'svg' | 'heic' | 'avif' | 'webp' | 'gif' | 'bmp' | 'tiff' | 'pdf' | 'svgz' | 'jxl' | 'unknown';

/** Thresholds for the quality measures; a missing one takes its default. Unknown keys throw. */
export interface QualityThresholds {
  /** Below this sharpness (variance of the Laplacian on an ≤800 px grid) the photo is `image.blurry`. Default 150. */
  minSharpness?: number | undefined;
  /** Below this mean luminance (0–255) the photo is `image.too_dark`. Default 45. */
  minBrightness?: number | undefined;
  /** Above this mean luminance (0–255) the photo is `image.too_bright`. Default 220. */
  maxBrightness?: number | undefined;
  /** Above this share of clipped-white pixels (0–1) the photo is `image.too_bright`. Default 0.2. */
  maxHighlights?: number | undefined;
  /** Above this share of glare (0–1) the photo has `image.glare`. Default 0.025. */
  maxGlare?: number | undefined;
  /** How a miss is reported: `'warning'` (default) advises, `'error'` blocks. */
  severity?: Severity | undefined;
}

/**
 * Whether to measure sharpness, exposure and glare: `true` with the default thresholds,
 * `false` not at all, or thresholds. Measuring decodes the image at reduced size.
 */
export type QualitySetting = boolean | QualityThresholds;

/** A KYC provider's photo slot: the provider's rule for that field, such as Kredibel's selfie. */
export interface ProviderImageRule {
  /** A provider id, such as `'kredibel'`. An unknown one throws, naming the known ones. */
  provider: string;
  /** The provider's photo field; field names are the same for every provider. */
  field: 'selfie' | 'idCard' | 'photo';
  /** Overrides the slot's quality setting. */
  quality?: QualitySetting | undefined;
}

/** Explicit bounds for one image slot; every bound is optional. Unknown keys throw. */
export interface ExplicitImageRule {
  /** Accepted formats; default all three readable ones. */
  formats?: Array<'jpeg' | 'png' | 'svg'> | undefined;
  /** The smallest file accepted, in bytes. */
  minBytes?: number | undefined;
  /** The largest file accepted, in bytes. */
  maxBytes?: number | undefined;
  /** The smallest displayed width (after EXIF rotation), in pixels. */
  minWidth?: number | undefined;
  /** The smallest displayed height (after EXIF rotation), in pixels. */
  minHeight?: number | undefined;
  /** The most pixels a file may declare before anything is decoded; default 50 MP, at most 100 MP. */
  maxPixels?: number | undefined;
  /** Whether to measure quality; default not. */
  quality?: QualitySetting | undefined;
  provider?: undefined;
  field?: undefined;
}

/** What one image slot accepts: a provider's slot, or explicit bounds. */
export type ImageRule = ProviderImageRule | ExplicitImageRule;

/** The quality measures, on a grid whose long side is at most 800 pixels. */
export interface ImageQuality {
  /** Variance of the Laplacian of luminance; higher is sharper. */
  sharpness: number;
  /** Mean luminance, 0 (black) to 255 (white). */
  brightness: number;
  /** Share of the picture clipped black, 0 to 1. */
  shadows: number;
  /** Share of the picture clipped white, 0 to 1. */
  highlights: number;
  /** Share of the picture covered by glare blobs, 0 to 1. */
  glare: number;
  /** The analysis grid's width. */
  analysedWidth: number;
  /** The analysis grid's height. */
  analysedHeight: number;
}

/** What the file is, as far as it could be read. */
export interface ImageInfo {
  /** The format told from the bytes. */
  format: ImageFormat;
  /** The file's length in bytes. */
  bytes: number;
  /** The stored width in pixels (an SVG's intrinsic width rounded down; 0 if it has none). */
  width: number;
  /** The stored height in pixels. */
  height: number;
  /** The EXIF orientation, 1–8 (1 when absent). */
  orientation: number;
  /** The width as displayed, after the orientation is applied: what the minimums are checked against. */
  displayWidth: number;
  /** The height as displayed. */
  displayHeight: number;
  /** The quality measures, when the rule asks for them and the header passed. */
  quality: ImageQuality | null;
}

/** The result of {@link checkImage}. */
export interface ImageCheck {
  /** False exactly when an issue is an error. */
  ok: boolean;
  /** Every problem found. */
  issues: Array<Issue<ImageIssueCode>>;
  /** What the file is, when its format is accepted and its header could be read (even if not `ok`). */
  image: ImageInfo | null;
}

/**
 * Checks a photo before it is uploaded: its real format (from the bytes), file size,
 * displayed pixel size (EXIF rotation applied), damage, safe SVG content and, when the rule
 * asks, sharpness, exposure and glare. Reads the header without decoding unless quality
 * is measured.
 *
 * @param bytes The file's contents, as `new Uint8Array(await file.arrayBuffer())` or the
 *   `ArrayBuffer` itself.
 * A photo over 32 MiB (eight times the largest slot, Kredibel's 4 MB selfie) is measured,
 * not copied: it gets the slot's `image.file_too_large` (and no `image`), or, when the rule
 * sets no `maxBytes`, an `Error`.
 *
 * @param rule A provider's slot (`{ provider: 'kredibel', field: 'selfie' }`) or explicit bounds.
 * @throws {Error} If `init()` has not resolved, `bytes` is not a `Uint8Array` or
 *   `ArrayBuffer` (or its buffer is detached), the rule is missing, unknown or malformed,
 *   or the photo is over 32 MiB and the rule sets no `maxBytes`.
 *
 * @example
 * ```js
 * const file = input.files[0];
 * const checked = checkImage(new Uint8Array(await file.arrayBuffer()), {
 *   provider: 'kredibel',
 *   field: 'selfie',
 * });
 * if (!checked.ok) showErrors(checked.issues.map((issue) => issue.message.id));
 *
 * checkImage(bytes, { formats: ['jpeg', 'png'], minWidth: 480, minHeight: 640, quality: true });
 * ```
 */
export function checkImage(bytes: Uint8Array | ArrayBuffer, rule: ImageRule): ImageCheck;

/** A step of {@link fitImage}, reported to `onProgress` as it begins; `'encode'` once per encode. */
export type FitStage = 'decode' | 'resize' | 'encode' | 'verify';

/** What {@link fitImage} passes to `onProgress`. */
export interface FitProgress {
  stage: FitStage;
}

/** Options of {@link fitImage}; every one is optional. Unknown keys throw an `Error`. */
export interface FitOptions {
  /**
   * The longest displayed side a re-encoded photo may have, in pixels. Default 1600: inside
   * what the providers recommend (Kredibel's OCR reads 1024×768; Onfido and Veriff ask for
   * 1440–1920 px), and never below the slot's minimum width and height.
   */
  maxSide?: number | undefined;
  /** The file size a re-encode aims at, in bytes, kept inside the slot's window. Default 500,000. */
  targetBytes?: number | undefined;
  /**
   * Called with `{ stage }` as each step begins. In the package it runs synchronously
   * inside the fit, so a page cannot repaint meanwhile: to show progress, fit in the
   * worker (`createWorker().fitImage` of `kyc-precheck/shell`). A callback that throws is
   * not called again, and `fitImage` rejects with an `Error` naming it once the fit is
   * done (a broken progress display is a mistake to see, not to hide).
   */
  onProgress?: ((progress: FitProgress) => void) | undefined;
}

/** What {@link fitImage} did: nothing, removed privacy metadata losslessly, or encoded a new JPEG. */
export type FitChange = 'none' | 'metadata' | 'reencoded';

/** How close a re-encoded photo is to its source. */
export interface FitFidelity {
  /** Grey SSIM of the output against the source scaled to the output's size; 1 is identical. */
  ssim: number;
}

/** What every result of {@link fitImage} has. */
interface FitCommon {
  /** `checkImage`'s reading of the input (for a WebP, AVIF or HEIC the platform decoded: its decoded, upright size). */
  source: ImageInfo;
}

/** A photo fitted into its slot: `bytes` passes `checkImage(bytes, rule)`. */
export interface FitDone extends FitCommon {
  ok: true;
  /** Warnings only (such as `image.colour_approximated`). */
  issues: Array<Issue<ImageIssueCode>>;
  /** The file to send. */
  bytes: Uint8Array;
  /** `checkImage`'s reading of `bytes`. */
  image: ImageInfo;
  change: FitChange;
  /** For a re-encoded photo; `null` when the picture was kept. */
  fidelity: FitFidelity | null;
}

/** A photo that cannot fit: `issues` say why (too few pixels, an unsupported or damaged file, a window no setting reaches). */
export interface FitFailed extends FitCommon {
  ok: false;
  issues: Array<Issue<ImageIssueCode>>;
  bytes?: undefined;
  image: ImageInfo | null;
  change: FitChange;
  fidelity: FitFidelity | null;
}

/** The result of {@link fitImage}. */
export type FitResult = FitDone | FitFailed;

/**
 * Fits a photo into its slot: returns a file that passes {@link checkImage} for `rule`
 * whenever the photo has enough pixels. It never re-encodes without need (a photo already
 * inside the slot keeps its encoded picture, with its privacy metadata removed
 * losslessly), bakes the EXIF orientation into the pixels, never upscales, and aims at
 * `targetBytes` inside the slot's byte window.
 *
 * WebP, AVIF and HEIC, which the providers refuse and the core cannot decode, are decoded
 * by the browser where it can (a page or a worker with `createImageBitmap` and
 * `OffscreenCanvas`, feature-detected): scaled there to the fitted size and encoded as a
 * JPEG by the core. Where it cannot (HEIC in Chromium, or in Node) the result is the
 * core's `image.format_unsupported`, with its advice.
 *
 * @param bytes The photo, as for {@link checkImage}; it is copied, never changed. A photo
 *   over 32 MiB is not read: it gets the slot's `image.file_too_large` (or, when the rule
 *   sets no `maxBytes`, an `Error`).
 * @param rule A provider's slot or explicit bounds, as for {@link checkImage}.
 * @throws {Error} (the promise rejects) If `init()` has not resolved, an argument or option
 *   is of the wrong type, or `onProgress` threw.
 *
 * @example
 * ```js
 * const photo = new Uint8Array(await input.files[0].arrayBuffer());
 * const fitted = await fitImage(photo, { provider: 'oy', field: 'selfie' });
 * if (fitted.ok) {
 *   // 5.8 MB, 4000×3000 → 480 KB, 1600×1200
 *   console.log(fitted.source.bytes, fitted.image.bytes, fitted.change); // … "reencoded"
 *   upload(fitted.bytes);
 * } else {
 *   showErrors(fitted.issues.map((issue) => issue.message.id));
 * }
 * ```
 */
export function fitImage(bytes: Uint8Array | ArrayBuffer, rule: ImageRule, options?: FitOptions): Promise<FitResult>;

// ---------------------------------------------------------------------------------------
// The code table
// ---------------------------------------------------------------------------------------

/** One row of the code table: a code's default severity, parameters and message templates. */
export type IssueCodeInfo = {
  [C in IssueCode]: {
    /** The code. */
    code: C;
    /** The severity its issues have. */
    severity: Severity;
    /** The names of its parameters, as used in `params` and the templates. */
    params: Array<keyof IssueParams[C] & string>;
    /** The English template; `{name}` stands for a parameter. */
    en: string;
    /** The Bahasa Indonesia template. */
    id: string;
  };
}[IssueCode];

/**
 * Every issue code with its default severity, parameter names and message templates
 * (`{name}` stands for a parameter), to list the texts or to translate them.
 *
 * @throws {Error} If `init()` has not resolved.
 *
 * @example
 * ```js
 * const length = issueCodes().find((info) => info.code === "nik.length");
 * length.params; // ["length", "expected"]
 * length.id; // "NIK terdiri dari {expected} digit; yang Anda masukkan {length} digit."
 * ```
 */
export function issueCodes(): IssueCodeInfo[];

// ---------------------------------------------------------------------------------------
// Providers
// ---------------------------------------------------------------------------------------

/** The provider ids every provider export takes. */
export type ProviderId = 'kredibel' | 'td' | 'widekyc' | 'quantum-elixir' | 'oy';

/** Each provider's endpoint ids. */
export interface ProviderEndpoints {
  kredibel: 'certificate-issuance';
  td: 'id-verification';
  widekyc: 'passive-liveness' | 'id-recognize' | 'id-validation';
  'quantum-elixir': 'dukcapil';
  oy: 'id-card' | 'phone-number' | 'status';
}

/**
 * The provider-neutral applicant: one form's fields, whatever the provider. Each endpoint
 * reads the fields it needs and maps them to its own names and formats; issue paths use
 * these names (`["nik"]`, `["address", "home"]`). Unknown keys throw.
 */
export interface Applicant {
  /** The NIK as typed. Always a string: 16 digits exceed 2^53. */
  nik?: string | undefined;
  /** The full name as on the KTP. */
  name?: string | undefined;
  /** The birth date, `YYYY-MM-DD` (as `<input type="date">` gives it). */
  birthDate?: IsoDate | undefined;
  /** The birth place. */
  birthPlace?: string | undefined;
  /** The email address. */
  email?: string | undefined;
  /** The phone number as typed. */
  phone?: string | undefined;
  /** Home and business address (OY; WideKYC reads `home`). */
  address?: { home?: string | undefined; business?: string | undefined } | undefined;
  /** The selfie photo's bytes. */
  selfie?: Uint8Array | ArrayBuffer | undefined;
  /** The KTP photo's bytes. */
  idCard?: Uint8Array | ArrayBuffer | undefined;
  /** WideKYC: the integrator's customer reference number. */
  custRefNo?: string | undefined;
  /** Quantum Elixir: the customer's CUID. */
  customerId?: string | undefined;
  /** Quantum Elixir: whether Dukcapil confirmed the lookup. */
  valid?: boolean | undefined;
  /** Quantum Elixir: the official Dukcapil photo's bytes (required when `valid`). */
  photo?: Uint8Array | ArrayBuffer | undefined;
  /** Quantum Elixir: Dukcapil's response envelope, written into the body as given. */
  raw?: Record<string, unknown> | undefined;
  /** Quantum Elixir: why Dukcapil declined (required when `valid` is false). */
  reason?: string | undefined;
}

/** Options of {@link buildRequest}. An option the endpoint does not take throws. */
export interface BuildOptions {
  /** The date birth dates are checked against; default the device's date. */
  today?: IsoDate | undefined;
  /**
   * How the dates in messages are written: the form's own format (`"DD-MM-YYYY"` for a
   * form that asks for dates that way, though `birthDate` is given as `YYYY-MM-DD`).
   * Default `"YYYY-MM-DD"`.
   */
  messageFormat?: DateFormat | undefined;
  /** Kredibel: let the nine documented sandbox NIKs through, and mark the request `sandbox: true`. */
  sandbox?: boolean | undefined;
  /** WideKYC id-validation: write `nik` as a JSON number (exact digits, never a float). */
  nikAsNumber?: boolean | undefined;
  /** OY: the provider's RSA public key, PEM (SPKI or PKCS#1). Required by OY's endpoints. */
  publicKey?: string | undefined;
  /**
   * How photo limits stated on base64 fields (Kredibel's sizes, OY's "1MB") are read:
   * `'encoded'` (default, the safe reading: the base64 text stays within the limit, so a
   * "4MB" field holds a file of at most 3,000,000 bytes) or `'file'`.
   */
  limits?: 'encoded' | 'file' | undefined;
  /**
   * OY: RSA padding; default `'oaep-sha256'`. `'oaep-sha256-mgf1-sha1'` is Java's
   * `OAEPWithSHA-256AndMGF1Padding`. `'pkcs1v15'` is open to padding-oracle attacks: use it
   * only when OY confirms it.
   */
  rsa?: 'oaep-sha256' | 'oaep-sha256-mgf1-sha1' | 'oaep-sha1' | 'pkcs1v15' | undefined;
  /** OY: AES mode for the photos; default `'gcm'` (12-byte nonce prepended), or `'cbc'` (16-byte IV prepended). */
  aes?: 'gcm' | 'cbc' | undefined;
  /** OY: split a plaintext longer than one RSA block into blocks instead of refusing it. */
  chunked?: boolean | undefined;
  /** OY: accept an RSA key of 1024–2047 bits (refused by default). */
  allowWeakKey?: boolean | undefined;
}

/**
 * The request to send, exactly. It carries no credential: the integrator's relay adds the
 * provider's key, token or partner code and forwards it.
 */
export interface ProviderRequest {
  /** The provider it is for, so the answer can be read with {@link readResponse}. */
  provider: ProviderId;
  /** The endpoint it is for. */
  endpoint: string;
  /** The HTTP method. */
  method: 'POST';
  /** The path below the integrator's base URL. */
  path: string;
  /** Query parameters (never credentials). */
  query: Record<string, string>;
  /** Headers (never credentials). */
  headers: Record<string, string>;
  /** The exact JSON text to send. */
  body: string;
  /** True for a request built for the provider's sandbox. */
  sandbox: boolean;
  /** The applicant fields the body carries, so {@link readResponse} knows which verdicts the answer owes. */
  fields: string[];
}

/** How {@link readResponse} judges what the providers' pages leave open. */
export interface ReadOptions {
  /**
   * WideKYC id-validation: the smallest `selfie_photo` score that counts as a face match.
   * The page never gives the score's scale, so without it a sent selfie is never a match
   * (`response.selfie_unjudged`, outcome `failed`).
   */
  selfieThreshold?: number | undefined;
  /** Kredibel `verified_with_reason`: `'verified'` with warnings (default) or `'review'` (outcome `pending`). */
  verifiedWithReason?: 'verified' | 'review' | undefined;
}

/** The result of {@link buildRequest}. */
export type BuiltRequest =
  | {
      /** No errors: the request can be sent. */
      ok: true;
      /** Warnings only (photo quality, a birth date that differs from the NIK's). */
      issues: Issue[];
      request: ProviderRequest;
    }
  | {
      ok: false;
      /** Every problem, across all fields, at once; `path` names the applicant field. */
      issues: Issue[];
      request: null;
    };

/**
 * Checks every field an endpoint needs (the field checks and {@link checkImage}) and,
 * when all pass, builds the provider's exact request. Returns every problem at once.
 *
 * @throws {Error} For programmer mistakes: an unknown provider, endpoint or option, an
 *   applicant key that does not exist, a photo that is not bytes (or is detached), a
 *   photo over 32 MiB (check photos with {@link checkImage} first, which reports one as
 *   `image.file_too_large`), OY without `publicKey`.
 *
 * @example
 * ```js
 * const built = await buildRequest("kredibel", "certificate-issuance", {
 *   nik: form.nik.value, name: form.name.value, birthDate: form.birthDate.value,
 *   email: form.email.value, phone: form.phone.value,
 *   selfie: new Uint8Array(await selfieFile.arrayBuffer()),
 *   idCard: new Uint8Array(await ktpFile.arrayBuffer()),
 * });
 * if (!built.ok) showIssues(built.issues); // each issue.path[0] is a form field
 * else await fetch(relayUrl + built.request.path, { method: "POST", headers: built.request.headers, body: built.request.body });
 * ```
 */
export function buildRequest<P extends ProviderId>(
  provider: P,
  endpoint: ProviderEndpoints[P],
  input: Applicant,
  options?: BuildOptions,
): Promise<BuiltRequest>;

/** A provider's answer, read. */
export interface Reading {
  /**
   * What the answer means for the application. `verified`: the endpoint's check passed;
   * what that proves is the endpoint's `verifies` in rules() (only a live face for WideKYC
   * passive-liveness, only a readable KTP for id-recognize).
   */
  outcome: 'verified' | 'rejected' | 'pending' | 'failed';
  /** Whether the same request may succeed later. */
  retryable: boolean;
  /** Whether the call is billed, where the provider documents it; `null` otherwise. */
  charged: boolean | null;
  /** The provider's own status code, as sent. */
  providerCode: string | null;
  /** The fields the provider rejected, at their applicant paths, in both languages. */
  issues: Issue[];
  /** Seconds to wait before retrying, from the `Retry-After` header. */
  retryAfterSeconds: number | null;
  /** What else the answer carries (OCR data, verification ids and verdicts, OY's encrypted NIK and signature, a callback's claimed verdict). */
  data: Record<string, unknown> | null;
}

/**
 * Reads a provider's answer onto the form. Never throws for the answer itself: anything
 * unrecognised is `failed` with the raw code kept, and a body under a status outside 2xx
 * is never a verdict. `verified` needs the page's own evidence of a pass.
 *
 * @param headers The response's headers (a `Headers` or a plain object); only `Retry-After` is read.
 * @param sent The built request (`built.request`) or `{ fields }`: which fields were sent, so
 *   that a missing verdict on a sent field is not read as a pass. Without it, every field
 *   the endpoint can send counts as sent. Only `fields` is read, once.
 * @param options How to judge what the pages leave open; see {@link ReadOptions}.
 * @throws {Error} For an unknown provider or endpoint, a status that is not 100–599, an
 *   option it does not know, or `headers` or `sent.fields` that cannot be read (a getter
 *   that throws); or a string over 1 Mi characters.
 *
 * @example
 * ```js
 * const response = await fetch(relayUrl + request.path, { method: "POST", body: request.body });
 * const reading = readResponse("td", "id-verification", response.status, await response.text(), response.headers, request);
 * reading.outcome; // "rejected"
 * reading.issues[0].path; // ["phone"]
 * ```
 */
export function readResponse<P extends ProviderId>(
  provider: P,
  endpoint: ProviderEndpoints[P],
  httpStatus: number,
  bodyText: string,
  headers?: Headers | Record<string, string> | undefined,
  sent?: ProviderRequest | { fields: string[] } | undefined,
  options?: ReadOptions | undefined,
): Reading;

/**
 * Reads OY's result callback (the POST OY makes to the integrator's callback URL). A
 * callback is never final: nothing in OY's page authenticates it, so the reading is
 * `pending` with `response.callback_unconfirmed`, the verdict it claims in
 * `data.claimedOutcome` / `data.claimedCode` beside the encrypted NIK and signature as
 * given. Confirm with the `status` endpoint before acting on it.
 *
 * @throws {Error} For a provider without callbacks.
 *
 * @example
 * ```js
 * // In the integrator's callback handler (Node):
 * const reading = readCallback("oy", await request.text());
 * reading.outcome; // "pending": send OY's "status" request to confirm
 * reading.data.claimedOutcome; // "verified", with data.nik and data.signature as given
 * ```
 */
export function readCallback(provider: 'oy', bodyText: string): Reading;

/** One field's requirement, as {@link rules} lists it. */
export interface FieldRule {
  /** The neutral name (the applicant key; `address.home` for a nested one). */
  field: string;
  /** The field's label in both languages, for an error summary. */
  label: { en: string; id: string };
  /** The provider's own name for it. */
  providerField: string;
  /** What kind of value it is. */
  type: 'nik' | 'name' | 'birthDate' | 'email' | 'phone' | 'image' | 'text' | 'boolean' | 'object';
  /** `true`, `false`, or the condition in words. */
  required: boolean | string;
  /** The format the provider asks for, in words. */
  format: string;
  /** For a photo, its limits. */
  image: {
    formats: Array<'jpeg' | 'png' | 'svg'>;
    minBytes: number | null;
    /** The page's wording of `minBytes` ("100 KB" for 102,400), as the size messages write it. */
    minBytesStated: string | null;
    maxBytes: number | null;
    /** The page's wording of `maxBytes`, only where the file's bound is the stated number (not a base64 field's). */
    maxBytesStated: string | null;
    minWidth: number | null;
    minHeight: number | null;
  } | null;
}

/** One provider, as {@link rules} lists it. */
export interface ProviderRules {
  id: ProviderId;
  name: string;
  /** The seed page the rules come from. */
  seed: string;
  endpoints: Array<{
    id: string;
    method: 'POST';
    path: string;
    fields: FieldRule[];
    /** The build options it takes besides `today` and `limits`. */
    options: string[];
    /** What the page recommends around the call (Quantum Elixir: the Dukcapil fallback chain), or `null`. */
    guidance: Record<string, unknown> | null;
    /**
     * What a `verified` answer of this endpoint proves: `identity` (the applicant's data
     * matched the population registry, Dukcapil), `liveness` (the selfie shows a live
     * person, nothing about who: WideKYC passive-liveness) or `document` (the KTP photo
     * could be read, its OCR in the reading's `data`, checked against nothing: WideKYC
     * id-recognize). Onboard on `identity` only; word the result by it.
     */
    verifies: 'identity' | 'liveness' | 'document';
  }>;
}

/**
 * Every provider's endpoints and field requirements as plain data, so a form can render
 * hints (required marks, formats, photo limits); or one provider's.
 *
 * @throws {Error} For an unknown provider.
 *
 * @example
 * ```js
 * const [kredibel] = rules("kredibel");
 * kredibel.endpoints[0].fields.find((f) => f.field === "selfie").image.minWidth; // 480
 * ```
 */
export function rules(provider?: ProviderId): ProviderRules[];

// Without this, every top-level declaration of a .d.ts module is exported, helpers included.
export {};
