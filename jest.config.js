// Native ESM jest (node --experimental-vm-modules): NestJS 12 ships ES modules only.
// *.test.ts are unit tests; *.int.test.ts need the real Kafka broker and PostgreSQL; *.fast.test.ts
// run use cases in-process on a real PostgreSQL database (no service process, no Kafka), in milliseconds a test.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
];

const common = {
  setupFiles: ['<rootDir>/jest.setup.js'],
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@chairside/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  modulePathIgnorePatterns: ['<rootDir>/apps/.*/dist', '<rootDir>/libs/.*/dist'],
};

export default {
  // Integration tests start processes and wait on Kafka; unit tests finish in milliseconds anyway.
  testTimeout: 120_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/*/src/**/*.test.ts',
        '<rootDir>/apps/*/src/**/*.test.ts',
        '<rootDir>/test/configuration/**/*.test.ts',
      ],
      testPathIgnorePatterns: ['\\.int\\.test\\.ts$', '\\.fast\\.test\\.ts$'],
    },
    {
      ...common,
      displayName: 'fast',
      testMatch: ['<rootDir>/apps/*/src/**/*.fast.test.ts', '<rootDir>/apps/*/test/**/*.fast.test.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      globalSetup: '<rootDir>/infra/dev/jest-identity-setup.mjs',
      globalTeardown: '<rootDir>/infra/dev/jest-identity-teardown.mjs',
      testMatch: [
        '<rootDir>/libs/*/test/**/*.int.test.ts',
        '<rootDir>/apps/*/test/**/*.int.test.ts',
        '<rootDir>/test/**/*.int.test.ts',
      ],
    },
  ],
};
