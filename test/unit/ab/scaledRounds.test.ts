import { describe, expect, it } from 'vitest'
import type { Arm, RoundResult } from '../../../src/ab/runRound.js'
import { scaledRounds } from '../../../src/ab/scaledRounds.js'

/** A round whose reporter echoes `echo` (undefined = a perf-sentinel that predates the time factor). */
function round(arm: Arm, echo: number | undefined): RoundResult {
  return { arm, exitCode: 0, durationMs: 1, measurements: [], ...(echo === undefined ? {} : { timeScale: echo }) }
}

describe('scaledRounds()', () => {
  it('runs every round at the factor while both sides apply it, and says so', async () => {
    const asked: number[] = []
    const rounds = scaledRounds(
      0.25,
      async (arm, _scope, factor) => {
        asked.push(factor)
        return round(arm, factor)
      },
      (arm) => arm,
    )
    for (const arm of ['base', 'head', 'base', 'head', 'head', 'control'] as const) await rounds.runRound(arm, {})
    expect(asked).toEqual([0.25, 0.25, 0.25, 0.25, 0.25, 0.25])
    expect(rounds.notes()).toEqual([
      'Each round ran every measurement for 0.25 × its time (--time-scale): more, shorter rounds in the budget.',
    ])
  })

  it('falls back to full time for every later round when one side does not echo the factor', async () => {
    const asked: Array<[Arm, number]> = []
    const rounds = scaledRounds(
      0.25,
      async (arm, _scope, factor) => {
        asked.push([arm, factor])
        // An older perf-sentinel in the base worktree ignores the variable and says nothing.
        return round(arm, arm === 'head' && factor !== 1 ? factor : undefined)
      },
      (arm) => (arm === 'head' ? 'head' : 'base worktree (abc1234)'),
    )
    for (const arm of ['base', 'head', 'base', 'head'] as const) await rounds.runRound(arm, {})
    expect(asked).toEqual([
      ['base', 0.25],
      ['head', 1],
      ['base', 1],
      ['head', 1],
    ])
    expect(rounds.notes()).toEqual([
      "The base worktree (abc1234)'s perf-sentinel does not apply --time-scale (PERF_SENTINEL_TIME_SCALE), so every round ran each measurement for its full time.",
    ])
  })

  it('ignores rounds without a perf report, and says nothing at full time', async () => {
    const asked: number[] = []
    const silent = scaledRounds(
      0.5,
      async (arm, _scope, factor) => {
        asked.push(factor)
        return { arm, exitCode: 0, durationMs: 1, measurements: undefined }
      },
      String,
    )
    await silent.runRound('base', {})
    await silent.runRound('head', {})
    // No report is no evidence of an old perf-sentinel: the factor stays.
    expect(asked).toEqual([0.5, 0.5])
    expect(silent.notes()).toEqual([
      'Each round ran every measurement for 0.5 × its time (--time-scale): more, shorter rounds in the budget.',
    ])
    const full = scaledRounds(1, async (arm) => round(arm, undefined), String)
    await full.runRound('base', {})
    expect(full.notes()).toEqual([])
  })
})
