import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
// The budget of the first load's JavaScript (issue 19), in a module of its own so a test can hold it to its word.
import { initialJsBudget } from './initial-js-budget.js';

// The console's web app. No React plugin: Vite's own transformer (Oxc) compiles TSX with the
// automatic runtime; the plugin would only add Fast Refresh in development (docs/console.md).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  plugins: [initialJsBudget()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      // Mantine marks its modules "use client" (for React Server Components); meaningless in a browser bundle.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: {
    port: 42210,
    // `vite` in development: the back end (npm start's console on 3010) serves /api and /auth.
    proxy: { '/api': 'http://127.0.0.1:3010', '/auth': 'http://127.0.0.1:3010' },
  },
});
