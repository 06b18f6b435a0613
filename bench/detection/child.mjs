/**
 * One "CI job": a fresh process that measures a list of workload variants with `measure()` and its default options,
 * in the order given. Usage: node child.mjs '<JSON [{ key, iterations }]>'. Prints one JSON line keyed by variant.
 */
import { measure } from '../../dist/index.js'
import { sqrtWork } from '../lib/sqrtWork.mjs'

const plan = JSON.parse(process.argv[2])
const results = {}
for (const { key, iterations } of plan) {
  const r = await measure(key, () => sqrtWork(iterations))
  results[key] = {
    samplesMs: r.samplesMs,
    medianMs: r.medianMs,
    meanMs: r.meanMs,
    n: r.n,
    rmePercent: r.rmePercent,
    batchSize: r.batchSize,
    sampledForMs: r.sampledForMs,
    referenceMixMs: r.referenceMixMs,
  }
}
process.stdout.write(`${JSON.stringify(results)}\n`)
