// The provider vectors (tests/providers/<provider>.json) through the npm package, with the
// same expectations as the Rust harness (tests/providers.rs). No node: imports: the
// browser run shares this module, so a provider cannot behave differently in Chromium.
//
// `load` is `{ bytes(path) -> Promise<Uint8Array>, text(path) -> Promise<string> }` for
// repo-relative paths, so that Node reads files and the browser fetches them.

export const PROVIDER_IDS = ['kredibel', 'td', 'widekyc', 'quantum-elixir', 'oy'];

/** Names of the credentials the providers document; no built request may carry one. */
export const CREDENTIALS = [
  'partner_code',
  'partner_key',
  'token',
  'x-api-key',
  'x-oy-username',
  'authorization',
  'api-key',
  'apikey',
];

const IMAGE_FIELDS = ['selfie', 'idCard', 'photo'];

function base64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

async function substitute(value, load) {
  if (typeof value === 'string' && value.startsWith('base64:')) {
    return base64(await load.bytes(value.slice('base64:'.length)));
  }
  if (Array.isArray(value)) {
    return Promise.all(value.map((item) => substitute(item, load)));
  }
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = await substitute(item, load);
    }
    return out;
  }
  return value;
}

// Key order does not matter in JSON objects; everything else must be equal.
function sameJson(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
  }
  return a === b;
}

/** The credential names a built request carries: none, or a failure. */
export function credentialFailures(request) {
  if (!request) {
    return [];
  }
  const failures = [];
  for (const name of [...Object.keys(request.query), ...Object.keys(request.headers)]) {
    if (CREDENTIALS.includes(name.toLowerCase())) {
      failures.push(`the request carries the credential ${name}`);
    }
  }
  const body = request.body.toLowerCase();
  for (const name of CREDENTIALS) {
    if (body.includes(`"${name}"`)) {
      failures.push(`the body carries the credential ${name}`);
    }
  }
  return failures;
}

/** Runs one build row; returns its failures. */
export async function buildFailures(api, file, row, load) {
  const input = { ...row.input };
  for (const name of IMAGE_FIELDS) {
    if (typeof input[name] === 'string') {
      input[name] = await load.bytes(input[name]);
    }
  }
  const options = { today: file.today, ...row.options };
  if (typeof options.publicKey === 'string' && options.publicKey.startsWith('file:')) {
    options.publicKey = await load.text(options.publicKey.slice('file:'.length));
  }
  const built = await api.buildRequest(file.provider, row.endpoint, input, options);
  const failures = credentialFailures(built.request);
  const fail = (what, expected, got) =>
    failures.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
  if (built.ok !== row.ok) fail('ok', row.ok, built.ok);
  const codes = built.issues.map((issue) => issue.code);
  if (!sameJson(codes, row.codes)) fail('codes', row.codes, codes);
  if (row.paths && !sameJson(built.issues.map((issue) => issue.path), row.paths)) {
    fail('paths', row.paths, built.issues.map((issue) => issue.path));
  }
  if (row.request === null) {
    if (built.request !== null) fail('no request', null, 'a request');
    return failures;
  }
  if (built.request === null) {
    fail('a request', row.request, null);
    return failures;
  }
  for (const key of ['method', 'path', 'query', 'headers', 'sandbox']) {
    if (key in row.request && !sameJson(row.request[key], built.request[key])) {
      fail(key, row.request[key], built.request[key]);
    }
  }
  const body = JSON.parse(built.request.body);
  if (row.request.body === 'encrypted') {
    const values = Object.values(body);
    if (values.length === 0 || !values.every((v) => typeof v === 'string' && /^[A-Za-z0-9+/]+=*$/.test(v))) {
      fail('an encrypted body of base64 strings', 'encrypted', body);
    }
    if (row.request.bodyKeys && !sameJson([...row.request.bodyKeys].sort(), Object.keys(body).sort())) {
      fail('body keys', row.request.bodyKeys, Object.keys(body));
    }
  } else {
    const want = await substitute(row.request.body, load);
    if (!sameJson(want, body)) fail('body', want, body);
  }
  if (row.request.bodyText !== undefined && row.request.bodyText !== built.request.body) {
    fail('body text', row.request.bodyText, built.request.body);
  }
  return failures;
}

/** Runs one read row; returns its failures. */
export function readFailures(api, file, row) {
  const body = typeof row.body === 'string' ? row.body : JSON.stringify(row.body);
  const reading = row.callback
    ? api.readCallback(file.provider, body)
    : api.readResponse(
        file.provider,
        row.endpoint,
        row.status,
        body,
        row.retryAfter === undefined ? undefined : { 'Retry-After': row.retryAfter },
        row.sent === undefined ? undefined : { fields: row.sent },
        row.readOptions,
      );
  const failures = [];
  for (const key of ['outcome', 'retryable', 'charged', 'providerCode', 'retryAfterSeconds']) {
    if (key in row.expect && !sameJson(row.expect[key], reading[key])) {
      failures.push(`${key}: expected ${JSON.stringify(row.expect[key])}, got ${JSON.stringify(reading[key])}`);
    }
  }
  const got = reading.issues.map((issue) => ({ code: issue.code, path: issue.path, severity: issue.severity }));
  const want = (row.expect.issues ?? []).map((issue) => ({
    code: issue.code,
    path: issue.path ?? [],
    severity: issue.severity ?? 'error',
  }));
  if (!sameJson(want, got)) {
    failures.push(`issues: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
  if ('data' in row.expect && !sameJson(row.expect.data, reading.data)) {
    failures.push(`data: expected ${JSON.stringify(row.expect.data)}, got ${JSON.stringify(reading.data)}`);
  }
  for (const issue of reading.issues) {
    if (!issue.message.en || !issue.message.id || issue.message.en.includes('{') || issue.message.id.includes('{')) {
      failures.push(`${issue.code}: an incomplete message ${JSON.stringify(issue.message)}`);
    }
  }
  return failures;
}

/** A readable name for a row. */
export function rowName(provider, section, index, row) {
  return `${provider} ${section}[${index}] ${row.endpoint ?? ''}: ${row.note ?? ''}`;
}
