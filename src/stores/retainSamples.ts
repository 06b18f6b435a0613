import { capSamples } from '../stats/summarize.js'

/**
 * Significant digits kept for stored samples: a relative rounding error of 5e-7 is far below any timer's noise,
 * and it roughly halves the size of baseline and history files.
 */
export const STORED_SAMPLE_DIGITS = 6

/**
 * Samples as stored in baseline and history files: at most `max`, evenly strided (`capSamples`) so their order and
 * any drift survive, rounded to `STORED_SAMPLE_DIGITS` significant digits. Returns a new array.
 */
export function retainSamples(samplesMs: readonly number[], max: number): number[] {
  return capSamples(samplesMs, Math.max(0, Math.floor(max))).map((sampleMs) =>
    Number.isFinite(sampleMs) ? Number(sampleMs.toPrecision(STORED_SAMPLE_DIGITS)) : sampleMs,
  )
}
