/** Two projects: `unit` (npm test: everything without a browser) and `e2e` (npm run test:e2e). */
const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

module.exports = {
  // A safety net, not a measure: a loaded machine (CI beside other work) may take long to build a bot.
  testTimeout: 120_000,
  // One worker per core: the suites are CPU-bound (retriever training, servers) and independent.
  maxWorkers: '100%',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'] },
  ],
};
