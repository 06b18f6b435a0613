// Issue 9 (while there): an un-awaited async timing matcher that fails while its test still runs left the test ✓
// (Vitest: ✓ plus an "Unhandled Rejection"); one still running when an in-band Jest run ended crashed the process
// after the summary. Every forgotten `await` now fails its own test with a message that says so, a
// deliberately caught failure still passes, and the next tests are not blamed.
import { describe, expect, it } from 'vitest'
import type { FixtureProject, Toolchain } from './fixtureProject.js'
import { createFixtureProject, toolchainAvailable } from './fixtureProject.js'

interface TestOutcome {
  status: string
  message: string
}

const NOT_AWAITED = 'failed, but it was not awaited'
const STILL_RUNNING = 'still running when the test ended'

/** The expected outcome of each fixture test: 'passed', or a text its failure contains. */
const EXPECTED: Record<string, string> = {
  'forgets await, and the assertion fails while the test still runs': NOT_AWAITED,
  'awaits a failing assertion on purpose: passes': 'passed',
  'awaits a passing assertion: passes': 'passed',
  'forgets await, and the test ends first': STILL_RUNNING,
  'forgets await on toBlockEventLoop': `toBlockEventLoop assertion`,
  'a later test in the same file': 'passed',
  'the last test of a file forgets await': STILL_RUNNING,
}

function expectOutcomes(outcomes: Map<string, TestOutcome>, expected: Record<string, string>, output: string): void {
  for (const [title, want] of Object.entries(expected)) {
    const outcome = outcomes.get(title)
    if (want === 'passed') expect(outcome?.status, `${title}\n${outcome?.message}\n${output}`).toBe('passed')
    else {
      expect(outcome?.status, `${title}\n${output}`).toBe('failed')
      expect(outcome?.message, title).toContain(want)
      expect(outcome?.message, title).toContain('Add `await` before')
      if (want.startsWith('toBlockEventLoop')) {
        expect(outcome?.message, title).toContain(STILL_RUNNING)
        expect(outcome?.message, title).toContain('Add `await` before expect(…).toBlockEventLoop(…).')
      }
    }
  }
}

/** Each test's status and failure message from `results.json`, the shape Vitest's and Jest's JSON reporters share. */
function readOutcomes(project: FixtureProject): Map<string, { status: string; message: string }> {
  const results = project.readJson<{
    testResults: Array<{ assertionResults: Array<{ title: string; status: string; failureMessages: string[] }> }>
  }>('results.json')
  return new Map(
    results.testResults.flatMap((file) =>
      file.assertionResults.map((a) => [a.title, { status: a.status, message: a.failureMessages.join('\n') }] as const),
    ),
  )
}

async function checkVitest(toolchain: Toolchain): Promise<void> {
  const project = createFixtureProject('gate-unawaited-vitest', { toolchain })
  const run = await project.vitest(['run', '--reporter=default', '--reporter=json', '--outputFile.json=results.json', '--reporter=perf'])
  expect(run.exitCode).not.toBe(0)
  const outcomes = readOutcomes(project)
  expectOutcomes(outcomes, EXPECTED, run.output)
  // Only the failure that raced its own test is also an unhandled rejection; the abandoned ones are not rejected again.
  expect(run.output.match(/Unhandled Rejection/g)?.length ?? 0, run.output).toBeLessThanOrEqual(1)
  expect(project.exists('perf-report/report.json')).toBe(true)
}

describe('a forgotten await on an async timing matcher', () => {
  it('Vitest 4: fails the test that forgot it, with a message that says so', () => checkVitest('main'))

  it.skipIf(!toolchainAvailable('vitest3') && !process.env.CI)('Vitest 3.2: the same', () => checkVitest('vitest3'))

  it.skipIf(!toolchainAvailable('vitest5') && !process.env.CI)('Vitest 5: the same', () => checkVitest('vitest5'))

  it('Jest in band: fails the test that forgot it, blames no later test, and the run still reports', async () => {
    const project = createFixtureProject('gate-unawaited-jest')
    const run = await project.jest(['--runInBand', '--json', '--outputFile=results.json'])
    expect(run.exitCode).not.toBe(0)
    const outcomes = readOutcomes(project)
    // Jest attributes a rejection nobody handled to the running test itself: its own message names the assertion.
    const { 'forgets await, and the assertion fails while the test still runs': early, ...rest } = EXPECTED
    expectOutcomes(outcomes, rest, run.output)
    const racing = outcomes.get('forgets await, and the assertion fails while the test still runs')
    expect(racing?.status).toBe('failed')
    expect(racing?.message).toContain('toCompleteWithin(0.001)')
    expect(early).toBe(NOT_AWAITED)
    expect(project.exists('perf-report/report.json'), run.output).toBe(true)

    // The forgotten assertion outlives the whole run: it used to fail after Jest had finished, crashing the process
    // (Node's "unhandled rejection" exit, printed after the summary).
    const alone = await project.jest(['--runInBand', 'test/last.test.js'])
    expect(alone.output).toContain(STILL_RUNNING)
    expect(alone.output).toContain('Tests:       1 failed, 1 total')
    expect(alone.output).not.toMatch(/^Node\.js v\d+/m)
    expect(alone.output).not.toContain('JestAssertionError')
  })
})
