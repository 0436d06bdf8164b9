// The npm package's shape, as an application sees it: package.json, the exports map,
// declarations that match the runtime exports and issue codes, the init guard, loading in
// Node, and the errors thrown for programmer mistakes.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { deflateSync } from 'node:zlib';
import { readdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

import * as nodeEntry from 'kyc-precheck';
import init, {
  checkDate,
  checkEmail,
  checkImage,
  checkName,
  checkNik,
  checkPhone,
  initSync,
  issueCodes,
} from 'kyc-precheck';

import { readIssueTable } from './issue-table.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkgDir = `${root}pkg/`;
const manifest = JSON.parse(readFileSync(`${pkgDir}package.json`, 'utf8'));
const issueTable = readIssueTable();

/** Runs an ES module snippet in a fresh Node process from the repository root. */
function runFresh(source) {
  return execFileSync(process.execPath, ['--input-type=module', '-e', source], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
}

/** The exports of a declarations file of pkg/, and its type checker, through the TypeScript compiler. */
function readDeclarations(name = 'index.d.ts') {
  const file = `${pkgDir}${name}`;
  const program = ts.createProgram([file], { strict: true, noEmit: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file));
  const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((symbol) => [symbol.name, symbol]));
  return { checker, exports, diagnostics };
}

describe('pkg/package.json', () => {
  test('is an ES module package without side effects, but for its worker', () => {
    assert.equal(manifest.name, 'kyc-precheck');
    assert.equal(manifest.type, 'module');
    assert.deepEqual(manifest.sideEffects, ['./worker.js']);
    assert.equal(manifest.main, './index.js');
    assert.equal(manifest.types, './index.d.ts');
  });

  test('has the version of Cargo.toml', () => {
    const cargo = readFileSync(`${root}Cargo.toml`, 'utf8');
    assert.equal(manifest.version, cargo.match(/^version\s*=\s*"([^"]+)"/m)[1]);
  });

  test('exports types first, then the Node entry, then the default entry', () => {
    const main = manifest.exports['.'];
    // Conditions are matched in order: "types" must come first for TypeScript to see it.
    assert.deepEqual(Object.keys(main), ['types', 'node', 'default']);
    assert.deepEqual(main, { types: './index.d.ts', node: './node.js', default: './index.js' });
    assert.deepEqual(manifest.exports['./fields'], {
      types: './fields.d.ts',
      node: './fields-node.js',
      default: './fields.js',
    });
    assert.equal(manifest.exports['./kyc_precheck_bg.wasm'], './kyc_precheck_bg.wasm');
    assert.equal(manifest.exports['./kyc_precheck_fields_bg.wasm'], './kyc_precheck_fields_bg.wasm');
    assert.equal(manifest.exports['./package.json'], './package.json');
  });

  test('lists exactly the files pkg/ holds', () => {
    const listed = [...manifest.files, 'package.json'].sort();
    const present = readdirSync(pkgDir, { recursive: true, withFileTypes: true })
      .filter((entry) => !entry.isDirectory())
      .map((entry) => relative(pkgDir, `${entry.parentPath}/${entry.name}`))
      .sort();
    assert.deepEqual(present, listed);
    // Only the hand-written declarations, each from npm/: no wasm-bindgen .d.ts (typed `any`).
    const sources = readdirSync(`${root}npm/`, { recursive: true });
    for (const file of present.filter((file) => file.endsWith('.d.ts'))) {
      assert.ok(sources.includes(file), `${file} in pkg/ is not from npm/`);
    }
  });

  test('resolves by name to the Node entry, and the wasm subpath to the module', () => {
    const resolved = runFresh(
      'console.log(import.meta.resolve("kyc-precheck")); console.log(import.meta.resolve("kyc-precheck/kyc_precheck_bg.wasm"));',
    ).split('\n');
    assert.match(resolved[0], /\/node\.js$/);
    assert.match(resolved[1], /\/kyc_precheck_bg\.wasm$/);
  });
});

describe('pkg/index.d.ts', () => {
  const { checker, exports, diagnostics } = readDeclarations();

  test('compiles under strict without errors', () => {
    assert.deepEqual(
      diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
      [],
    );
  });

  test('declares every runtime export of both entries, and nothing more', async () => {
    const browserEntry = await import(new URL('index.js', `file://${pkgDir}`).href);
    const declaredValues = [...exports.values()]
      .filter((symbol) => symbol.flags & ts.SymbolFlags.Value)
      .map((symbol) => symbol.name)
      .sort();
    assert.deepEqual(Object.keys(nodeEntry).sort(), declaredValues);
    assert.deepEqual(Object.keys(browserEntry).sort(), declaredValues);
  });

  test('documents every export, and every function with an @example', () => {
    for (const [name, symbol] of exports) {
      const documentation = ts.displayPartsToString(symbol.getDocumentationComment(checker));
      assert.ok(documentation.length > 20, `${name} has no documentation`);
      if (symbol.flags & ts.SymbolFlags.Function) {
        const tags = symbol.getJsDocTags(checker).map((tag) => tag.name);
        assert.ok(tags.includes('example'), `${name} has no @example`);
      }
    }
  });

  test('IssueCode, generated from src/issue.rs (tests/declarations.rs), lists the codes issueCodes() returns', async () => {
    await init();
    const type = checker.getDeclaredTypeOfSymbol(exports.get('IssueCode'));
    const declared = type.types.map((member) => member.value).sort();
    assert.deepEqual(declared, issueCodes().map((info) => info.code).sort());
  });
});

describe('kyc-precheck/fields', () => {
  const { checker, exports, diagnostics } = readDeclarations('fields.d.ts');
  const fieldFunctions = ['checkDate', 'checkEmail', 'checkName', 'checkNik', 'checkPhone', 'default', 'initSync', 'issueCodes'];

  test('fields.d.ts compiles under strict and declares every runtime export of both entries, and nothing more', async () => {
    assert.deepEqual(
      diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
      [],
    );
    const declared = [...exports.values()]
      .filter((symbol) => {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        return target.flags & ts.SymbolFlags.Value && !checker.getTypeOnlyAliasDeclaration(symbol);
      })
      .map((symbol) => symbol.name)
      .sort();
    const nodeFields = await import('kyc-precheck/fields');
    const browserFields = await import(new URL('fields.js', `file://${pkgDir}`).href);
    assert.deepEqual(declared, fieldFunctions);
    assert.deepEqual(Object.keys(nodeFields).sort(), fieldFunctions);
    assert.deepEqual(Object.keys(browserFields).sort(), fieldFunctions);
    // Its types are the main entry's, so a result of either entry has one type.
    assert.ok(exports.has('NikCheck') && exports.has('IssueCode'));
  });

  test('resolves to its Node entry in Node, and its module holds the field checks alone', async () => {
    assert.match(runFresh('console.log(import.meta.resolve("kyc-precheck/fields"))'), /\/fields-node\.js$/);
    const exported = (file) =>
      WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(`${pkgDir}${file}`))).map(({ name }) => name);
    const first = exported('kyc_precheck_fields_bg.wasm');
    const whole = exported('kyc_precheck_bg.wasm');
    for (const name of ['checkNik', 'checkNikText', 'checkPhone', 'checkEmail', 'checkName', 'checkDate', 'issueCodes']) {
      assert.ok(first.includes(name) && whole.includes(name), name);
    }
    for (const name of ['checkImage', 'fitImage', 'fitPixels', 'fitSize', 'buildRequest', 'readResponse', 'readCallback', 'rules']) {
      assert.ok(!first.includes(name), `the first module exports ${name}`);
      assert.ok(whole.includes(name), `the whole module lacks ${name}`);
    }
  });

  test('is an instance of its own: the main entry’s init() does not load it', () => {
    const output = runFresh(`
      import init, { checkNik } from "kyc-precheck";
      import initFields, { checkNik as checkNikFirst } from "kyc-precheck/fields";
      await init();
      const whole = checkNik("3171011501900001");
      let before;
      try { checkNikFirst("3171011501900001"); before = "no error"; } catch (error) { before = error.message; }
      await initFields();
      console.log(JSON.stringify([before, JSON.stringify(checkNikFirst("3171011501900001")) === JSON.stringify(whole)]));
    `);
    assert.deepEqual(JSON.parse(output), ['kyc-precheck: call await init() (or initSync) before checkNik', true]);
  });
});

