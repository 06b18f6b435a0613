module.exports = {
  testEnvironment: 'node',
  setupFilesAfterEnv: ['perf-sentinel/jest/setup'],
  reporters: ['default', 'perf-sentinel/jest/reporter'],
  // For `jest --watch` / `--watchAll`: Jest re-runs when a watched .json file changes, perf-sentinel's own included.
  watchPathIgnorePatterns: ['<rootDir>/perf-report/', '<rootDir>/.perf-sentinel/', '<rootDir>/perf-baseline.json'],
  // `jest --watch`: press b to record the perf baseline from the last run's tests.
  watchPlugins: ['perf-sentinel/jest/watch-plugin'],
}
