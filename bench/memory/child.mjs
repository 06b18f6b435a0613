/**
 * One process of the memory benchmark: bytes per call of the 1 KB and 1.1 KB fixtures (allocation), and the leak
 * check on a 100 B/op leak and ten clean functions. argv: bundle path, JSON { leak: boolean }. Prints one JSON line.
 */
import { pathToFileURL } from 'node:url'

const [bundle, specJson] = process.argv.slice(2)
const spec = JSON.parse(specJson)
const { measureAllocation, checkLeak, cleanFixtures, leakingHundredBytes, oneKilobyte, tenPercentMore } = await import(
  pathToFileURL(bundle).href
)

const t0 = performance.now()
const base = measureAllocation(oneKilobyte)
const more = measureAllocation(tenPercentMore)
const allocationMs = performance.now() - t0
const out = { gc: base.gcMode, source: base.figures.source, base: base.figures, more: more.figures, allocationMs }
if (spec.leak) {
  const t1 = performance.now()
  const leak = await checkLeak(leakingHundredBytes(), { name: 'leak', snapshot: false })
  const leakCheckMs = performance.now() - t1
  const clean = {}
  for (const [name, fn] of Object.entries(cleanFixtures())) {
    const { figures } = await checkLeak(fn, { name, snapshot: false })
    clean[name] = { leaking: figures.leaking, slope: figures.slopeBytesPerOp, share: figures.growingRoundsShare }
  }
  Object.assign(out, { leak: leak.figures, leakCheckMs, clean })
}
console.log(JSON.stringify(out))
