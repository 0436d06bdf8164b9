// The field checks over one instance of the wasm-bindgen glue, shared by the package's two
// entries: index.js (the whole module, kyc_precheck_bg.wasm) and fields.js (the first
// module a form loads, kyc_precheck_fields_bg.wasm: the field checks alone). Each entry
// makes its own with fieldChecks(): two modules are two instances, each with its state.
// Not an export of the package.

export /** The message of a thrown value, which may itself be hostile (a getter that throws). */
function messageOf(error) {
  try {
    return typeof error === 'string' ? error : String(error?.message ?? error);
  } catch {
    return 'an exception that cannot be shown';
  }
}

/** Today on the caller's calendar, and the local day it stands for (see today()). */
let todayNumber = 0;
let todayStarts = 0;
let todayEnds = 0;

/**
 * Today on the caller's calendar as year * 10000 + month * 100 + day, for checkNik: the
 * century of a NIK's birth year is decided on it. Read afresh when the clock leaves the
 * local day it was read in (midnight, or a clock set back); a form checks a NIK on every
 * keystroke, and Date.now() is a tenth of what new Date() and its three getters cost.
 */
function today() {
  const now = Date.now();
  if (now < todayStarts || now >= todayEnds) {
    const date = new Date(now);
    const [year, month, day] = [date.getFullYear(), date.getMonth(), date.getDate()];
    todayNumber = year * 10000 + (month + 1) * 100 + day;
    todayStarts = new Date(year, month, day).getTime();
    todayEnds = new Date(year, month, day + 1).getTime();
  }
  return todayNumber;
}

// Each check is documented in index.d.ts; here it gains the init guard and, for the two
// checks a form runs on every keystroke, the result of a valid answer built from what the
// module returns for it (see checkNik and checkPhone in src/bindings.rs): a few strings
// across the boundary instead of a JSON document. A string as long as a form field's,
// without options, crosses as text, and its valid answer comes back as one number
// (checkNikNumber, checkPhoneNumber): no text is written or decoded for it.
const SHORT_TEXT = 256;

function plain(input, options) {
  return typeof input === 'string' && input.length <= SHORT_TEXT && (options === undefined || options === null);
}

/** Where refusedResult and the valid answers' readers read their next field. */
let cursor = 0;

/** The field of `text` at the cursor (its length, `:`, itself), the cursor moved past it. */
function nextField(text) {
  let length = 0;
  for (let digit = text.charCodeAt(cursor); digit !== 58 && cursor < text.length; digit = text.charCodeAt(cursor)) {
    length = length * 10 + digit - 48;
    cursor += 1;
  }
  const start = cursor + 1;
  cursor = start + length;
  return text.slice(start, cursor);
}

/** Whether `text` is a refusal (see refused in src/bindings.rs): it starts `T` or `F`. */
function isRefusal(text) {
  const first = text.charCodeAt(0);
  return first === 84 || first === 70;
}

/**
 * The result of a field check that found no details, from the module's text for it (see
 * refused in src/bindings.rs), with the keys in the order of the JSON path's; `details`
 * is the name of the key that is `null` (`nik`, `phone`).
 */
function refusedResult(text, details) {
  cursor = 2;
  const value = text.charCodeAt(1) === 118 ? nextField(text) : null;
  const issues = [];
  while (cursor < text.length) {
    const code = nextField(text);
    const severity = nextField(text);
    const params = {};
    for (let count = Number(nextField(text)); count > 0; count -= 1) {
      const name = nextField(text);
      const param = nextField(text);
      params[name] = param.charCodeAt(0) === 110 ? Number(param.slice(1)) : param.slice(1);
    }
    const en = nextField(text);
    const id = nextField(text);
    issues.push({ path: [], code, severity, params, message: { en, id } });
  }
  return { ok: text.charCodeAt(0) === 84, value, issues, [details]: null };
}

/** The tab-separated field of `text` at the cursor, the cursor moved past its tab. */
function nextTab(text) {
  const start = cursor;
  const end = text.indexOf('\t', start);
  cursor = end === -1 ? text.length : end + 1;
  return text.slice(start, end === -1 ? text.length : end);
}

