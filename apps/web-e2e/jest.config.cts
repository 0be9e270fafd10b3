module.exports = {
  displayName: 'web-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  // The turn/ scripts are plain CommonJS with .d.ts beside them; run the scripts, not their typings.
  moduleNameMapper: { '^@webrtc-call/turn/(.*)$': '<rootDir>/../../turn/$1.cjs' },
  moduleFileExtensions: ['ts', 'js', 'cjs'],
  testTimeout: 180000,
};
