module.exports = {
  testEnvironment: 'node',
  setupFilesAfterEnv: ['perf-sentinel/jest/setup'],
  reporters: ['default', 'perf-sentinel/jest/reporter'],
}
