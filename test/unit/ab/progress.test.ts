import { describe, expect, it } from 'vitest'
import { formatClock, formatProgress } from '../../../src/ab/progress.js'

const result = { arm: 'head' as const, exitCode: 0, durationMs: 4120, measurements: [] }

describe('formatProgress()', () => {
  it('shows phase, round, side and duration, decided count and budget left', () => {
    expect(formatProgress({ phase: 'sampling', round: 9, arm: 'head', decided: 12, total: 20, leftMs: 151_000, result })).toBe(
      'compare: sampling round 9 (head, 4.1 s) · 12/20 decided · 2:31 of budget left',
    )
  })

  it('leaves the decided count out of discovery, says when candidates are being confirmed, and shows failing tests', () => {
    expect(formatProgress({ phase: 'discovery', round: 1, arm: 'base', decided: 0, total: 0, leftMs: 60_000, result })).toBe(
      'compare: discovery round 1 (base, 4.1 s) · 1:00 of budget left',
    )
    const failed = { ...result, failure: 'exited with code 1: expected 2 to be 3' }
    expect(formatProgress({ phase: 'confirmation', round: 30, arm: 'head', decided: 2, total: 2, leftMs: 0, result: failed })).toBe(
      'compare: confirmation round 30 (head, 4.1 s) · 2/2 decided · confirming candidates · tests failed: exited with code 1: expected 2 to be 3',
    )
  })
})

describe('formatClock()', () => {
  it('prints m:ss and never a negative time', () => {
    expect(formatClock(59_600)).toBe('1:00')
    expect(formatClock(-5)).toBe('0:00')
  })
})
