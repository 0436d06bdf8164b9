// Production build of the benchmark page. bench/run.mjs builds it into a temporary folder
// (--outDir) and serves it as /bench/ with scripts/serve.mjs, under the demo's CSP.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/bench/',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Top-level await in main.js.
    target: 'es2022',
  },
});
