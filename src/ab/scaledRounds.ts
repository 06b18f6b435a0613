/**
 * Rounds at compare's time factor (`--time-scale`, `PERF_SENTINEL_TIME_SCALE`), the same on both sides: a round's
 * reporter echoes the factor its measurements ran at, and when one side's perf-sentinel predates it (no echo) every
 * later round runs at full time. The discovery rounds (base, then head) come first and are not decided on, so no
 * decided round mixes the two.
 */
import type { Arm, RoundResult } from './runRound.js'
import type { RoundScope } from './testCommand.js'

/** Runs rounds at a time factor that may fall back to 1; `notes()` says what it ran at, for the report. */
export interface ScaledRounds {
  runRound(arm: Arm, scope: RoundScope): Promise<RoundResult>
  notes(): string[]
}

/** Wraps `run` (one round at a given factor); `label` names a side in the note. */
export function scaledRounds(
  timeScale: number,
  run: (arm: Arm, scope: RoundScope, timeScale: number) => Promise<RoundResult>,
  label: (arm: Arm) => string,
): ScaledRounds {
  let current = timeScale
  let fellBack: string | undefined
  return {
    async runRound(arm, scope) {
      const result = await run(arm, scope, current)
      if (current !== 1 && result.measurements !== undefined && result.timeScale !== current) {
        current = 1
        fellBack = label(arm)
      }
      return result
    },
    notes() {
      if (fellBack !== undefined) {
        return [
          `The ${fellBack}'s perf-sentinel does not apply --time-scale (PERF_SENTINEL_TIME_SCALE), so every round ran each measurement for its full time.`,
        ]
      }
      return current === 1
        ? []
        : [`Each round ran every measurement for ${current} × its time (--time-scale): more, shorter rounds in the budget.`]
    },
  }
}
