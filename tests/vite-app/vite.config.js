// Production build of the test app, as close to Vite's defaults as a sub-folder allows.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative URLs, so the build works when served from /tests/vite-app/dist/.
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Top-level await in main.js: every browser Vite 8 targets by default has it.
    target: 'es2022',
  },
});