describe('loading', () => {
  test('a check before init() throws a clear Error, from either entry', () => {
    for (const entry of ['kyc-precheck', './pkg/index.js']) {
      const message = runFresh(`
        import { checkNik } from ${JSON.stringify(entry)};
        try { checkNik("3171010101900001"); console.log("no error"); }
        catch (error) { console.log(error.constructor.name + ": " + error.message); }
      `);
      assert.equal(message, 'Error: kyc-precheck: call await init() (or initSync) before checkNik', entry);
    }
  });

  test('init() with no argument loads the module in Node, and again is a no-op', async () => {
    await init();
    await init();
    assert.equal(checkPhone('081234567890').value, '+6281234567890');
  });

  test('init(fileUrl) reads from disk in Node', () => {
    const output = runFresh(`
      import init, { checkEmail } from "kyc-precheck";
      await init(new URL(import.meta.resolve("kyc-precheck/kyc_precheck_bg.wasm")));
      console.log(checkEmail("a@b.co").ok);
    `);
    assert.equal(output, 'true');
  });

  test('initSync(bytes) and initSync(module) load the module synchronously', () => {
    for (const wrap of [
      'bytes',
      'new WebAssembly.Module(bytes)',
      'bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)',
    ]) {
      const output = runFresh(`
        import { readFileSync } from "node:fs";
        import { initSync, checkName } from "kyc-precheck";
        const bytes = readFileSync(new URL(import.meta.resolve("kyc-precheck/kyc_precheck_bg.wasm")));
        initSync(${wrap});
        console.log(checkName("Budi Santoso").value);
      `);
      assert.equal(output, 'Budi Santoso', wrap);
    }
  });

  test('the browser entry loads from bytes in Node too', () => {
    const output = runFresh(`
      import { readFile } from "node:fs/promises";
      import init, { checkDate } from "./pkg/index.js";
      await init(await readFile("pkg/kyc_precheck_bg.wasm"));
      console.log(checkDate("12-05-1990", "DD-MM-YYYY").value);
    `);
    assert.equal(output, '1990-05-12');
  });

  test('the browser entry instantiates a module compiled elsewhere (as the demo hands its worker)', () => {
    const output = runFresh(`
      import { readFile } from "node:fs/promises";
      import init, { checkDate } from "./pkg/index.js";
      const module = await WebAssembly.compile(await readFile("pkg/kyc_precheck_bg.wasm"));
      await init(module);
      console.log(checkDate("12-05-1990", "DD-MM-YYYY").value);
    `);
    assert.equal(output, '1990-05-12');
  });

  test('initSync with something other than bytes or a module throws a TypeError', () => {
    const output = runFresh(`
      import { initSync } from "kyc-precheck";
      try { initSync("kyc_precheck_bg.wasm"); console.log("no error"); }
      catch (error) { console.log(error.constructor.name + ": " + error.message); }
    `);
    assert.match(output, /^TypeError: kyc-precheck: initSync expects/);
  });
});

