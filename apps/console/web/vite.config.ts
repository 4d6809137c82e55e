import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/** The budget: the JavaScript a first visit loads, gzipped. */
const INITIAL_JS_BUDGET_BYTES = 300 * 1024;

/** Fails the build when the JavaScript of the first load (the entry and what it imports statically) is over budget. */
function initialJsBudget(): Plugin {
  return {
    name: 'chairside-initial-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const initial = new Set<string>();
      const visit = (name: string) => {
        if (initial.has(name)) return;
        initial.add(name);
        for (const imported of byName.get(name)?.imports ?? []) visit(imported);
      };
      for (const c of chunks) if (c.isEntry) visit(c.fileName);
      const bytes = [...initial].reduce((sum, name) => sum + gzipSync(byName.get(name)?.code ?? '').length, 0);
      const line = `initial JavaScript ${(bytes / 1024).toFixed(1)} KB gzipped (budget ${INITIAL_JS_BUDGET_BYTES / 1024} KB)`;
      if (bytes > INITIAL_JS_BUDGET_BYTES) this.error(line);
      this.info(line);
    },
  };
}

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
