import { MAX_NOISE_FLOOR_PERCENT } from '../compare/noiseFloor.js'
import type { PerfReport } from '../model/report.js'

/**
 * Run-level remarks on what the verdicts rest on: single-process baselines (not on an update, which is re-recording
 * it: `baseline update` process 2 of 3 compares with process 1's), histories too noisy to gate.
 */
export function comparisonNotes(report: PerfReport, updating: boolean): string[] {
  const compared = report.measurements.flatMap((m) =>
    m.comparison && m.comparison.verdict !== 'new' && m.comparison.verdict !== 'removed' ? [m.comparison] : [],
  )
  const single = compared.filter((c) => c.baselineProcesses === 1).length
  const capped = compared.filter((c) => c.noiseFloorPercent !== undefined && c.noiseFloorPercent >= MAX_NOISE_FLOOR_PERCENT).length
  const notes: string[] = []
  if (single > 0 && !updating) {
    notes.push(
      `${single} measurement(s) compare with a baseline recorded by a single runner process: between-process variation is not ` +
        'measured (re-record it with baselineRuns ≥ 3, the default 5, or perf-sentinel baseline update --runs 3).',
    )
  }
  if (capped > 0) {
    notes.push(
      `${capped} measurement(s) have a baseline history too noisy to gate below +${MAX_NOISE_FLOOR_PERCENT}% (noise floor capped): ` +
        'only larger changes can fail; re-record the baseline on a quieter machine or use perf-sentinel compare.',
    )
  }
  return notes
}

/** Test files that failed as a whole (`FinishRunInput.brokenFiles`): one note naming the first few. */
export function brokenFilesNotes(broken: ReadonlySet<string>): string[] {
  if (broken.size === 0) return []
  const named = `${[...broken].slice(0, 3).join(', ')}${broken.size > 3 ? ', …' : ''}`
  return [`${broken.size} test file(s) failed to run (${named}): their baseline entries were neither compared as removed nor updated.`]
}