describe('programmer mistakes throw an Error that says what is wrong', () => {
  const cases = [
    ['checkNik(123)', () => checkNik(123), /checkNik: expected a string, got number/],
    ['checkNik(undefined)', () => checkNik(undefined), /checkNik: expected a string/],
    ['checkPhone(8123456789)', () => checkPhone(8123456789), /checkPhone: expected a string/],
    ['checkEmail(null)', () => checkEmail(null), /checkEmail: expected a string/],
    ['checkName({})', () => checkName({}), /checkName: expected a string/],
    ['an unknown option', () => checkPhone('0812', { allowFixdLine: true }), /checkPhone: .*allowFixdLine/],
    ['an option of the wrong type', () => checkPhone('0812', { allowFixedLine: 'yes' }), /checkPhone: invalid options/],
    ['options that are not an object', () => checkName('Budi', 'strict'), /checkName: options must be an object/],
    ['an unknown date format', () => checkDate('x', 'YYYYMMDD'), /checkDate: .*YYYYMMDD/],
    ['a malformed today', () => checkNik('3171010101900001', { today: '22-11-2026' }), /checkNik: .*YYYY-MM-DD/],
    ['an unknown mode', () => checkNik('3171010101900001', { mode: 'lenient' }), /checkNik: .*lenient/],
    ['an unknown gender', () => checkNik('3171010101900001', { gender: 'X' }), /checkNik: .*X/],
    ['a negative maxLength', () => checkName('Budi', { maxLength: -1 }), /checkName: invalid options/],
  ];
  for (const [name, call, message] of cases) {
    test(name, async () => {
      await init();
      assert.throws(call, (error) => {
        assert.ok(error instanceof Error, `threw ${error}`);
        assert.match(error.message, message);
        return true;
      });
    });
  }

  test('options may be undefined, null or {}; option values may be undefined', async () => {
    await init();
    for (const options of [undefined, null, {}, { today: undefined, birthDate: '' }]) {
      assert.equal(checkNik('3171010101900001', options).ok, true, JSON.stringify(options));
    }
  });
});

