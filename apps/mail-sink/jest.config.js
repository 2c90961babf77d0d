module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'mail-sink',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
