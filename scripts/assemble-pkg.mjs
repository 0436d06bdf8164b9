// Turns wasm-bindgen's output in pkg/ into the npm package: writes package.json, copies
// npm/ (the hand-written entry points, the shell, the worker and their types; nested
// folders included) and removes what wasm-bindgen emits that is not shipped (its
// generated .d.ts files, typed with `any`).
//
// Run by scripts/build.sh after wasm-bindgen and wasm-opt; fails loudly if pkg/ does not
// hold exactly the files the package lists.
//
// One file is bundled: `fields.js`, the entry a form loads before the user touches a field,
// is written as one module holding field-checks.js and the field checks' glue, so that a
// page importing it without a bundler waits for one script and its wasm, not a chain of
// three scripts (measured on the demo over Slow 3G, where each round of requests costs 2 s
// on HTTP/1.1's six connections: tests/e2e/loading.mjs). Rolldown (Vite's own bundler) does
// it; it leaves `new URL('./kyc_precheck_fields_bg.wasm', import.meta.url)` as it is, so an
// application's bundler still finds the module. Everything else ships as written.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { rolldown } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = `${root}pkg/`;
const sources = `${root}npm/`;

function fail(message) {
  console.error(`assemble-pkg: ${message}`);
  process.exit(1);
}

/** The value of `key = "..."` in the [package] table of Cargo.toml. */
function cargoPackageField(key) {
  const toml = readFileSync(`${root}Cargo.toml`, 'utf8');
  const table = toml.split(/^\[/m).find((section) => section.startsWith('package]'));
  const match = table?.match(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm'));
  if (!match) {
    fail(`no ${key} in the [package] table of Cargo.toml`);
  }
  return match[1];
}

// The two modules scripts/build.sh makes: the whole one with its glue, and the field checks'
// own, whose glue is bundled into fields.js (below) and not shipped on its own.
const generated = ['kyc_precheck.js', 'kyc_precheck_bg.wasm', 'kyc_precheck_fields.js', 'kyc_precheck_fields_bg.wasm'];
const bundledGlue = 'kyc_precheck_fields.js';

/** Every file below `dir`, as paths relative to it with `/` separators, sorted. */
function filesBelow(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `${entry.parentPath}/${entry.name}`.slice(dir.length).replace(/^\/+/, ''))
    .sort();
}

// Everything in npm/ ships: nothing there is generated, and nothing else is hand-written.
const handWritten = filesBelow(sources);
const files = [...handWritten, ...generated.filter((file) => file !== bundledGlue)];

for (const file of generated) {
  if (!existsSync(pkg + file)) {
    fail(`pkg/${file} is missing: run scripts/build.sh, which runs wasm-bindgen first`);
  }
}

// wasm-bindgen's own declarations type every argument and result as `any`; index.d.ts
// replaces them. The glue's Deno hint would point at the removed file.
for (const file of readdirSync(pkg)) {
  if (file.endsWith('.d.ts') || file === '.gitignore' || file === 'package.json') {
    rmSync(pkg + file);
  }
}
for (const glue of generated.filter((file) => file.endsWith('.js'))) {
  const glueSource = readFileSync(pkg + glue, 'utf8');
  writeFileSync(pkg + glue, glueSource.replace(/^\/\* @ts-self-types="[^"]*" \*\/\n/m, ''));
}

for (const file of handWritten) {
  mkdirSync(dirname(pkg + file), { recursive: true });
  copyFileSync(sources + file, pkg + file);
}

// fields.js with what it imports, in one module; field-checks.js stays for index.js.
const bundle = await rolldown({ input: `${pkg}fields.js`, logLevel: 'warn', onLog: (level, log) => fail(`rolldown: ${log.message}`) });
const { output } = await bundle.generate({ format: 'esm' });
await bundle.close();
// Rolldown's own runtime module (ids starting with NUL) aside, exactly these three files.
const bundled = output.flatMap((file) => file.moduleIds ?? [file.fileName]).filter((id) => !id.startsWith('\0'));
const meant = ['fields.js', 'field-checks.js', bundledGlue].map((file) => pkg + file);
if (output.length !== 1 || JSON.stringify(bundled.sort()) !== JSON.stringify(meant.sort())) {
  fail(`bundling fields.js gave ${output.map((file) => file.fileName)} of ${bundled.join(', ')}; expected one chunk of ${meant.join(', ')}`);
}
writeFileSync(`${pkg}fields.js`, output[0].code);
rmSync(pkg + bundledGlue);

const manifest = {
  name: 'kyc-precheck',
  version: cargoPackageField('version'),
  description: cargoPackageField('description'),
  license: cargoPackageField('license'),
  keywords: ['kyc', 'indonesia', 'nik', 'ktp', 'phone', 'validation', 'webassembly'],
  type: 'module',
  // Importing the package runs nothing: the module is loaded by init(). The worker is the
  // exception: importing it installs its message handler, so a bundler must keep
  // `import "kyc-precheck/worker.js"` even though it binds nothing.
  sideEffects: ['./worker.js'],
  main: './index.js',
  types: './index.d.ts',
  exports: {
    '.': {
      types: './index.d.ts',
      node: './node.js',
      default: './index.js',
    },
    // The field checks over a module of their own, a fraction of the whole one's bytes:
    // what a form loads first (see fields.js).
    './fields': {
      types: './fields.d.ts',
      node: './fields-node.js',
      default: './fields.js',
    },
    // submit(), createWorker() and schema(), for browsers and Node alike.
    './shell': {
      types: './shell.d.ts',
      default: './shell.js',
    },
    // The module worker createWorker() starts, for applications that start it themselves.
    './worker.js': './worker.js',
    // For bundlers and servers that serve the module themselves and pass its URL to init().
    './kyc_precheck_bg.wasm': './kyc_precheck_bg.wasm',
    './kyc_precheck_fields_bg.wasm': './kyc_precheck_fields_bg.wasm',
    './package.json': './package.json',
  },
  files,
};
writeFileSync(`${pkg}package.json`, `${JSON.stringify(manifest, null, 2)}\n`);

// pkg/ must hold exactly what the package lists, so that what the tests exercise is what
// `npm publish` would ship.
const present = filesBelow(pkg);
const expected = [...files, 'package.json'].sort();
if (JSON.stringify(present) !== JSON.stringify(expected)) {
  fail(`pkg/ holds ${present.join(', ')}; expected ${expected.join(', ')}`);
}
console.log(`assembled pkg/ (kyc-precheck ${manifest.version}): ${expected.join(', ')}`);