describe('results', () => {
  test('a NIK of province 96 stays a string, digit for digit', async () => {
    await init();
    // 9.6e15 is above Number.MAX_SAFE_INTEGER: as a number it would come back changed.
    const input = '9671014508900013';
    assert.ok(Number(input) > Number.MAX_SAFE_INTEGER);
    const checked = checkNik(input, { today: '2026-11-22' });
    assert.equal(checked.ok, true);
    assert.equal(typeof checked.value, 'string');
    assert.equal(checked.value, input);
    assert.equal(checked.nik.provinceCode, '96');
    assert.equal(checked.nik.provinceName, 'Papua Barat Daya');
    assert.equal(checked.nik.serial, '0013');
  });

  test('issueCodes() lists the table of src/issue.rs, in order, with complete templates', async () => {
    await init();
    const codes = issueCodes();
    assert.deepEqual(
      codes.map(({ code, severity, params }) => ({ code, severity, params })),
      issueTable.map(({ code, severity, params }) => ({ code, severity, params: Object.keys(params) })),
    );
    for (const info of codes) {
      for (const template of [info.en, info.id]) {
        // A template may leave out a parameter (the measured value, say), never use an
        // undeclared one: that would render as a literal {name}.
        for (const [, placeholder] of template.matchAll(/\{(\w+)\}/g)) {
          assert.ok(
            info.params.includes(placeholder),
            `${info.code}: {${placeholder}} is not a parameter: ${template}`,
          );
        }
      }
    }
  });

  test('results are fresh plain objects', async () => {
    await init();
    const first = checkPhone('081234567890');
    first.phone.e164 = 'changed';
    assert.equal(checkPhone('081234567890').phone.e164, '+6281234567890');
    assert.equal(Object.getPrototypeOf(first), Object.prototype);
  });
});

/** A valid RGB PNG of `width` × `height` mid-grey pixels, built here so no fixture is needed. */
function greyPng(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return c >>> 0;
  });
  const crc32 = (bytes) => {
    let c = 0xffffffff;
    for (const byte of bytes) {
      c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    }
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 128)]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('checkImage', () => {
  test('reads a PNG from a Uint8Array or an ArrayBuffer', async () => {
    await init();
    const png = new Uint8Array(greyPng(4, 3));
    for (const bytes of [png, png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength)]) {
      const checked = checkImage(bytes, { formats: ['png'] });
      assert.equal(checked.ok, true, JSON.stringify(checked.issues));
      assert.equal(checked.image.format, 'png');
      assert.equal(checked.image.bytes, png.byteLength);
      assert.deepEqual([checked.image.displayWidth, checked.image.displayHeight], [4, 3]);
    }
  });

  test('reports a photo below a pixel minimum, with its parameters', async () => {
    await init();
    const checked = checkImage(greyPng(4, 3), { minWidth: 480, minHeight: 640 });
    assert.equal(checked.ok, false);
    assert.deepEqual(
      checked.issues.map((issue) => [issue.code, issue.params]),
      [['image.dimensions_too_small', { width: 4, height: 3, minWidth: 480, minHeight: 640 }]],
    );
  });

  test('programmer mistakes throw', async () => {
    await init();
    assert.throws(() => checkImage('photo.jpg', {}), /checkImage: expected a Uint8Array or ArrayBuffer/);
    assert.throws(() => checkImage(new Uint8Array(0)), /checkImage: a rule is required/);
    assert.throws(() => checkImage(new Uint8Array(0), { provider: 'nobody', field: 'selfie' }), /unknown provider/);
  });
});

describe('package-lock.json', () => {
  test('resolves every package from the npm registry, with an integrity hash', () => {
    const lock = JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8'));
    assert.equal(lock.lockfileVersion, 3);
    const entries = Object.entries(lock.packages).filter(([path, entry]) => path !== '' && !entry.link);
    assert.ok(entries.length > 0);
    for (const [path, entry] of entries) {
      assert.match(
        entry.resolved ?? '',
        /^https:\/\/registry\.npmjs\.org\//,
        `${path}: resolved ${entry.resolved}; regenerate with npm install (the repository's .npmrc keeps resolved URLs)`,
      );
      assert.match(entry.integrity ?? '', /^sha512-/, `${path}: no sha512 integrity`);
    }
  });
});
