/**
 * The comparison of one measurement with its baseline: a union keyed on the verdict, so a `regressed` comparison
 * always carries the interval and noise floor that justify it, and `new` / `removed` carry only what exists.
 */

export type Verdict = 'regressed' | 'improved' | 'unchanged' | 'inconclusive' | 'new' | 'removed'

/** Reading order of verdicts, what needs action first; the one order reports and renderers use. */
export const VERDICT_ORDER: readonly Verdict[] = ['regressed', 'inconclusive', 'improved', 'unchanged', 'new', 'removed']

/** How a failing candidate was checked before it could fail the run. */
export interface Confirmation {
  /** True when an independent re-measurement agreed. */
  confirmed: boolean
  /** How it was re-measured, or why it could not be. */
  how: string
  /** The re-measurement's change, when it produced one. */
  changePercent?: number
}

/** Fields any comparison may show; which ones are present depends on the verdict (see `Comparison`). */
export interface ComparisonFields {
  /** Why the verdict is what it is, in one sentence. */
  reason: string
  /** Set with `unchanged` when the change is above the warn threshold but does not meet the fail gate. */
  warning?: boolean
  /** Hodges–Lehmann estimate of the change of the typical time, in percent (+ = slower). */
  changePercent?: number
  /** Distribution-free interval of the change in percent, at `confidenceLevel`. */
  intervalPercent?: [number, number]
  confidenceLevel?: number
  /** Two-sided Mann–Whitney p-value, and the Holm-adjusted one across the run's gated measurements. */
  pValue?: number
  adjustedPValue?: number
  baseN?: number
  headN?: number
  /** Relative noise of this measurement, in percent; the interval's lower bound must exceed it to fail. */
  noiseFloorPercent?: number
  /** Absolute change of the median per operation, in ms. */
  absoluteChangeMs?: number
  /** For `inconclusive`: the smallest change this n and noise could detect, in percent. */
  minDetectablePercent?: number
  baselineCommit?: string
  baselineMedianMs?: number
  /** For a regression (or one that was not confirmed): the independent re-measurement. */
  confirmation?: Confirmation
  /** Runner processes that recorded the baseline; 1 means a single draw of the between-process lottery. */
  baselineProcesses?: number
  /** How much slower (+) the machine's reference workload ran than when the baseline was measured, in percent. */
  machineChangePercent?: number
}

/** What every decided comparison (the shift was estimated) has. */
export interface DecidedFields {
  changePercent: number
  intervalPercent: [number, number]
  confidenceLevel: number
  pValue: number
  noiseFloorPercent: number
  baseN: number
  headN: number
  absoluteChangeMs: number
  baselineMedianMs: number
}

/** A comparison whose shift was estimated and gated: regressed, improved or unchanged. */
export type DecidedComparison = ComparisonFields & DecidedFields & { verdict: 'regressed' | 'improved' | 'unchanged' }

/** The comparison of one measurement with its baseline. */
export type Comparison =
  | DecidedComparison
  | (ComparisonFields & { verdict: 'inconclusive' })
  | (ComparisonFields & { verdict: 'new'; headN: number })
  | (ComparisonFields & { verdict: 'removed'; baseN: number; baselineMedianMs: number })

/**
 * Whether a measurement takes part in the regression gate: the one place that rule is written. Test durations are
 * trend data; so is a single-call measurement (`toCompleteOnceWithin`): one cold sample per side can never reach a
 * verdict, so it is recorded for trends and not compared, instead of reading `inconclusive` on every run.
 */
export function isGated(measurement: { kind: string; stats?: { n: number }; result?: { n: number } }): boolean {
  const n = measurement.stats?.n ?? measurement.result?.n
  return measurement.kind !== 'test-duration' && n !== 1
}

/** The verdict of a gated measurement; `new` when there was nothing to compare with. */
export function verdictOf(measurement: { comparison?: Comparison | undefined }): Verdict {
  return measurement.comparison?.verdict ?? 'new'
}
