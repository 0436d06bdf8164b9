// The demo's modules (www/demo/) import only the ones below them, so that data flows one
// way: texts, state, providers, loading, render, checks, photos, sending; www/demo.js
// wires them all and nothing imports it. Read from the sources' import statements.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const demo = new URL('../../www/demo/', import.meta.url);
const LAYERS = ['texts', 'state', 'providers', 'loading', 'render', 'checks', 'photos', 'sending'];

/** The relative modules a source imports statically, as paths the import names. */
function importsOf(source) {
  return [...source.matchAll(/^import\s[^;]*?from\s+'(\.[^']+)';/gms)].map((match) => match[1]);
}

test('every module of www/demo/ has its place in the layers', () => {
  const modules = readdirSync(demo).filter((file) => file.endsWith('.js'));
  assert.deepEqual(modules.map((file) => file.replace(/\.js$/, '')).sort(), [...LAYERS].sort());
});

test('a module of www/demo/ imports only the layers below it, never www/demo.js', () => {
  for (const [level, name] of LAYERS.entries()) {
    const imports = importsOf(readFileSync(new URL(`${name}.js`, demo), 'utf8'));
    for (const path of imports) {
      const target = path.match(/^\.\/(\w+)\.js$/)?.[1];
      assert.ok(target !== undefined, `demo/${name}.js imports ${path}, outside demo/`);
      assert.ok(LAYERS.indexOf(target) !== -1 && LAYERS.indexOf(target) < level, `demo/${name}.js imports ${path}`);
    }
  }
});

test('www/demo.js imports the layers it wires, and the parts import each other', () => {
  const imports = importsOf(readFileSync(new URL('../demo.js', demo), 'utf8'));
  assert.ok(imports.length > 0 && imports.every((path) => /^\.\/demo\/\w+\.js$/.test(path)), imports.join(', '));
  assert.ok(importsOf(readFileSync(new URL('sending.js', demo), 'utf8')).includes('./render.js'));
});
