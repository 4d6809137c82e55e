import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { initialJsBytes, type BudgetBundle } from '../web/initial-js-budget.js';
import consoleConfig from '../web/vite.config.js';

// The budget plugin is what keeps "initial JavaScript ≤ 300 KB gzipped" true on every build (npm test
// builds the console first). These hold it to its word: it counts what a first visit loads, and it
// fails a real Vite build that is over the budget it is given.

describe('the initial JavaScript budget', () => {
  it('counts the entries and what they import statically, not the screens loaded on demand', () => {
    const code = (n: number) => randomBytes(n).toString('hex'); // incompressible, so sizes are far apart
    const chunk = (fileName: string, body: string, isEntry: boolean, imports: string[] = []) => ({
      type: 'chunk' as const,
      fileName,
      code: body,
      isEntry,
      imports,
    });
    const entry = code(1_000);
    const shared = code(2_000);
    const screen = code(8_000);
    const bundle: BudgetBundle = {
      'index.js': chunk('index.js', entry, true, ['shared.js']),
      'shared.js': chunk('shared.js', shared, false),
      'reports.js': chunk('reports.js', screen, false, ['shared.js']),
      'style.css': { type: 'asset' },
    };
    expect(initialJsBytes(bundle)).toBe(gzipSync(entry).length + gzipSync(shared).length);
  });

  it("is in the console's own build, at 300 KB", () => {
    const plugins = (consoleConfig.plugins ?? []).flat() as Array<{ name?: string; generateBundle?: unknown }>;
    const budget = plugins.find((p) => p?.name === 'chairside-initial-js-budget');
    expect(budget).toBeDefined();
    // Its budget, read from what it does: a first load over 300 KB gzipped fails, one under passes.
    const over = randomBytes(330 * 1024).toString('base64');
    const under = randomBytes(250 * 1024).toString('base64');
    expect(gzipSync(over).length).toBeGreaterThan(300 * 1024);
    expect(gzipSync(under).length).toBeLessThan(300 * 1024);
    const run = (code: string) => {
      const said: string[] = [];
      const context = {
        error: (line: string) => {
          throw new Error(line);
        },
        warn: (line: string) => said.push(line),
      };
      const bundle = { 'index.js': { type: 'chunk', fileName: 'index.js', code, isEntry: true, imports: [] } };
      (budget!.generateBundle as (this: typeof context, options: unknown, bundle: unknown) => void).call(context, {}, bundle);
      return said;
    };
    expect(() => run(over)).toThrow(/budget 300 KB/);
    expect(run(under)).toEqual([expect.stringMatching(/budget 300 KB/)]);
  });

  describe('in a real Vite build', () => {
    let root: string;
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'chairside-budget-'));
      // About 8 KB gzipped that the minifier cannot drop: a string the entry logs.
      writeFileSync(join(root, 'main.js'), `console.log(${JSON.stringify(randomBytes(6_000).toString('base64'))});\n`);
      writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="/main.js"></script>\n');
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    // Vite's bundler is native (Rolldown's bindings), and its objects do not cross jest's module
    // realms, so the build runs as the real command does, in a process of its own, with a config
    // that loads the plugin from its source as vite.config.ts does.
    const plugin = fileURLToPath(new URL('../web/initial-js-budget.ts', import.meta.url));
    const vite = fileURLToPath(new URL('../../../node_modules/vite/bin/vite.js', import.meta.url));
    const buildWith = (budgetBytes: number) => {
      const config = join(root, `vite.config.${budgetBytes}.mjs`);
      writeFileSync(
        config,
        `import { initialJsBudget } from ${JSON.stringify(plugin)};\n` +
          `export default { root: ${JSON.stringify(root)}, plugins: [initialJsBudget(${budgetBytes})], build: { outDir: ${JSON.stringify(join(root, `dist-${budgetBytes}`))} } };\n`,
      );
      const run = spawnSync(process.execPath, [vite, 'build', '--config', config, '--logLevel', 'warn'], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
      });
      return { status: run.status, output: `${run.stdout}${run.stderr}` };
    };

    it('fails when the first load is over the budget, naming the size and the budget', () => {
      const over = buildWith(1024);
      expect(over.status).not.toBe(0);
      expect(over.output).toMatch(/initial JavaScript \d+\.\d KB gzipped \(budget 1 KB\)/);
    });

    it('passes when it is within, and says the size', () => {
      const within = buildWith(300 * 1024);
      expect(within.output).toMatch(/initial JavaScript \d+\.\d KB gzipped \(budget 300 KB\)/);
      expect(within.status).toBe(0);
    });
  });
});
