/** Jest runs the TypeScript sources through ts-jest; type checking is done once by `tsc` in `npm test`. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/reporters/summary-line.js'],
};