/**
 * checkNik's result from the module's answer: the result itself, a refusal's text, or a
 * valid NIK's tab-separated fields, in their order (see valid_nik in src/bindings.rs),
 * read by indexOf and slice, no array made for them.
 */
function nikResult(checked) {
  if (typeof checked !== 'string') {
    return checked;
  }
  if (isRefusal(checked)) {
    return refusedResult(checked, 'nik');
  }
  cursor = 0;
  const value = nextTab(checked);
  const provinceCode = nextTab(checked);
  const provinceName = nextTab(checked);
  const regencyCode = nextTab(checked);
  const districtCode = nextTab(checked);
  const birthDate = nextTab(checked);
  const gender = nextTab(checked);
  const serial = nextTab(checked);
  const sandbox = nextTab(checked) === '1';
  return {
    ok: true,
    value,
    issues: [],
    nik: {
      provinceCode,
      provinceName,
      regencyCode,
      districtCode,
      birthDate: birthDate || null,
      gender: gender || null,
      serial,
      sandbox,
    },
  };
}

/** checkPhone's result from the module's answer, as nikResult is checkNik's. */
function phoneResult(checked) {
  if (typeof checked !== 'string') {
    return checked;
  }
  if (isRefusal(checked)) {
    return refusedResult(checked, 'phone');
  }
  cursor = 0;
  const e164 = nextTab(checked);
  const national = nextTab(checked);
  const international = nextTab(checked);
  const operator = nextTab(checked);
  return { ok: true, value: e164, issues: [], phone: { e164, national, international, operator: operator || null } };
}

/**
 * The most refusals' results each check keeps (see keptRefusal): a form's keystrokes meet a
 * few dozen (a NIK's length as typed, a phone number's); past the bound a refusal not kept
 * is read from the module's text each time, as before it had a key.
 */
const KEPT_REFUSALS = 256;

/**
 * `result`, the refusal the module gave for the key `key` (see refusal_key in
 * src/bindings.rs): one issue, its `value` none or the input. Kept in `kept`, by its key,
 * with copies of what a caller may change, for refusalOf.
 */
function keptRefusal(kept, key, result) {
  if (kept.size < KEPT_REFUSALS) {
    const [{ code, severity, params, message }] = result.issues;
    kept.set(key, { ok: result.ok, valueIsInput: result.value !== null, code, severity, params: { ...params }, message: { ...message } });
  }
  return result;
}

/**
 * A fresh result from a kept refusal (see keptRefusal) for `input`, with the keys in the
 * order of the JSON path's; the caller adds the details key (`nik`, `phone`) as `null`.
 */
function refusalOf(refusal, input) {
  const { en, id } = refusal.message;
  return {
    ok: refusal.ok,
    value: refusal.valueIsInput ? input : null,
    issues: [{ path: [], code: refusal.code, severity: refusal.severity, params: { ...refusal.params }, message: { en, id } }],
  };
}

