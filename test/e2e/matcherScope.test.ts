// Issue 11: Jest builds every registered matcher into each expect() call, so the setup file registers the perf
// matchers only in test files that name one (or perf-sentinel), themselves or in a module they import — by a relative
// path or a moduleNameMapper alias — within two levels. A test that calls one through a module reached otherwise (here
// three imports away) gets Jest's "is not a function" and the reporter's line saying why and what to set;
// `jestMatchers: 'always'` (option or variable) registers them in every file, in band and in Jest's worker processes.
import { describe, expect, it } from 'vitest'
import { createFixtureProject } from './fixtureProject.js'

interface JestJson {
  testResults: Array<{ name: string; assertionResults: Array<{ title: string; status: string; failureMessages: string[] }> }>
}

/** Status and failure text of each test, by title. */
function outcomes(results: JestJson): Map<string, { status: string; message: string }> {
  return new Map(
    results.testResults.flatMap((file) =>
      file.assertionResults.map((a) => [a.title, { status: a.status, message: a.failureMessages.join('\n') }] as const),
    ),
  )
}

const HINT = 'perf-sentinel: test/deep.test.js called `toCompleteWithin` from a module it imports'

describe('Jest: where the perf matchers are registered (jestMatchers)', () => {
  it("'auto': in files that name them or import a helper that does, not elsewhere; a deeper call fails with the fix", async () => {
    const project = createFixtureProject('jest-matcher-scope')
    // Two workers: each worker's scan keeps what it read for its later files.
    const run = await project.jest(['--maxWorkers=2', '--json', '--outputFile=results.json'])
    expect(run.exitCode, run.output).not.toBe(0)
    const byTitle = outcomes(project.readJson<JestJson>('results.json'))
    expect(byTitle.get('names the matcher itself')?.status, run.output).toBe('passed')
    expect(byTitle.get('has no perf matcher registered')?.status, run.output).toBe('passed')
    expect(byTitle.get('asserts through a helper module')?.status, run.output).toBe('passed')
    expect(byTitle.get('asserts through a helper two imports away')?.status, run.output).toBe('passed')
    expect(byTitle.get('asserts through an aliased helper')?.status, run.output).toBe('passed')
    const deep = byTitle.get('asserts through a helper three imports away')
    expect(deep?.status).toBe('failed')
    expect(deep?.message).toContain('expect(...).toCompleteWithin is not a function')
    expect(run.stderr).toContain(HINT)
    expect(run.stderr).toContain("jestMatchers: 'always'")
    expect(run.stderr.split(HINT).length - 1, 'the hint is printed once').toBe(1)
    // The named file's measurement is reported as usual.
    const report = project.readJson<{ measurements: Array<{ file: string; kind: string }> }>('perf-report/report.json')
    expect(report.measurements.some((m) => m.file === 'test/named.test.js' && m.kind !== 'test-duration')).toBe(true)
  })

  it("'always' as the variable, in band: the deep helper's call works", async () => {
    const project = createFixtureProject('jest-matcher-scope')
    const run = await project.jest(['--runInBand', 'test/deep.test.js', 'test/named.test.js'], {
      PERF_SENTINEL_JEST_MATCHERS: 'always',
    })
    expect(run.exitCode, run.output).toBe(0)
    expect(run.output).toContain('Tests:       2 passed, 2 total')
    expect(run.stderr).not.toContain('is not a function')
  })

  it("'always' as the reporter option reaches Jest's worker processes", async () => {
    const project = createFixtureProject('jest-matcher-scope')
    const run = await project.jest(['--config=jest.always.config.js', '--maxWorkers=2', 'test/deep.test.js', 'test/named.test.js'])
    expect(run.exitCode, run.output).toBe(0)
    expect(run.output).toContain('Tests:       2 passed, 2 total')
  })

  it('a value it does not accept stops the run at start-up, naming the variable, the value and what is accepted', async () => {
    const project = createFixtureProject('jest-matcher-scope')
    const run = await project.jest(['--runInBand', 'test/plain.test.js'], { PERF_SENTINEL_JEST_MATCHERS: 'sometimes' })
    expect(run.exitCode).not.toBe(0)
    expect(run.output).toContain('PERF_SENTINEL_JEST_MATCHERS')
    expect(run.output).toContain('sometimes')
    expect(run.output).toContain("'auto' or 'always'")
  })
})
