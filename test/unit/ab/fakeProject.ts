/** A fake project for the A/B engine: rounds cost fake time and return each measurement's true time with noise. */
import type { Arm, RoundMeasurement, RoundResult } from '../../../src/ab/runRound.js'
import type { AbEngineIo, AbPhase, AbProgress } from '../../../src/ab/sampleAb.js'
import type { RoundScope } from '../../../src/ab/testCommand.js'
import { normalDraw, seededRandom } from '../../helpers/seededRandom.js'

/** A measurement's true time per side, ms. */
export interface Truth {
  file: string
  testName: string
  name: string
  baseMs: number
  /** Head time; undefined when only the base has the measurement. */
  headMs?: number
  /** Only in the head. */
  headOnly?: boolean
}

/** A fake project: each round costs `roundMs` of fake time and yields each measurement's time with log-noise (1%). */
export function fakeProject(
  truths: readonly Truth[],
  options: {
    roundMs?: number
    seed?: number
    baseReports?: boolean
    controlShiftPercent?: number
    noise?: number
    /** A factor on every time of a round (an odd process): given the arm, the phase and the arm's round index in it. */
    odd?: (arm: Arm, phase: AbPhase, index: number) => number
  } = {},
) {
  const random = seededRandom(options.seed ?? 1)
  let clock = 0
  const calls: Array<{ arm: Arm; scope: RoundScope }> = []
  const progress: AbProgress[] = []
  const roundsOf = new Map<string, number>()
  const io: AbEngineIo = {
    now: () => clock,
    progress: (p) => progress.push(p),
    runRound: async (arm, scope, phase) => {
      calls.push({ arm, scope })
      const index = roundsOf.get(`${phase} ${arm}`) ?? 0
      roundsOf.set(`${phase} ${arm}`, index + 1)
      const odd = options.odd?.(arm, phase, index) ?? 1
      clock += options.roundMs ?? 1000
      if (arm !== 'head' && options.baseReports === false) return { arm, exitCode: 0, durationMs: 1000, measurements: undefined }
      const measurements: RoundMeasurement[] = []
      for (const t of truths) {
        if (scope.files !== undefined && !scope.files.includes(t.file)) continue
        if (scope.testNames !== undefined && !scope.testNames.includes(t.testName)) continue
        const truth = arm === 'head' ? t.headMs : t.headOnly ? undefined : t.baseMs
        if (truth === undefined) continue
        const shift = arm === 'control' ? 1 + (options.controlShiftPercent ?? 0) / 100 : 1
        const medianMs = truth * shift * odd * Math.exp((options.noise ?? 0.01) * normalDraw(random))
        measurements.push({
          id: `${t.file} > ${t.testName} > ${t.name}`,
          file: t.file,
          testName: t.testName,
          name: t.name,
          kind: 'measure',
          concurrent: false,
          subject: 'sync',
          batchSize: 1,
          medianMs,
          n: 50,
        })
      }
      const result: RoundResult = { arm, exitCode: 0, durationMs: options.roundMs ?? 1000, measurements }
      return result
    },
  }
  return { io, calls, progress }
}

/** A measurement with the same time on both sides. */
export const same = (file: string, name: string, ms = 1): Truth => ({ file, testName: name, name, baseMs: ms, headMs: ms })
