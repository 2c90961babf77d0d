// Integration tests: real PostgreSQL, NATS and Temporal, against the built services (run `npm run build` first).
module.exports = {
  ...require('./jest.preset.js'),
  displayName: 'integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.integration-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/integration/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/integration/leftovers.ts'],
  testTimeout: 180_000,
  maxWorkers: 1,
};
