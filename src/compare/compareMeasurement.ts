import { formatConfidenceLevel, formatMs, formatPercent } from '../format.js'
import type { Comparison, EnvironmentFingerprint } from '../model/types.js'
import { estimateNoiseFloorPercent } from './noiseFloor.js'
import type { CompareOptions } from './options.js'
import { COMPARE_MAX_SAMPLES } from './options.js'
import { hodgesLehmannShift } from '../stats/hodgesLehmann.js'
import { differingHardFields } from './environment.js'
import { capSamples } from '../stats/summarize.js'

type HardFingerprint = EnvironmentFingerprint['hard']

/** One measurement's head and base. Times are per operation, in ms. */
export interface CompareInput {
  headSamplesMs: readonly number[]
  baseSamplesMs: readonly number[]
  /** Median of all head samples (the retained samples may be a strided subset). */
  headMedianMs: number
  baseMedianMs: number
  baseCommit?: string
  headEnvironment?: HardFingerprint | undefined
  baseEnvironment?: HardFingerprint | undefined
  /** Medians of previous independent runs, for the noise floor. */
  historyMediansMs?: readonly number[] | undefined
  /** The machine reference timed around each side's measurement, in ms (`MeasureResult.referenceMs`). */
  headReferenceMs?: number | undefined
  baseReferenceMs?: number | undefined
  /** Runner processes that recorded the base. */
  baseProcesses?: number | undefined
}

/**
 * Compares one measurement with its baseline. `regressed` needs all of: interval above 0, estimate ≥ the fail
 * threshold, lower bound ≥ the noise floor, absolute median change ≥ the absolute floor; `improved` mirrors it.
 */
