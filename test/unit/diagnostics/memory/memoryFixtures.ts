/** Functions with known memory behaviour, for the memory matchers' tests. */

/** ~1 KB per call: an array of 126 doubles (126 × 8 B of elements plus headers = 1056 B on 64-bit V8). */
export const oneKilobyte = (): number[] => new Array<number>(126).fill(1.5)
/** ~10% more: 139 doubles (1160 B). */
export const tenPercentMore = (): number[] => new Array<number>(139).fill(1.5)

/** A leak of ~100 B per call: a 10-field object kept forever. */
export function leakingHundredBytes(): () => number {
  const kept: object[] = []
  return () => {
    kept.push({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10 })
    return kept.length
  }
}

/** A leak of the returned values themselves: every result is cached and never evicted. */
export function leakingResults(): () => { id: number } {
  const cache = new Map<number, { id: number }>()
  let id = 0
  return () => {
    const value = { id: id++ }
    cache.set(value.id, value)
    return value
  }
}

/** Ten functions that allocate but keep nothing, five of them promise-heavy. */
export function cleanFixtures(): Record<string, () => unknown> {
  const bounded = new Map<number, number>()
  const pool = Array.from({ length: 64 }, (_, i) => ({ i }))
  let n = 0
  return {
    'array of doubles': oneKilobyte,
    'string building': () => `${'x'.repeat(200)}${Math.random()}`,
    'map of objects': () => {
      const m = new Map<number, { i: number }>()
      for (let i = 0; i < 20; i++) m.set(i, { i })
      return m
    },
    'bounded cache': () => {
      bounded.set(n++ % 100, n)
      return bounded.size
    },
    'object pool': () => pool[n++ % pool.length],
    'async function': async () => {
      await null
      return { a: 1 }
    },
    'Promise.all of async calls': () => Promise.all([1, 2, 3].map(async (x) => ({ x }))),
    'setImmediate promise': () => new Promise((resolve) => setImmediate(() => resolve({ v: 1 }))),
    'promise chain': () =>
      Promise.resolve(1)
        .then((x) => x + 1)
        .then((x) => ({ x })),
    'async generator drained': async () => {
      async function* gen(): AsyncGenerator<number> {
        for (let i = 0; i < 5; i++) yield i
      }
      let sum = 0
      for await (const x of gen()) sum += x
      return sum
    },
  }
}
