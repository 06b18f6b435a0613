import { describe, expect, it } from 'vitest'
import type { Arm, RoundResult } from '../../../src/ab/runRound.js'
import { scaledRounds } from '../../../src/ab/scaledRounds.js'

/** A round whose reporter echoes `echo` (undefined = a perf-sentinel that predates the time factor). */
function round(arm: Arm, echo: number | undefined): RoundResult {
  return { arm, exitCode: 0, durationMs: 1, measurements: [], ...(echo === undefined ? {} : { timeScale: echo }) }
}

/** A round runner that records the side and factor of every round and answers with `reply`. */
function recording(reply: (arm: Arm, factor: number) => RoundResult) {
  const asked: Array<[Arm, number]> = []
  const run = async (arm: Arm, _scope: unknown, factor: number): Promise<RoundResult> => {
    asked.push([arm, factor])
    return reply(arm, factor)
  }
  return { asked, run, factors: (): number[] => asked.map(([, factor]) => factor) }
}

describe('scaledRounds()', () => {
  it('runs every round at the factor while both sides apply it, and says so', async () => {
    const runner = recording((arm, factor) => round(arm, factor))
    const rounds = scaledRounds(0.25, runner.run, (arm) => arm)
    for (const arm of ['base', 'head', 'base', 'head', 'head', 'control'] as const) await rounds.runRound(arm, {})
    expect(runner.factors()).toEqual([0.25, 0.25, 0.25, 0.25, 0.25, 0.25])
    expect(rounds.notes()).toEqual([
      'Each round ran every measurement for 0.25 × its time (--time-scale): more, shorter rounds in the budget.',
    ])
  })

  it('falls back to full time for every later round when one side does not echo the factor', async () => {
    // An older perf-sentinel in the base worktree ignores the variable and says nothing.
    const runner = recording((arm, factor) => round(arm, arm === 'head' && factor !== 1 ? factor : undefined))
    const rounds = scaledRounds(0.25, runner.run, (arm) => (arm === 'head' ? 'head' : 'base worktree (abc1234)'))
    for (const arm of ['base', 'head', 'base', 'head'] as const) await rounds.runRound(arm, {})
    expect(runner.asked).toEqual([
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
    const runner = recording((arm) => ({ arm, exitCode: 0, durationMs: 1, measurements: undefined }))
    const silent = scaledRounds(0.5, runner.run, String)
    await silent.runRound('base', {})
    await silent.runRound('head', {})
    // No report is no evidence of an old perf-sentinel: the factor stays.
    expect(runner.factors()).toEqual([0.5, 0.5])
    expect(silent.notes()).toEqual([
      'Each round ran every measurement for 0.5 × its time (--time-scale): more, shorter rounds in the budget.',
    ])
    const full = scaledRounds(1, async (arm) => round(arm, undefined), String)
    await full.runRound('base', {})
    expect(full.notes()).toEqual([])
  })
})
