/**
 * Part 3 — detection quality: does a comparison between two separate processes (two CI jobs) fail on identical code,
 * and does it catch real slowdowns of 5%, 10% and 20%?
 *
 * Each child process is one job measuring every variant of every workload with `measure()`'s defaults, in a
 * shuffled order. Process i's base is compared with process j's head, j = i + P/2 (far apart in time, like a stored
 * baseline): each pair of processes yields two comparisons per effect, and no measurement is reused within an
 * effect. A/A compares `base` with `base2`, a second measurement of identical code in the other process.
 */
import { fileURLToPath } from 'node:url'
import { makeRules, RULE_LABELS } from './detection/rules.mjs'
import { loadCompareCore } from './lib/compareCore.mjs'
import { describeMachine, machineLine } from './lib/machine.mjs'
import { markdownTable } from './lib/markdownTable.mjs'
import { median } from './lib/median.mjs'
import { runNodeJson } from './lib/runProcess.mjs'
import { seededRandom, shuffled } from '../test/helpers/random.mjs'
import { calibrateIterations } from './lib/sqrtWork.mjs'
import { writeResults } from './lib/writeResults.mjs'

const CHILD = fileURLToPath(new URL('./detection/child.mjs', import.meta.url))
/** Target duration of each workload, in ns. */
const WORKLOADS = { '10 µs': 10_000, '200 µs': 200_000, '5 ms': 5_000_000 }
/** Work multiplier of each variant: slowdowns are extra iterations of the same loop, i.e. real extra CPU work. */
const VARIANTS = { base: 1, base2: 1, slow5: 1.05, slow10: 1.1, slow20: 1.2 }
/** Effect name → the head variant compared with `base`. */
const EFFECTS = { 'A/A': 'base2', '+5%': 'slow5', '+10%': 'slow10', '+20%': 'slow20' }
/** Prior runs handed to the noise floor in the history column (the store keeps a run's median per measurement). */
const HISTORY_RUNS = 10

export async function runDetection({ processes = 64, budgetMin = 12 } = {}) {
  if (processes % 2 !== 0 || processes < 4) throw new Error('--processes must be an even number ≥ 4')
  const machine = describeMachine()
  const core = await loadCompareCore()
  const environment = core.environmentFingerprint({ runner: 'node', runnerVersion: process.version }).hard
  const rules = makeRules(core, environment)
  const iterations = Object.fromEntries(Object.entries(WORKLOADS).map(([w, ns]) => [w, calibrateIterations(ns)]))
  const plan = Object.keys(WORKLOADS).flatMap((workload) =>
    Object.entries(VARIANTS).map(([variant, factor]) => ({
      key: `${workload}|${variant}`,
      iterations: Math.round(iterations[workload] * factor),
    })),
  )
  console.log(`detection: ${processes} processes × ${plan.length} measurements`, iterations)

  const jobs = []
  const startMs = Date.now()
  for (let p = 0; p < processes; p++) {
    // A different, reproducible order in every process, so the position of a variant never biases it.
    jobs.push(await runNodeJson(CHILD, [JSON.stringify(shuffled(plan, seededRandom(p + 1)))]))
    const elapsedMin = (Date.now() - startMs) / 60_000
    console.log(`  process ${p + 1}/${processes} done, ${elapsedMin.toFixed(1)} min elapsed`)
    // On a loaded machine `measure()` runs its full 1 s per variant: stop at the budget, keeping an even count.
    if (elapsedMin > budgetMin && jobs.length >= 4 && jobs.length % 2 === 0) break
  }
  processes = jobs.length

  const comparisons = []
  for (const workload of Object.keys(WORKLOADS)) {
    const baseMedians = jobs.map((job) => job[`${workload}|base`].medianMs)
    for (const [effect, headVariant] of Object.entries(EFFECTS)) {
      for (let i = 0; i < processes; i++) {
        const j = (i + processes / 2) % processes
        const base = jobs[i][`${workload}|base`]
        const head = jobs[j][`${workload}|${headVariant}`]
        // History: the base medians of the runs before i (cyclically), never the head's own process.
        const history = []
        for (let k = 1; history.length < HISTORY_RUNS && k < processes; k++) {
          const prior = (i - k + processes) % processes
          if (prior !== j) history.push(baseMedians[prior])
        }
        const verdicts = Object.fromEntries(Object.entries(rules).map(([name, rule]) => [name, rule(base, head, history)]))
        comparisons.push({ workload, effect, baseProcess: i, headProcess: j, verdicts })
      }
    }
  }
  const noise = Object.keys(WORKLOADS).map((workload) => betweenProcessNoise(workload, jobs))
  const data = { machine, finishedAt: new Date().toISOString(), processes, iterations, noise, comparisons, jobs }
  writeResults('detection', data, render(data))
  return data
}

