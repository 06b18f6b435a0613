import { capSamples } from '../stats/summarize.js'
import { sixSignificantDigits } from '../format.js'

/**
 * Samples as stored in baseline and history files: at most `max`, evenly strided (`capSamples`) so their order and
 * any drift survive, rounded to six significant digits (`sixSignificantDigits`: roughly
 * half the size of baseline and history files, an error far below any timer's noise). Returns a new array.
 */
export function retainSamples(samplesMs: readonly number[], max: number): number[] {
  const kept = capSamples(samplesMs, Math.max(0, Math.floor(max)))
  for (let i = 0; i < kept.length; i++) kept[i] = sixSignificantDigits(kept[i] as number)
  return kept
}
