/**
 * Times `compareRun` on the synthetic run in a fresh process: the first call (cold: what a reporter pays once per
 * test run) and `reps` more (warm). Usage: node child.mjs <compare core bundle> <reps>. Prints one JSON line.
 */
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { syntheticRun } from './syntheticRun.mjs'

const [bundlePath, repsArg] = process.argv.slice(2)
const core = await import(pathToFileURL(bundlePath).href)
const options = core.resolveCompareOptions()
const environment = core.environmentFingerprint({ runner: 'node', runnerVersion: process.version }).hard
const { heads, bases } = syntheticRun()
for (const side of [heads, bases]) for (const entry of side.values()) entry.environment = environment

const timesMs = []
let verdicts
for (let rep = 0; rep <= Number(repsArg); rep++) {
  const t0 = performance.now()
  const { comparisons } = core.compareRun(heads, bases, options)
  timesMs.push(performance.now() - t0)
  // Consume the result (and keep a sanity check): count the verdicts.
  verdicts = {}
  for (const { verdict } of comparisons.values()) verdicts[verdict] = (verdicts[verdict] ?? 0) + 1
}
process.stdout.write(`${JSON.stringify({ coldMs: timesMs[0], warmMs: timesMs.slice(1), verdicts })}\n`)