export function compareMeasurement(fullInput: CompareInput, options: CompareOptions): Comparison {
  // Evenly strided subsets: past ~100 samples a side the interval is already far narrower than the noise floor that
  // gates, while the cost grows with m + n (1,000 comparisons must take well under 200 ms).
  const input = {
    ...fullInput,
    headSamplesMs: capSamples(fullInput.headSamplesMs, COMPARE_MAX_SAMPLES),
    baseSamplesMs: capSamples(fullInput.baseSamplesMs, COMPARE_MAX_SAMPLES),
  }
  const facts = {
    baseN: input.baseSamplesMs.length,
    headN: input.headSamplesMs.length,
    absoluteChangeMs: input.headMedianMs - input.baseMedianMs,
    baselineMedianMs: input.baseMedianMs,
    ...(input.baseCommit === undefined ? {} : { baselineCommit: input.baseCommit }),
    ...(input.baseProcesses === undefined ? {} : { baselineProcesses: input.baseProcesses }),
  }
  const environmentProblem = options.requireSameEnvironment
    ? describeEnvironmentProblem(input.headEnvironment, input.baseEnvironment)
    : undefined
  const sampleProblem = describeSampleProblem(input, options.minSamples)
  if (sampleProblem !== undefined) {
    return { verdict: 'inconclusive', ...facts, reason: environmentProblem ?? sampleProblem }
  }
  const { headSamplesMs, baseSamplesMs, historyMediansMs } = input
  const shift = hodgesLehmannShift(baseSamplesMs, headSamplesMs, options.confidenceLevel)
  const noiseInput = { headSamplesMs, baseSamplesMs, historyMediansMs, sortedLogs: shift.sortedLogs }
  const noiseFloorPercent = estimateNoiseFloorPercent(noiseInput, options.noiseFloor)
  const [lowLog, highLog] = shift.intervalLog
  const stats = {
    changePercent: toPercent(shift.shiftLog),
    intervalPercent: [toPercent(lowLog), toPercent(highLog)] as [number, number],
    confidenceLevel: Math.min(options.confidenceLevel, shift.achievedConfidenceLevel),
    pValue: shift.pValue,
    noiseFloorPercent,
  }
  const machine = machineChangePercent(input.headReferenceMs, input.baseReferenceMs)
  const filled = { ...facts, ...stats, ...(machine === undefined ? {} : { machineChangePercent: machine }) }
  if (environmentProblem !== undefined) return { verdict: 'inconclusive', ...filled, reason: environmentProblem }
  const level = formatConfidenceLevel(options.confidenceLevel)
  if (shift.achievedConfidenceLevel < options.confidenceLevel) {
    const best = formatConfidenceLevel(shift.achievedConfidenceLevel)
    const reason = `Too few distinct samples for a ${level} interval (${best} at best).`
    return { verdict: 'inconclusive', ...filled, reason }
  }

  const { failThresholdPercent: fail, warnThresholdPercent: warn, absoluteFloorMs } = options
  const { changePercent: change } = stats
  const [low, high] = stats.intervalPercent
  const absChange = facts.absoluteChangeMs
  const said = `${formatPercent(change)} (${level} interval ${formatPercent(low)} to ${formatPercent(high)})`
  const floorSaid = `the ${noiseFloorPercent.toFixed(1)}% noise floor`
  if (low > 0 && change >= fail && low >= noiseFloorPercent && absChange >= absoluteFloorMs) {
    // The machine ran slower too: only what is left after taking its change out may count (a 4× slowdown on a
    // machine 15% slower is still a regression; +70% on a machine 70% slower is not evidence of anything).
    if (machine !== undefined && machine > noiseFloorPercent) {
      const counted = countedMachine(machine)
      if (!(netOf(low, counted) >= noiseFloorPercent && netOf(change, counted) >= fail)) {
        return { verdict: 'inconclusive', ...filled, reason: machineReason(said, machine, 'slower') + cappedSaid(machine) }
      }
      const reason = `Slower: ${said}, past +${fail}% and ${floorSaid}, even net of the machine's own ${formatPercent(machine)}.${cappedSaid(machine)}`
      return { verdict: 'regressed', ...filled, reason: reason + singleProcessCaveat(input) }
    }
    return { verdict: 'regressed', ...filled, reason: `Slower: ${said}, past +${fail}% and ${floorSaid}.${singleProcessCaveat(input)}` }
  }
  if (high < 0 && change <= -fail && high <= -noiseFloorPercent && -absChange >= absoluteFloorMs) {
    if (machine !== undefined && machine < -noiseFloorPercent) {
      const counted = countedMachine(machine)
      if (!(netOf(high, counted) <= -noiseFloorPercent && netOf(change, counted) <= -fail)) {
        return { verdict: 'inconclusive', ...filled, reason: machineReason(said, machine, 'faster') + cappedSaid(machine) }
      }
      const reason = `Faster: ${said}, past -${fail}% and ${floorSaid}, even net of the machine's own ${formatPercent(machine)}.${cappedSaid(machine)}`
      return { verdict: 'improved', ...filled, reason }
    }
    return { verdict: 'improved', ...filled, reason: `Faster: ${said}, past -${fail}% and ${floorSaid}.` }
  }
  // When even the interval's far end is under the absolute floor the change cannot matter: not worth `inconclusive`.
  const largestPlausibleMs = (input.baseMedianMs * Math.max(Math.abs(low), Math.abs(high))) / 100
  const cannotMatter = largestPlausibleMs < absoluteFloorMs || Math.abs(absChange) < absoluteFloorMs
  const tooWide = (low < noiseFloorPercent && high >= fail) || (high > -noiseFloorPercent && low <= -fail)
  if (tooWide && largestPlausibleMs >= absoluteFloorMs) {
    // Detectable: an effect whose interval would clear the noise floor, i.e. half-width plus floor (in log space).
    const halfWidthLog = (highLog - lowLog) / 2
    const minDetectablePercent = toPercent(halfWidthLog + Math.log1p(noiseFloorPercent / 100))
    const reason =
      `Cannot decide: the ${level} interval ${formatPercent(low)} to ${formatPercent(high)} reaches both inside ` +
      `${floorSaid} and past ±${fail}%; with these samples and this noise only changes beyond ` +
      `±${minDetectablePercent.toFixed(1)}% are detectable.`
    return { verdict: 'inconclusive', ...filled, minDetectablePercent, reason }
  }
  const warning = change >= warn
  let reason: string
  if (cannotMatter && (tooWide || Math.abs(change) >= fail)) {
    reason =
      `${said}, but the median moved only ${formatMs(Math.abs(absChange))} per operation and the change stays under ` +
      `the ${formatMs(absoluteFloorMs)} absolute floor.`
  } else if (warning) {
    reason = `${said}: above the +${warn}% warn threshold, below the +${fail}% fail threshold.`
  } else if (low > 0 || high < 0) {
    reason = `${said}: a measurable change, but within ±${fail}%.`
  } else {
    reason = `No change beyond the noise: ${said}.`
  }
  return { verdict: 'unchanged', ...(warning ? { warning } : {}), ...filled, reason }
}

/** What a single-process baseline cannot rule out, said with a regression it did not measure the noise of. */
function singleProcessCaveat(input: CompareInput): string {
  if (input.baseProcesses !== 1 || (input.historyMediansMs?.length ?? 0) > 0) return ''
  return (
    ' The baseline comes from one runner process, so a between-process difference of this size is not ruled out' +
    ' (perf-sentinel baseline update --runs 3 records several).'
  )
}

