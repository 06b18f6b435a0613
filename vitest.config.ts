import { defineConfig } from 'vitest/config'

// The project's own tests. Fixture projects under test/fixtures are run by the e2e tests in their own processes.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/fixtures/**', 'node_modules/**', '.e2e/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
