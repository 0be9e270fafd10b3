module.exports = {
  displayName: 'api-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  // The turn/ scripts are plain CommonJS with .d.ts beside them; run the scripts, not their typings.
  moduleNameMapper: { '^@webrtc-call/turn/(.*)$': '<rootDir>/../../turn/$1.cjs' },
  moduleFileExtensions: ['ts', 'js', 'cjs'],
  testTimeout: 20000,
  globalSetup: '<rootDir>/test/support/e2e-run.ts',
  globalTeardown: '<rootDir>/test/support/drop-e2e-databases.ts',
};
