module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'deploy-k8s',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
