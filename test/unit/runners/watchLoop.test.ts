import { describe, expect, it } from 'vitest'
import { watchLoopLine } from '../../../src/runners/jest/watchLoop.js'

const options = { outputDir: 'perf-report', history: '.perf-sentinel/history', baselinePath: 'perf-baseline.json' } as const
const context = (...patterns: string[]) => ({ config: { watchPathIgnorePatterns: patterns } })

describe('watchLoopLine (Jest watch mode re-running on perf-sentinel’s own files)', () => {
  it('names every output no pattern ignores, as patterns to copy into jest.config', () => {
    expect(watchLoopLine('/repo', options, [context()])).toBe(
      'perf-sentinel: skipped in this watch run (no report, history or baseline written): Jest re-runs when a watched file ' +
        "changes, so each write would start the next run. Add to jest.config: watchPathIgnorePatterns: ['<rootDir>/perf-report/', " +
        "'<rootDir>/.perf-sentinel/', '<rootDir>/perf-baseline.json']",
    )
    expect(watchLoopLine('/repo', options, [context('/repo/perf-report/')])).toContain(
      "watchPathIgnorePatterns: ['<rootDir>/.perf-sentinel/', '<rootDir>/perf-baseline.json']",
    )
  })

  it('is silent when every project ignores them all (Jest has put rootDir into the patterns)', () => {
    const covered = context('/repo/perf-report/', '/\\.perf-sentinel/', 'perf-baseline\\.json')
    expect(watchLoopLine('/repo', options, [covered])).toBeUndefined()
    // A second project without them would still re-run.
    expect(watchLoopLine('/repo', options, [covered, context()])).toBeDefined()
  })

  it('follows the configured places: another report folder, history outside .perf-sentinel, history off', () => {
    const moved = { outputDir: 'reports/perf', history: 'perf-history', baselinePath: 'perf/baseline.json' }
    expect(watchLoopLine('/repo', moved, [context()])).toContain(
      "['<rootDir>/reports/perf/', '<rootDir>/.perf-sentinel/', '<rootDir>/perf-history/', '<rootDir>/perf/baseline.json']",
    )
    // A sibling whose name only starts like the state folder is not inside it.
    const sibling = { ...options, history: '.perf-sentinel-history' }
    expect(watchLoopLine('/repo', sibling, [context('/repo/perf-report/', '/repo/.perf-sentinel/', 'perf-baseline')])).toContain(
      "['<rootDir>/.perf-sentinel-history/']",
    )
    const off = { ...moved, history: false as const }
    expect(watchLoopLine('/repo', off, [context('/repo/reports/', '/repo/.perf-sentinel/', '/repo/perf/')])).toBeUndefined()
  })
})
