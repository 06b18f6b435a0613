import { normalDraw, seededRandom } from '../../test/helpers/random.mjs'

/**
 * A synthetic run the size of a large suite: `count` measurements, `samples` per side, medians from 1 µs to 10 ms,
 * log-normal noise of 3% with 1% outliers (GC-like, 1.5–3×), ten prior run medians each, and a +20% slowdown in
 * every tenth head. Seeded, so every repetition compares identical data.
 */
export function syntheticRun({ count = 1000, samples = 256, seed = 42 } = {}) {
  const random = seededRandom(seed)
  const draw = (medianMs) => {
    const value = medianMs * Math.exp(0.03 * normalDraw(random))
    return random() < 0.01 ? value * (1.5 + 1.5 * random()) : value
  }
  const side = (medianMs) => {
    const samplesMs = Array.from({ length: samples }, () => draw(medianMs))
    const sorted = Float64Array.from(samplesMs).sort()
    return { samplesMs, medianMs: (sorted[(samples - 1) >> 1] + sorted[samples >> 1]) / 2 }
  }
  const heads = new Map()
  const bases = new Map()
  for (let i = 0; i < count; i++) {
    const id = `test/file${i % 50}.test.ts > case ${i} > measure`
    const medianMs = 10 ** (-3 + 4 * random())
    const historyMediansMs = Array.from({ length: 10 }, () => medianMs * Math.exp(0.02 * normalDraw(random)))
    bases.set(id, { ...side(medianMs), historyMediansMs })
    heads.set(id, side(i % 10 === 0 ? medianMs * 1.2 : medianMs))
  }
  return { heads, bases }
}
