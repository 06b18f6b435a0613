/**
 * The A/B engine, free of processes and clocks (both injected): discovery, adaptive ABBA sampling until every
 * measurement is decided or the budget is spent, confirmation of the candidates with independent rounds, the A/A
 * control, and the final verdicts.
 *
 * Phase 1 — discovery: one base and one head round of the whole test command find the files that hold
 *   measurements. Their numbers are dropped: first runs pay cold caches (the new worktree's transform cache).
 * Phase 2 — sampling: ABBA cycles over the files (and, narrowed, the tests) of the measurements still open,
 *   deciding after each cycle once `minRounds` per side exist.
 * Phase 3 — confirmation: as many rounds per side of the candidates' tests as found them (at least
 *   `confirmRounds`), decided on their own.
 */
import { createMeasurementFilter } from '../config/measurementFilter.js'
import { PerfSentinelError } from '../errors.js'
import type { RoundDecision } from './decideRounds.js'
import { decideRounds } from './decideRounds.js'
import type { FinalVerdicts } from './finalVerdicts.js'
import { finalVerdicts } from './finalVerdicts.js'
import type { ControlJudgement } from './judgeControl.js'
import { judgeControl } from './judgeControl.js'
import { STATE_WIDTH, usualMachineState } from './machineState.js'
import type { AbOptions } from './options.js'
import type { RoundSeries } from './roundSeries.js'
import { fewestRounds, mergeSeries, recordRound, scopeOf } from './roundSeries.js'
import type { Arm, RoundMeasurement, RoundResult } from './runRound.js'
import { cycleArms } from './schedule.js'
import { confirmCandidates, screeningOptions } from './confirmCandidates.js'
import type { RoundScope } from './testCommand.js'

export {
  CONFIRMATION_MAX_ALPHA,
  confirmationOptions,
  roundsToReach,
  SCREENING_ALPHA_FACTOR,
  screeningOptions,
} from './confirmCandidates.js'

/** Which phase a round belongs to. */
export type AbPhase = 'discovery' | 'sampling' | 'confirmation'

/** Shown after every round. */
export interface AbProgress {
  phase: AbPhase
  /** Rounds run so far, all phases. */
  round: number
  arm: Arm
  /** Measurements decided / in the run. */
  decided: number
  total: number
  /** Sampling budget left, in ms (0 once spent). */
  leftMs: number
  result: RoundResult
}

/** The edges of the engine. */
export interface AbEngineIo {
  /** `phase` is what the round is for (the engine's tests vary rounds by it). */
  runRound(arm: Arm, scope: RoundScope, phase: AbPhase): Promise<RoundResult>
  now(): number
  progress(update: AbProgress): void
}

/** One round, as the report lists it. */
export interface RoundLog {
  phase: AbPhase
  arm: Arm
  durationMs: number
  measurements: number
  failure?: string
}

/** Why sampling ended. */
export type StopReason = 'decided' | 'budget' | 'max-rounds' | 'base-without-reporter'

/** Everything an A/B run found. */
export interface AbEngineResult {
  sampling: RoundSeries
  confirmation: RoundSeries
  decision: RoundDecision
  confirmationDecision: RoundDecision | undefined
  control: ControlJudgement
  final: FinalVerdicts
  stop: StopReason
  rounds: RoundLog[]
  notes: string[]
  /** The head's discovery round (runner, environment), for the report. */
  headDiscovery: RoundResult
  samplingMs: number
  confirmationMs: number
  /** The sampling rounds in each measurement's usual machine state: what the verdicts were decided on. */
  usualSampling: RoundSeries
}

