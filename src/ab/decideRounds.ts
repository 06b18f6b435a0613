/**
 * The A/B decision: each measurement's per-process medians of the head against those of the base, through the
 * same comparison as a stored baseline (src/compare: Hodges–Lehmann shift of log-times, its 99% Mann–Whitney
 * interval, the dual gate, Holm across the run). Because every value is one whole process, the interval already
 * includes the between-process spread that a single stored baseline cannot see (notes/statistics.md).
 */
import { compareRun } from '../compare/index.js'
import type { CompareOptions } from '../compare/index.js'
import type { Comparison } from '../model/types.js'
import { median } from '../stats/summarize.js'
import { usualMachineState } from './machineState.js'
import type { RoundSeries } from './roundSeries.js'

/** The decision over the rounds so far. */
export interface RoundDecision {
  comparisons: Map<string, Comparison>
  /** Measurements whose verdict could still become `regressed` with more rounds: sample them again. */
  open: string[]
  /** Measurements that are `regressed` now: to be confirmed. */
  candidates: string[]
}

/** Which arms are compared: the A/B (head against every base round) or the A/A control (control against base). */
export type Contrast = 'ab' | 'control'

/** Decides every measurement of `series` (pure). Only ids in `ids` are compared when given (a confirmation). */
export function decideRounds(
  series: RoundSeries,
  options: CompareOptions,
  contrast: Contrast = 'ab',
  ids?: ReadonlySet<string>,
): RoundDecision {
  const heads = new Map<string, { samplesMs: number[]; medianMs: number }>()
  const bases = new Map<string, { samplesMs: number[]; medianMs: number }>()
  // Only the rounds measured in the job's usual machine state (machineState.ts).
  for (const [id, s] of usualMachineState(series).series) {
    if (ids !== undefined && !ids.has(id)) continue
    // ABBA: both base runs of a cycle are the base; the control contrast splits them by label.
    const head = contrast === 'ab' ? s.head : s.control
    const base = contrast === 'ab' ? [...s.base, ...s.control] : s.base
    if (head.length > 0) heads.set(id, { samplesMs: head, medianMs: median(head) })
    if (base.length > 0) bases.set(id, { samplesMs: base, medianMs: median(base) })
  }
  // Same machine, same job: the environment fingerprints match by construction.
  const { comparisons } = compareRun(heads, bases, { ...options, requireSameEnvironment: false })
  for (const [id, c] of comparisons) {
    if (c.verdict === 'new')
      comparisons.set(id, { ...c, reason: 'The base commit does not have this measurement, so there is nothing to compare it with.' })
    if (c.verdict === 'removed') comparisons.set(id, { ...c, reason: 'The base commit has this measurement, but the head does not.' })
  }
  const open: string[] = []
  const candidates: string[] = []
  for (const [id, c] of comparisons) {
    if (c.verdict === 'regressed') candidates.push(id)
    else if (c.verdict === 'inconclusive' && couldRegress(c, options)) open.push(id)
  }
  return { comparisons, open, candidates }
}

/**
 * An inconclusive verdict that more rounds could turn into a regression: no interval yet, or one that still
 * reaches the fail threshold. One whose interval stays below it can at most be an undecided improvement, which
 * fails nothing and is not worth the time.
 */
export function couldRegress(c: Comparison, options: CompareOptions): boolean {
  const high = c.intervalPercent?.[1]
  return high === undefined || high >= options.failThresholdPercent
}
