/**
 * Phase 3 of the A/B engine (sampleAb.ts): confirmation of the sampling phase's candidates by independent rounds,
 * decided on their own, and the comparison options of both phases.
 */
import type { RoundDecision } from './decideRounds.js'
import { couldRegress, decideRounds } from './decideRounds.js'
import type { AbOptions } from './options.js'
import type { RoundSeries } from './roundSeries.js'
import { mostRounds, scopeOf } from './roundSeries.js'
import type { Arm } from './runRound.js'
import { cycleArms, cyclesFor } from './schedule.js'
import type { RoundScope } from './testCommand.js'

/** What the confirmation reads and where it records its rounds. */
export interface ConfirmationState {
  sampling: RoundSeries
  /** Every measurement seen (discovery): where each one's file and test are. */
  seen: RoundSeries
  /** The confirmation rounds, filled by `runRound`. */
  confirmation: RoundSeries
  options: AbOptions
  /** The ABBA cycle the confirmation starts at (it goes on from the sampling's). */
  firstCycle: number
}

/**
 * Confirms `candidates` with new rounds of their tests. A replication as large as the experiment that found them
 * (at least `confirmRounds`): a smaller one would miss real regressions that needed many rounds to show through the
 * noise. And enough to pass at all: Holm over k candidates at α needs p < α/k, which n rounds a side reach only when
 * 2/C(2n, n) is well below it (sampling nominates at a looser α, so it may have found them with fewer).
 * A candidate the replicate leaves `inconclusive` while its estimate still reaches the fail threshold — one odd
 * process among a few rounds a side widens a distribution-free interval below the floors, which let a steady +50%
 * pass half the time in a user review — gets one more replicate, and all its confirmation rounds are decided again.
 * That second look at most doubles the confirmation's α for those candidates (see `confirmationOptions`).
 */
export async function confirmCandidates(
  candidates: readonly string[],
  state: ConfirmationState,
  runRound: (arm: Arm, scope: RoundScope) => Promise<unknown>,
): Promise<RoundDecision> {
  const { options, sampling, seen, confirmation } = state
  const confirming = confirmationOptions(options)
  const reachable = roundsToReach(confirming.familyAlpha / candidates.length)
  const replicate = Math.min(options.maxRounds, Math.max(options.confirmRounds, reachable, mostRounds(sampling, candidates)))
  let cycle = state.firstCycle
  const runReplicate = async (ids: readonly string[]): Promise<void> => {
    const scope = scopeOf(seen, ids)
    for (let c = 0; c < cyclesFor(replicate); c++) for (const arm of cycleArms(cycle++)) await runRound(arm, scope)
  }
  await runReplicate(candidates)
  const ids = new Set(candidates)
  const first = decideRounds(confirmation, confirming, 'ab', ids)
  const unsure = candidates.filter((id) => {
    const c = first.comparisons.get(id)
    return c?.verdict === 'inconclusive' && couldRegress(c, confirming) && (c.changePercent ?? 0) >= confirming.failThresholdPercent
  })
  if (unsure.length === 0 || mostRounds(confirmation, unsure) + replicate > options.maxRounds) return first
  await runReplicate(unsure)
  return decideRounds(confirmation, confirming, 'ab', ids)
}

/**
 * The comparison options of the sampling phase: Holm at `SCREENING_ALPHA_FACTOR` × the family α (at most 0.05).
 * Sampling only nominates candidates; a candidate fails the run only when its confirmation — new, independent rounds,
 * decided on their own with Holm over the candidates alone (`confirmationOptions`) — agrees. So a false failure needs
 * both (≤ 0.05 × 0.05 per run at the defaults), while at the configured α over all of a suite's measurements (Holm:
 * p < 0.01 / 20 for the first of 20) a perfect separation of 7 rounds a side (exact p = 2/3432) could never pass:
 * with the usual machine state kept (machineState.ts) the rounds a 3-minute budget allows were the limit.
 */
export function screeningOptions(options: AbOptions): AbOptions['compare'] {
  return { ...options.compare, familyAlpha: Math.min(0.05, options.compare.familyAlpha * SCREENING_ALPHA_FACTOR) }
}

/**
 * Fewest rounds a side whose best exact Mann–Whitney p (complete separation, two-sided: 2/C(2n, n)) is a quarter of
 * `alpha` or less — room for the odd overlap of real rounds. 6 for α 0.01, 8 for α 0.01 over 8 candidates.
 */
export function roundsToReach(alpha: number): number {
  let n = 2
  let ways = 6 // C(4, 2)
  while (2 / ways > alpha / 4 && n < 1000) {
    ways = (ways * (2 * n + 1) * (2 * n + 2)) / ((n + 1) * (n + 1))
    n++
  }
  return n
}

/** How much looser the sampling phase's family α is than the configured one (see `screeningOptions`). */
export const SCREENING_ALPHA_FACTOR = 5

/** The most a confirmation's α may be (it is also at most a quarter of the configured α over the screening α). */
export const CONFIRMATION_MAX_ALPHA = 0.05

/**
 * The comparison options of the confirmation: Holm over the candidates at α_c = min(0.05, α / (4 α_s)), with the
 * interval at 1 − α_c, where α is the configured family α and α_s the screening α. A false failure needs a
 * nomination (Holm at α_s over the suite) and, in new rounds, a confirmation (≤ α_c over the candidates; ≤ 2 α_c
 * for a candidate whose first replicate was unsure and got a second look, `confirmCandidates`): ≤ α_s × 2 α_c ≤ α / 2
 * per nominating check (0.05 × 0.05 = 0.0025 against 0.01 at the defaults). The
 * factor 4 is room for what the product leaves out: sampling checks again after every cycle, and the two stages
 * are not wholly independent (the machine's states can outlast a round); the simulated A/A runs (BENCHMARKS.md part
 * 6) nominate in 0–5% of runs and never failed. The run's verdict and interval stay the sampling phase's, at the
 * configured level (99%). At the configured α alone the confirmation was the limit: candidates whose intervals lay
 * wholly above the gate stayed `inconclusive`.
 */
export function confirmationOptions(options: AbOptions): AbOptions['compare'] {
  const screening = screeningOptions(options).familyAlpha
  // Rounded: 0.01 / (4 × 0.05) is 0.049999… in binary, and α appears in the reports' reasons.
  const alpha = Math.min(CONFIRMATION_MAX_ALPHA, Number((options.compare.familyAlpha / (4 * screening)).toPrecision(12)))
  return { ...options.compare, familyAlpha: alpha, confidenceLevel: Math.min(options.compare.confidenceLevel, 1 - alpha) }
}
