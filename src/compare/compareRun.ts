/**
 * Compares every measurement of a run with the baseline and controls the family-wise error across them (Holm at
 * family α): with 100 gated measurements, a 1% per-measurement false-alarm rate would fail 63% of clean runs.
 */
import { formatPercent } from '../format.js'
import type { Comparison, EnvironmentFingerprint } from '../model/types.js'
import { compareMeasurement } from './compareMeasurement.js'
import type { CompareOptions } from './options.js'
import { holmAdjust } from '../stats/holm.js'

/** This run's side of one measurement. Times are per operation, in ms. */
export interface CompareInputHead {
  /** Retained per-operation samples. */
  samplesMs: readonly number[]
  /** Median of all samples. */
  medianMs: number
  environment?: EnvironmentFingerprint['hard'] | undefined
  /** The machine reference timed around the measurement, in ms. */
  referenceMixMs?: number | undefined
}

/** The baseline's side of one measurement, with the medians the history store holds for it. */
export interface CompareInputBase {
  samplesMs: readonly number[]
  medianMs: number
  commit?: string | undefined
  environment?: EnvironmentFingerprint['hard'] | undefined
  /** The machine reference timed around the baseline's measurement, in ms. */
  referenceMixMs?: number | undefined
  /** Medians of previous independent runs of the baseline's code (same commit, clean tree), for the noise floor. */
  historyMediansMs?: readonly number[] | undefined
  /** How many runner processes recorded the base (1: a single draw of the between-process lottery). */
  processes?: number | undefined
}

/** Every id's comparison (heads first, in their order, then removed ids) and the ids only the baseline has. */
export interface RunComparison {
  comparisons: Map<string, Comparison>
  /** Ids in the baseline that this run did not produce, sorted; each also has a `removed` comparison. */
  removed: string[]
}

/**
 * Compares each head with the base of the same id: ids without a base are `new`, ids only in `bases` are `removed`.
 * A `regressed` or `improved` verdict survives only if its Holm-adjusted p-value is below `options.familyAlpha`.
 */
export function compareRun(
  heads: ReadonlyMap<string, CompareInputHead>,
  bases: ReadonlyMap<string, CompareInputBase>,
  options: CompareOptions,
  /** Per-measurement gates (thresholds by glob); the family-wise correction always uses `options.familyAlpha`. */
  optionsFor: (id: string) => CompareOptions = () => options,
): RunComparison {
  const comparisons = new Map<string, Comparison>()
  for (const [id, head] of heads) {
    const base = bases.get(id)
    if (base === undefined) {
      const reason = 'No baseline has this measurement yet, so there is nothing to compare it with.'
      comparisons.set(id, { verdict: 'new', headN: head.samplesMs.length, reason })
      continue
    }
    const input = {
      headSamplesMs: head.samplesMs,
      baseSamplesMs: base.samplesMs,
      headMedianMs: head.medianMs,
      baseMedianMs: base.medianMs,
      headEnvironment: head.environment,
      baseEnvironment: base.environment,
      historyMediansMs: base.historyMediansMs,
      headReferenceMs: head.referenceMixMs,
      baseReferenceMs: base.referenceMixMs,
      baseProcesses: base.processes,
      ...(base.commit === undefined ? {} : { baseCommit: base.commit }),
    }
    comparisons.set(id, compareMeasurement(input, optionsFor(id)))
  }

  // The family is every measurement that was tested (it has a p-value), fixed before looking at effect sizes.
  // Adjusting only the candidates that already passed the gates would select on the outcome and lose FWER control:
  // among 100 unchanged measurements about one has p < 0.01, and alone in its "family" it would stay flagged.
  const family = [...comparisons].filter(([, comparison]) => comparison.pValue !== undefined)
  const adjusted = holmAdjust(family.map(([, comparison]) => comparison.pValue ?? 1))
  family.forEach(([id, comparison], i) => {
    const adjustedPValue = adjusted[i] ?? 1
    const candidate = comparison.verdict === 'regressed' || comparison.verdict === 'improved'
    if (!candidate || adjustedPValue < options.familyAlpha) {
      comparisons.set(id, { ...comparison, adjustedPValue })
      return
    }
    // Downgraded to `inconclusive`, not `unchanged`: the estimate is still large, but the family-wise interval would
    // reach below the noise floor — the "too wide to decide" case. `unchanged` would claim what the data do not show.
    const reason =
      `Would be ${comparison.verdict} (${formatPercent(comparison.changePercent ?? 0)}), but with ${family.length} ` +
      `measurements tested its Holm-adjusted p = ${adjustedPValue.toPrecision(2)} is not below family α ` +
      `${options.familyAlpha}.`
    comparisons.set(id, { ...comparison, verdict: 'inconclusive', adjustedPValue, reason })
  })

  const removed = [...bases.keys()].filter((id) => !heads.has(id)).sort()
  for (const id of removed) {
    const base = bases.get(id)
    if (base === undefined) continue
    comparisons.set(id, {
      verdict: 'removed',
      baseN: base.samplesMs.length,
      baselineMedianMs: base.medianMs,
      ...(base.commit === undefined ? {} : { baselineCommit: base.commit }),
      reason: 'The baseline has this measurement but this run did not produce it.',
    })
  }
  return { comparisons, removed }
}
