import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'docs/**',
      '.data/**',
      '.turbo/**',
      'coverage/**',
      'apps/console/web/src/api/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Nest reads constructor parameter types at run time (emitDecoratorMetadata): an injected
    // class must stay a value import, which this rule would turn into `import type`.
    files: ['apps/**/*.ts', 'libs/platform/**/*.ts', 'libs/messaging/**/*.ts', 'libs/runtime/**/*.ts', 'libs/audit/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // Configuration is read once, at boot, through the service's zod schema (docs/architecture.md):
    // only config code reads the environment; tests and their setup (libs/testing) set it.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/config/**', '**/*.config.ts', '**/*.test.ts', '**/test/**', 'libs/testing/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: "Read settings from the service's configuration schema (src/config/*.config.ts), injected as SERVICE_CONFIG.",
        },
      ],
    },
  },
  {
    // The console's web app runs in the browser; its build config (Vite) in Node.
    files: ['apps/console/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.test.ts', 'libs/testing/**/*.ts', 'test/**/*.ts', 'apps/*/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
