/**
 * `PERF_SENTINEL_TIME_SCALE`: a factor in (0, 1] on every measurement's time (`timeMs`, `minTimeMs`, `warmupMs`) in
 * this process. `perf-sentinel compare` sets it in its rounds: there the unit of evidence is one process's median,
 * whose spread between processes is several times its spread within one, so more, shorter processes decide sooner
 * than fewer, longer ones (BENCHMARKS.md part 6). Sample counts (`minSamples`, `iterations`) are not scaled, and
 * both sides of a comparison run at the same factor.
 */
import { PerfSentinelError } from '../errors.js'

/** The variable that sets the factor. */
export const TIME_SCALE_ENV = 'PERF_SENTINEL_TIME_SCALE'

let cached: { text: string | undefined; scale: number } | undefined

/**
 * The factor `env` sets (1 when unset or empty). Throws `PerfSentinelError('E_CONFIG')` naming the variable, its
 * text and what is accepted when it is not a number in (0, 1].
 */
export function measureTimeScale(env: NodeJS.ProcessEnv = process.env): number {
  const text = env[TIME_SCALE_ENV]
  if (cached !== undefined && cached.text === text) return cached.scale
  const trimmed = text?.trim() ?? ''
  const scale = trimmed === '' ? 1 : Number(trimmed)
  if (!(scale > 0 && scale <= 1)) {
    throw new PerfSentinelError('E_CONFIG', `${TIME_SCALE_ENV}=${JSON.stringify(text)} is not a number in (0, 1]`, {
      fix: `set ${TIME_SCALE_ENV} to a factor such as 0.5 (half of each measurement's time), or unset it for the full time`,
    })
  }
  cached = { text, scale }
  return scale
}

/**
 * What a run's report says of the factor: `timeScale` when the measurements ran scaled, and a note — or, for an
 * invalid value (which failed every measurement in the workers), a note naming it. Never throws: the run end must
 * still write its reports.
 */
export function runTimeScale(env: NodeJS.ProcessEnv): { timeScale?: number; notes: string[] } {
  let scale: number
  try {
    scale = measureTimeScale(env)
  } catch (error) {
    return { notes: [`${(error as Error).message.split('\n')[0]}: every measurement failed.`] }
  }
  if (scale === 1) return { notes: [] }
  const note = `Every measurement ran for ${scale} × its time (${TIME_SCALE_ENV}): fewer samples than the tests ask for, compared with a baseline that may have had more.`
  return { timeScale: scale, notes: [note] }
}
