import { defineConfig } from 'vitest/config'

// The project's own tests. Fixture projects under test/fixtures are run by the e2e tests in their own processes.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/fixtures/**', 'node_modules/**', '.e2e/**'],
    // A temp folder per run under TMPDIR, removed at its end (what the tests leave in temp: ~500 MB a run).
    globalSetup: ['test/globalSetup.ts'],
    // One test file at a time: e2e tests time real fixture runs, and two at once on 2 cores would make each
    // other's timings (and the regression verdicts they assert) depend on scheduling.
    fileParallelism: false,
    // E2e tests run several real runner processes each; on a loaded 2-core CI machine one test took up to ~100 s.
    // A fixture process is killed after 240 s (test/e2e/fixtureProject.ts), so a timed-out test leaves none behind.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
})
