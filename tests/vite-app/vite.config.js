// Production build of the test app, as close to Vite's defaults as a sub-folder allows.
// `vite build` builds index.html (the whole package, the fields entry and the shell) into
// dist/; `vite build --mode fields` builds fields.html alone (kyc-precheck/fields and
// nothing else) into dist/fields/, so that what that entry pulls in is all its build emits.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => ({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative URLs, so the build works when served from /tests/vite-app/dist/.
  base: './',
  logLevel: 'warn',
  build: {
    outDir: mode === 'fields' ? 'dist/fields' : 'dist',
    emptyOutDir: true,
    // Top-level await in main.js: every browser Vite 8 targets by default has it.
    target: 'es2022',
    ...(mode === 'fields' && {
      rollupOptions: { input: fileURLToPath(new URL('fields.html', import.meta.url)) },
    }),
  },
}));