/** `00` to `99`, for isoDate. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, number) => String(number).padStart(2, '0'));

/** The number `YYYYMMDD` (a year from 1000) as `YYYY-MM-DD`. */
function isoDate(number) {
  const day = number % 100;
  const month = ((number - day) / 100) % 100;
  return `${(number - month * 100 - day) / 10000}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
}

/**
 * The field checks, `issueCodes`, `init`, `initSync` and `run` over `glue`, the namespace
 * of one wasm-bindgen glue module (`import * as glue`); `wasmFile` names its module in
 * messages. Each function is documented in index.d.ts.
 */
export function fieldChecks(glue, wasmFile) {
  const {
    default: initGlue,
    initSync: initGlueSync,
    __wbg_reset_state: restartGlue,
    checkDate: glueCheckDate,
    checkEmail: glueCheckEmail,
    checkName: glueCheckName,
    checkNik: glueCheckNik,
    checkNikNumber: glueCheckNikNumber,
    checkNikText: glueCheckNikText,
    checkPhone: glueCheckPhone,
    checkPhoneNumber: glueCheckPhoneNumber,
    checkPhoneText: glueCheckPhoneText,
    issueCodes: glueIssueCodes,
    takeAnswer: glueTakeAnswer,
  } = glue;

  let ready = false;

  /** Set when a call trapped: a fresh instance replaces this one before the next call. */
  let dead = false;

  function assertReady(name) {
    if (!ready) {
      throw new Error(`kyc-precheck: call await init() (or initSync) before ${name}`);
    }
  }

  /** The load in progress or done; forgotten when it fails. */
  let loading;

  /**
   * Runs one call into the module. A trap inside it (a `WebAssembly.RuntimeError`: a bug of
   * this package, or memory left corrupt) or a stack overflow inside it (a `RangeError`)
   * leaves the instance in an unknown state, so the next call first starts a fresh instance
   * from the module it was loaded with (the glue keeps it): a server never needs a restart,
   * a page never a reload. The failed call throws an `Error` that says so, the trap as its
   * `cause`. The functions' own errors pass through unchanged.
   */
  function run(name, call) {
    assertReady(name);
    if (dead) {
      restartGlue();
      dead = false;
    }
    try {
      return call();
    } catch (error) {
      return trapped(name, error);
    }
  }

  /**
   * `run` for the checks a form calls on every keystroke: the same guard and the same
   * handling of a trap, without a closure made per call.
   */
  function runCheck(name, answer, input, options) {
    assertReady(name);
    if (dead) {
      restartGlue();
      dead = false;
    }
    try {
      return answer(input, options);
    } catch (error) {
      return trapped(name, error);
    }
  }

  /** Rethrows `error` of the call `name`, marking the instance dead when it trapped (see run). */
  function trapped(name, error) {
    if (error instanceof WebAssembly.RuntimeError || error instanceof RangeError) {
      dead = true;
      throw new Error(
        `kyc-precheck: ${name} failed inside the WebAssembly module (${error.message}); the module is started afresh for the next call`,
        { cause: error },
      );
    }
    throw error;
  }

  /** Instantiates the module from `input` (see the entries' init for what it may be). */
  function init(input) {
    // One load however many callers race: a second instantiation would leave two modules,
    // and the checks would run in whichever the glue saw last. A failed load is forgotten
    // so that a later call can try again.
    loading ??= (async () => {
      // The glue takes an object: a bare argument makes it log a deprecation warning.
      await initGlue({ module_or_path: input });
      ready = true;
    })().catch((error) => {
      loading = undefined;
      throw error;
    });
    return loading;
  }

  /**
   * Instantiates the WebAssembly module synchronously from its bytes or a compiled module.
   * Browsers refuse to compile modules larger than 8 MB on the main thread this way; this
   * one is far smaller, but prefer `init()` where an `await` is possible.
   *
   * @param {BufferSource | WebAssembly.Module} bytesOrModule
   * @returns {void}
   */
  function initSync(bytesOrModule) {
    if (ready) {
      return;
    }
    const isBytes = ArrayBuffer.isView(bytesOrModule) || bytesOrModule instanceof ArrayBuffer;
    if (!isBytes && !(bytesOrModule instanceof WebAssembly.Module)) {
      throw new TypeError(
        `kyc-precheck: initSync expects the bytes of ${wasmFile} (an ArrayBuffer or a typed array) or a WebAssembly.Module`,
      );
    }
    initGlueSync({ module: bytesOrModule });
    ready = true;
  }

  // The names the module gave in a valid answer, by the number it gives them in the
  // numbers of checkNikNumber and checkPhoneNumber (see src/bindings.rs): the first answer
  // with a name not seen yet is asked of the module whole, and its name kept. At most one
  // a province and one an operator's prefix: no table is copied from the module.
  const provinceNames = [''];
  const operatorNames = [null];

  // The refusals the module gave, by their keys (the numbers below zero of checkNikNumber
  // and checkPhoneNumber): the first refusal of a key is asked of the module whole, and its
  // result kept (see keptRefusal). The messages are the module's, as it wrote them.
  const nikRefusals = new Map();
  const phoneRefusals = new Map();

  /**
   * checkNik's answer for a short string without options that is not a valid NIK's
   * number (see nikAnswer): a refusal's key (below zero), `0` for the answer the module
   * kept, `NaN` for the text path, which throws the module's error.
   */
  function nikRefusal(number, input, day) {
    if (number < 0) {
      const refusal = nikRefusals.get(number);
      if (refusal === undefined) {
        return keptRefusal(nikRefusals, number, nikResult(glueCheckNikText(input, day)));
      }
      const result = refusalOf(refusal, input);
      result.nik = null;
      return result;
    }
    return nikResult(number === 0 ? glueTakeAnswer() : glueCheckNikText(input, day));
  }

  /**
   * checkNik's answer. A short string without options asks the module for a number (see
   * nik_number in src/bindings.rs), from which and the input the result of a valid NIK is
   * rebuilt, or a refusal's from the one kept by its key (see refusal_key there); any other
   * answer comes as the module's text or result (see nikResult).
   */
  function nikAnswer(input, options) {
    if (!plain(input, options)) {
      return nikResult(glueCheckNik(input, options, today()));
    }
    const day = today();
    const number = glueCheckNikNumber(input, day);
    if (!(number > 0)) {
      return nikRefusal(number, input, day);
    }
    const low = number % 512;
    const province = low >>> 3;
    const provinceName = provinceNames[province];
    if (provinceName === undefined) {
      const checked = nikResult(glueCheckNikText(input, day));
      provinceNames[province] = checked.nik.provinceName;
      return checked;
    }
    const birth = (number - low) / 512;
    const gender = (low >>> 1) & 3;
    return {
      ok: true,
      value: input,
      issues: [],
      nik: {
        provinceCode: input.slice(0, 2),
        provinceName,
        regencyCode: input.slice(2, 4),
        districtCode: input.slice(4, 6),
        birthDate: birth === 0 ? null : isoDate(birth),
        gender: gender === 0 ? null : gender === 1 ? 'M' : 'F',
        serial: input.slice(12, 16),
        sandbox: (low & 1) === 1,
      },
    };
  }

  /** checkPhone's answer that is not a valid number's, as nikRefusal is checkNik's. */
  function phoneRefusal(number, input) {
    if (number < 0) {
      const refusal = phoneRefusals.get(number);
      if (refusal === undefined) {
        return keptRefusal(phoneRefusals, number, phoneResult(glueCheckPhoneText(input)));
      }
      const result = refusalOf(refusal, input);
      result.phone = null;
      return result;
    }
    return phoneResult(number === 0 ? glueTakeAnswer() : glueCheckPhoneText(input));
  }

  /** checkPhone's answer, as nikAnswer is checkNik's (see phone_number in src/bindings.rs). */
  function phoneAnswer(input, options) {
    if (!plain(input, options)) {
      return phoneResult(glueCheckPhone(input, options));
    }
    const number = glueCheckPhoneNumber(input);
    if (!(number > 0)) {
      return phoneRefusal(number, input);
    }
    const operator = number % 64;
    const operatorName = operatorNames[operator];
    if (operatorName === undefined) {
      const checked = phoneResult(glueCheckPhoneText(input));
      operatorNames[operator] = checked.phone.operator;
      return checked;
    }
    const national = String((number - operator) / 64);
    const e164 = `+62${national}`;
    return {
      ok: true,
      value: e164,
      issues: [],
      phone: { e164, national: `0${national}`, international: `62${national}`, operator: operatorName },
    };
  }

  function checkNik(input, options) {
    return runCheck('checkNik', nikAnswer, input, options);
  }

  function checkPhone(input, options) {
    return runCheck('checkPhone', phoneAnswer, input, options);
  }

  function checkEmail(input) {
    return run('checkEmail', () => glueCheckEmail(input));
  }

  function checkName(input, options) {
    return run('checkName', () => glueCheckName(input, options));
  }

  function checkDate(input, format, options) {
    return run('checkDate', () => glueCheckDate(input, format, options));
  }

  function issueCodes() {
    return run('issueCodes', () => glueIssueCodes());
  }

  return { init, initSync, run, checkNik, checkPhone, checkEmail, checkName, checkDate, issueCodes };
}
