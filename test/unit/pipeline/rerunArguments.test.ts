import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rerunArguments, rerunReporterArgument } from '../../../src/pipeline/rerunFiles.js'

describe('rerunArguments() (a confirmation or baseline re-run’s command line)', () => {
  it('Vitest: keeps the run’s own flags and coverage, drops other reporters, their files and shards, adds the perf reporter alone', () => {
    const args = [
      'run',
      '--root',
      'packages/a',
      '--reporter',
      'junit',
      '--outputFile.junit=junit.xml',
      '--reporter=default',
      '--reporter=perf',
      '--coverage',
      '--coverage.provider',
      'v8',
      '--coverage.reportsDirectory',
      'cov',
      '--shard=1/2',
      '--pool=threads',
      '--outputFile',
      'out.json',
      'parser',
    ]
    expect(rerunArguments('vitest', args, '/tmp/x/coverage')).toEqual([
      'run',
      '--root',
      'packages/a',
      '--coverage',
      '--coverage.provider',
      'v8',
      '--pool=threads',
      'parser',
      '--reporter=perf-sentinel/vitest/reporter',
      '--coverage.reportsDirectory=/tmp/x/coverage',
    ])
  })

  it('Vitest without coverage: no coverage flag is added', () => {
    expect(rerunArguments('vitest', ['run', '--reporter', 'perf', 'test/a.test.ts'])).toEqual([
      'run',
      'test/a.test.ts',
      '--reporter=perf-sentinel/vitest/reporter',
    ])
  })

  it('Vitest in watch mode (`vitest watch`, `vitest dev`, a bare `vitest` or `vitest bench` in a terminal): the re-run runs once', () => {
    const reporter = '--reporter=perf-sentinel/vitest/reporter'
    expect(rerunArguments('vitest', ['watch', '--reporter=perf'])).toEqual(['run', reporter])
    expect(rerunArguments('vitest', ['dev', '--pool=forks'])).toEqual(['run', '--pool=forks', reporter])
    expect(rerunArguments('vitest', ['--pool=forks'])).toEqual(['--pool=forks', '--run', reporter])
    expect(rerunArguments('vitest', ['bench'])).toEqual(['bench', '--run', reporter])
    expect(rerunArguments('vitest', ['bench', '--run'])).toEqual(['bench', '--run', reporter])
  })

  it('Jest: drops reporters, JSON output, the coverage folder and shards; keeps --config, --coverage and the rest', () => {
    const args = [
      '--config',
      'packages/a/jest.config.js',
      '--reporters',
      'default',
      '--reporters=jest-junit',
      '--coverage',
      '--coverageDirectory=cov',
      '--json',
      'test/a.test.js',
      '--outputFile=results.json',
      '--shard',
      '2/3',
      '--ci',
    ]
    expect(rerunArguments('jest', args, '/tmp/x/coverage')).toEqual([
      '--config',
      'packages/a/jest.config.js',
      '--coverage',
      'test/a.test.js',
      '--ci',
      '--reporters=perf-sentinel/jest/reporter',
      '--coverageDirectory=/tmp/x/coverage',
    ])
  })
})

describe('rerunReporterArgument()', () => {
  it('names the reporter by the absolute path of the build it runs from, the package specifier only without one', () => {
    const dist = mkdtempSync(join(tmpdir(), 'perf-sentinel-dist-'))
    try {
      mkdirSync(join(dist, 'vitest'))
      writeFileSync(join(dist, 'vitest/reporter.js'), '')
      expect(rerunReporterArgument('vitest', dist)).toBe(`--reporter=${join(dist, 'vitest/reporter.js')}`)
      // No Jest build there: the specifier, resolved by Jest from the project.
      expect(rerunReporterArgument('jest', dist)).toBe('--reporters=perf-sentinel/jest/reporter')
    } finally {
      rmSync(dist, { recursive: true, force: true })
    }
  })
})
