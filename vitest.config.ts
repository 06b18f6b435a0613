import { defineConfig } from 'vitest/config'

// The project's own tests. Fixture projects under test/fixtures are run by the e2e tests in their own processes.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/fixtures/**', 'node_modules/**', '.e2e/**'],
    // One test file at a time: e2e tests time real fixture runs, and two at once on 2 cores would make each
    // other's timings (and the regression verdicts they assert) depend on scheduling.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
