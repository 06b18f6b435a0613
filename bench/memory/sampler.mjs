/**
 * One process of the sampler-cost benchmark: a fixed CPU-bound workload (the same sqrt loop everywhere), timed with
 * the resource sampler off or on at the given interval. argv: bundle path, JSON { intervalMs: number | null }.
 */
import { pathToFileURL } from 'node:url'

const [bundle, specJson] = process.argv.slice(2)
const { intervalMs, iterations } = JSON.parse(specJson)
const { startResourceSampler } = await import(pathToFileURL(bundle).href)

let sink = 0
function work(n) {
  for (let i = 0; i < n; i++) sink += Math.sqrt(i + (sink % 7))
}
// Timer turns matter: the sampler's timer only fires between chunks, as it would between test files' awaits.
async function run() {
  const start = performance.now()
  for (let chunk = 0; chunk < 200; chunk++) {
    work(iterations / 200)
    await new Promise((resolve) => setImmediate(resolve))
  }
  return performance.now() - start
}
await run()
const sampler = intervalMs === null ? undefined : startResourceSampler({ intervalMs })
const wallMs = await run()
const timeline = sampler?.stop()
console.log(JSON.stringify({ wallMs, samples: timeline?.samples.length ?? 0, samplingMs: timeline?.samplingMs ?? 0, sink: sink > 0 }))