/** How much one workload's median moved between processes with identical code: the noise every rule must survive. */
function betweenProcessNoise(workload, jobs) {
  const medians = jobs.map((job) => job[`${workload}|base`].medianMs)
  const center = median(medians)
  const madPercent = (median(medians.map((m) => Math.abs(m - center))) / center) * 100
  const samples = jobs.map((job) => job[`${workload}|base`].n)
  return {
    workload,
    medianMs: center,
    robustCvPercent: madPercent * 1.4826,
    maxOverMin: Math.max(...medians) / Math.min(...medians),
    samplesPerMeasurement: median(samples),
  }
}

function render({ machine, processes, iterations, noise, comparisons }) {
  const ruleNames = Object.keys(RULE_LABELS)
  const rows = []
  for (const workload of Object.keys(WORKLOADS)) {
    for (const effect of Object.keys(EFFECTS)) {
      const group = comparisons.filter((c) => c.workload === workload && c.effect === effect)
      rows.push([
        `${workload} ${effect}`,
        group.length,
        ...ruleNames.map((rule) =>
          describeCounts(
            group.map((c) => c.verdicts[rule]),
            effect === 'A/A',
          ),
        ),
      ])
    }
  }
  const falseFailures = ruleNames.map((rule) => {
    const aa = comparisons.filter((c) => c.effect === 'A/A')
    const failed = aa.filter((c) => c.verdicts[rule].verdict === 'regressed').length
    return `- ${RULE_LABELS[rule]}: ${failed} false failures in ${aa.length} A/A comparisons`
  })
  const noiseTable = markdownTable(
    ['workload', 'median', 'between-process robust CV', 'max / min median', 'samples per measurement'],
    noise.map((n) => [
      n.workload,
      `${(n.medianMs * 1000).toFixed(1)} µs`,
      `${n.robustCvPercent.toFixed(2)}%`,
      n.maxOverMin.toFixed(3),
      Math.round(n.samplesPerMeasurement),
    ]),
  )
  return [
    '### Detection quality (separate processes)',
    '',
    machineLine(machine),
    '',
    `${processes} child processes, each measuring every variant once with \`measure()\` defaults; ` +
      `sqrtWork iterations ${JSON.stringify(iterations)}. Cells: **failed** % (count) / warned (unchanged with a ` +
      'warning, ≥ +5%) / inconclusive / improved, out of n comparisons. For A/A every failure is false; for ' +
      'slowdowns, failed = detected. The naive rule has no warn or inconclusive outcome.',
    '',
    markdownTable(['workload, effect', 'n', ...ruleNames.map((r) => RULE_LABELS[r])], rows),
    '',
    ...falseFailures,
    '',
    'Between-process noise of the base measurement (identical code, different processes):',
    '',
    noiseTable,
  ].join('\n')
}

/** "**failed%** (count) / warned / inconclusive / improved" for one rule over a group of comparisons. */
function describeCounts(outcomes, isAA) {
  const count = (test) => outcomes.filter(test).length
  const failed = count((o) => o.verdict === 'regressed')
  const warned = count((o) => o.verdict === 'unchanged' && o.warning)
  const pct = `${Math.round((failed / outcomes.length) * 100)}%`
  const label = isAA && failed > 0 ? `**${pct} (${failed})** ✗` : `**${pct}** (${failed})`
  const inconclusive = count((o) => o.verdict === 'inconclusive')
  return `${label} / ${warned} / ${inconclusive} / ${count((o) => o.verdict === 'improved')}`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flag = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
  await runDetection({ processes: Number(flag('processes') ?? 64), budgetMin: Number(flag('budget-min') ?? 12) })
}
