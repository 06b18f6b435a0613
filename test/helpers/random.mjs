/** A small deterministic generator (mulberry32) returning floats in [0, 1): reproducible shuffles and data. The tests use it too (test/helpers/seededRandom.ts). */
export function seededRandom(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/** A standard normal draw from two uniforms (Box–Muller). */
export function normalDraw(random) {
  const u = 1 - random()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
}

/** A shuffled copy (Fisher–Yates). */
export function shuffled(items, random) {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const k = Math.floor(random() * (i + 1))
    ;[copy[i], copy[k]] = [copy[k], copy[i]]
  }
  return copy
}