/**
 * The most a reference move is taken out of a change: 2×, either way — the largest factor by which a shared machine's
 * speed states were measured to differ (1.5–2× for every workload of a test file at once, BENCHMARKS parts 3g, 6).
 * The reference also lands in states 2.4–3.6× apart (per-call minimum 9, 13–14, 22 or 33 µs: in Jest the first
 * measurements of a file read 22–33 µs, later ones 9 µs, JSON work beside it slowed alike; BENCHMARKS 3j). Taking
 * such a move out whole let a real 10× slowdown pass as `inconclusive` (a baseline that drew 9 µs, runs at 22 µs:
 * "+147% machine"); not taking it out at all would fail allocation-heavy code measured in the slow state against a
 * baseline from the fast one. So it counts, up to 2×: a 10× slowdown stays ≥ 5× net.
 */
const MACHINE_FACTOR_CAP = 2

/** Whether a machine change (percent) is beyond `MACHINE_FACTOR_CAP` either way, and so counts only up to it. */
function beyondCap(machinePercent: number): boolean {
  const factor = 1 + machinePercent / 100
  return factor > MACHINE_FACTOR_CAP || factor < 1 / MACHINE_FACTOR_CAP
}

/** The machine's change (percent) as taken out of a change: its factor limited to [1/2, 2]. */
function countedMachine(machinePercent: number): number {
  if (!beyondCap(machinePercent)) return machinePercent
  return ((machinePercent > 0 ? MACHINE_FACTOR_CAP : 1 / MACHINE_FACTOR_CAP) - 1) * 100
}

/** Said after a verdict whose machine change was limited by `MACHINE_FACTOR_CAP`; empty otherwise. */
function cappedSaid(machinePercent: number): string {
  if (!beyondCap(machinePercent)) return ''
  return (
    ` The reference's move counts as ${MACHINE_FACTOR_CAP}× at most (the widest machine speed state measured; beyond` +
    ' it the reference reads a state of its own).'
  )
}

/** A change in percent with the machine's own change (percent, same sign convention) taken out of it. */
function netOf(percent: number, machinePercent: number): number {
  return ((1 + percent / 100) / (1 + machinePercent / 100) - 1) * 100
}

/** How much slower (+) the machine reference ran for the head than for the base, in percent. */
function machineChangePercent(headMs: number | undefined, baseMs: number | undefined): number | undefined {
  if (!(headMs !== undefined && baseMs !== undefined && headMs > 0 && baseMs > 0)) return undefined
  return (headMs / baseMs - 1) * 100
}

/**
 * A change in the same direction as the machine's own: the reference workload moved past the noise floor between
 * the baseline and this run, and net of that move the change no longer clears the gate. Only the direction that
 * could fake the verdict is checked: a slower measurement on a faster machine is still a regression.
 */
function machineReason(said: string, machinePercent: number, direction: 'slower' | 'faster'): string {
  return (
    `${said}, but the machine itself ran ${Math.abs(machinePercent).toFixed(1)}% ${direction} ` +
    `than when the baseline was measured (a fixed reference workload timed around both); net of that, the change ` +
    `does not clear the gate. Re-run on a steadier machine, or compare in the same job.`
  )
}

/** Why the hard fingerprints cannot be trusted to match, naming each differing field; undefined when they match. */
function describeEnvironmentProblem(head: HardFingerprint | undefined, base: HardFingerprint | undefined): string | undefined {
  const cannotGate = 'no environment fingerprint, so it cannot gate (requireSameEnvironment).'
  if (base === undefined) return `The baseline has ${cannotGate}`
  if (head === undefined) return `This run has ${cannotGate}`
  const differing = differingHardFields(head, base)
  if (differing.length === 0) return undefined
  return `The environment differs from the baseline's (${differing.join(', ')}), so it cannot gate.`
}

function describeSampleProblem(input: CompareInput, minSamples: number): string | undefined {
  const { baseSamplesMs: base, headSamplesMs: head } = input
  if (base.length < minSamples || head.length < minSamples) {
    return `Too few samples to compare (base ${base.length}, head ${head.length}; at least ${minSamples} each).`
  }
  for (const [side, samples] of [
    ['base', base],
    ['head', head],
  ] as const) {
    const bad = samples.findIndex((v) => !(v > 0 && Number.isFinite(v)))
    if (bad >= 0) return `The ${side} sample #${bad} is ${samples[bad]} ms; times must be positive to compare ratios.`
  }
  return undefined
}

/** A shift of log-times as a percent change of the ratio: (e^x − 1)·100. */
function toPercent(shiftLog: number): number {
  return Math.expm1(shiftLog) * 100
}