/** Runs the A/B; rejects when a round fails to start or is aborted, or when the head has nothing to measure. */
export async function sampleAb(io: AbEngineIo, options: AbOptions): Promise<AbEngineResult> {
  // Same globs and meaning as the config file's include / exclude.
  const keep = createMeasurementFilter({ include: options.include, exclude: options.exclude })
  const screening = screeningOptions(options)
  const started = io.now()
  const leftMs = (): number => Math.max(0, started + options.budgetMs - io.now())
  const rounds: RoundLog[] = []
  const notes: string[] = []
  let narrowTests = options.narrowTests
  let decided = 0
  let total = 0
  const run = async (phase: AbPhase, arm: Arm, scope: RoundScope, into: RoundSeries | undefined): Promise<RoundResult> => {
    const result = await io.runRound(arm, narrowTests ? scope : withoutNames(scope), phase)
    const measured = (result.measurements ?? []).filter(keep)
    rounds.push({
      phase,
      arm,
      durationMs: result.durationMs,
      measurements: measured.length,
      ...(result.failure ? { failure: result.failure } : {}),
    })
    if (result.failure !== undefined && !notes.some((n) => n.startsWith(`Tests failed in a ${arm}`))) {
      notes.push(`Tests failed in a ${arm} round (${result.failure}); its measurements were still used.`)
    }
    if (into !== undefined) recordRound(into, arm, measured)
    if (narrowTests && scope.testNames !== undefined && missing(scope, measured, seen).length > 0) {
      // The runner's name filter did not select what it should: run whole files from now on.
      narrowTests = false
      notes.push('Narrowing rounds to single tests (-t) lost measurements, so later rounds ran whole test files.')
    }
    io.progress({ phase, round: rounds.length, arm, decided, total, leftMs: leftMs(), result })
    return result
  }

  // Phase 1 — discovery.
  const seen: RoundSeries = new Map()
  const baseFirst = await run('discovery', 'base', {}, seen)
  const headFirst = await run('discovery', 'head', {}, seen)
  const headMeasured = (headFirst.measurements ?? []).filter(keep)
  if (headMeasured.length === 0) {
    const why =
      headFirst.measurements === undefined ? 'wrote no perf report (is the perf-sentinel reporter configured?)' : 'recorded no measurement'
    const filtered = options.include.length + options.exclude.length > 0 ? ' matching --include/--exclude' : ''
    throw new PerfSentinelError('E_USAGE', `the head's test command ${why}${filtered}: nothing to compare`, {
      fix: 'add measurements (measure(), the timing matchers) and the perf reporter, or check the globs and the command after --',
    })
  }
  const sampling: RoundSeries = new Map()
  const confirmation: RoundSeries = new Map()
  total = seen.size
  const baseIds = new Set((baseFirst.measurements ?? []).map((m) => m.id))
  if (!headMeasured.some((m) => baseIds.has(m.id))) {
    // The base predates perf-sentinel, or these measurements: every head measurement is new. Not an error, or
    // adopting the tool (or adding the first measured test file) would fail CI. A second head process gives each
    // new measurement a between-process spread (one process would read as a single-call measurement).
    recordRound(sampling, 'head', headMeasured)
    await run('sampling', 'head', {}, sampling)
    notes.push(
      baseFirst.measurements === undefined
        ? 'The base commit wrote no perf report (perf-sentinel is not set up there): every measurement is new, nothing was compared.'
        : "The base commit has none of the head's measurements (no perf tests there yet): every measurement is new, nothing was compared.",
    )
    return finish('base-without-reporter', 0)
  }

  // Phase 2 — sampling.
  let open = [...seen.keys()]
  let cycle = 0
  let stop: StopReason = 'budget'
  let lastCycleMs = 0
  for (;;) {
    const cycleStart = io.now()
    const scope = scopeOf(seen, open)
    for (const arm of cycleArms(cycle)) await run('sampling', arm, scope, sampling)
    cycle++
    lastCycleMs = io.now() - cycleStart
    if (cycle * 2 >= options.minRounds) {
      const decision = decideRounds(sampling, screening)
      open = decision.open
      decided = total - open.length
      if (open.length === 0) {
        stop = 'decided'
        break
      }
      if (fewestRounds(sampling, 'head', open) >= options.maxRounds) {
        stop = 'max-rounds'
        break
      }
    }
    if (io.now() + lastCycleMs > started + options.budgetMs) break
  }
  return finish(stop, io.now() - started)

  async function finish(stopReason: StopReason, samplingMs: number): Promise<AbEngineResult> {
    const decision = decideRounds(sampling, screening)
    // Phase 3 — confirmation.
    const confirmStart = io.now()
    let confirmationDecision: RoundDecision | undefined
    if (decision.candidates.length > 0) {
      confirmationDecision = await confirmCandidates(
        decision.candidates,
        { sampling, seen, confirmation, options, firstCycle: cycle },
        (arm, scope) => run('confirmation', arm, scope, confirmation),
      )
    }
    const control = judgeControl(mergeSeries(sampling, confirmation), options.compare)
    const state = usualMachineState(sampling)
    if (state.dropped > 0) notes.push(machineStateNote(state.dropped, state.considered))
    const final = finalVerdicts(decision, confirmationDecision, control)
    return {
      sampling,
      confirmation,
      decision,
      confirmationDecision,
      control,
      final,
      stop: stopReason,
      rounds,
      notes,
      headDiscovery: headFirst,
      usualSampling: state.series,
      samplingMs,
      confirmationMs: io.now() - confirmStart,
    }
  }
}

/** Says how many rounds ran outside the usual machine state and were left out of the decision. */
export function machineStateNote(dropped: number, considered: number): string {
  return (
    `${dropped} of ${considered} per-process medians were measured while the machine ran in another speed state than ` +
    `their measurement's usual one (the machine reference around them more than ${STATE_WIDTH}× off) and were left out of the decision.`
  )
}

function withoutNames(scope: RoundScope): RoundScope {
  return scope.files === undefined ? {} : { files: scope.files }
}

/** Requested measurements (by test name) that a narrowed round did not produce. */
function missing(scope: RoundScope, measured: readonly RoundMeasurement[], seen: RoundSeries): string[] {
  const wanted = new Set(scope.testNames)
  const got = new Set(measured.map((m) => m.id))
  return [...seen.values()]
    .filter((s) => wanted.has(s.meta.testName) && (scope.files ?? []).includes(s.meta.file) && !got.has(s.meta.id))
    .map((s) => s.meta.id)
}
