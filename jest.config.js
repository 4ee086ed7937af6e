/** Two projects: `unit` (npm test: everything without a browser) and `e2e` (npm run test:e2e). */
const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

module.exports = {
  // A safety net, not a measure: on a heavily loaded machine `npm start` (a tsc build) alone took
  // over 120 s, so a process test that waits for it needs more.
  testTimeout: 300_000,
  // One worker per core: the suites are CPU-bound (retriever training, servers) and independent.
  maxWorkers: '100%',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'] },
  ],
};
