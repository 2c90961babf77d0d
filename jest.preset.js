// Shared jest settings: TypeScript through SWC (fast on two cores), workspace aliases to sources.
const path = require('node:path');
const swcrc = JSON.parse(require('node:fs').readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@sme/([a-z-]+)$': path.join(__dirname, 'libs/$1/src/index.ts'),
    '^@sme/([a-z-]+)/([a-z.-]+)$': path.join(__dirname, 'libs/$1/src/$2.ts'),
  },
};
