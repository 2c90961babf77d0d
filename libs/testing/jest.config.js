module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'testing',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
