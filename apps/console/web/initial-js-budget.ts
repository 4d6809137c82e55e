import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** The budget: the JavaScript a first visit loads, gzipped (KB = 1,024 bytes, gzip level 6). */
export const INITIAL_JS_BUDGET_BYTES = 300 * 1024;

/** The chunks Rollup/Rolldown hands to `generateBundle`, as far as the budget reads them. */
export type BudgetBundle = Record<
  string,
  { type: 'chunk'; fileName: string; code: string; isEntry: boolean; imports: string[] } | { type: 'asset' }
>;

/** Gzipped bytes of what a first visit loads: every entry chunk and what it imports statically (dynamic imports wait for their screen). */
export function initialJsBytes(bundle: BudgetBundle): number {
  const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const initial = new Set<string>();
  const visit = (name: string) => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const imported of byName.get(name)?.imports ?? []) visit(imported);
  };
  for (const c of chunks) if (c.isEntry) visit(c.fileName);
  return [...initial].reduce((sum, name) => sum + gzipSync(byName.get(name)?.code ?? '').length, 0);
}

/** Fails the build when the JavaScript of the first load is over budget, and says the size either way. */
export function initialJsBudget(budgetBytes = INITIAL_JS_BUDGET_BYTES): Plugin {
  return {
    name: 'chairside-initial-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const bytes = initialJsBytes(bundle as unknown as BudgetBundle);
      const line = `initial JavaScript ${(bytes / 1024).toFixed(1)} KB gzipped (budget ${(budgetBytes / 1024).toFixed(0)} KB)`;
      if (bytes > budgetBytes) this.error(line);
      // A warning, not info: the build runs with --logLevel warn, and the size belongs in every build's output.
      this.warn(line);
    },
  };
}
