/**
 * The A/B decision engine (src/ab/sampleAb.ts: ABBA rounds, adaptive sampling, confirmation, A/A control) driven by
 * simulated rounds instead of real processes: what its statistics deliver for a given between-process noise, in
 * thousands of comparisons instead of the dozens real processes allow. Each simulated round costs 2 s of runner
 * start plus 0.3 s per measurement it runs (fake time against the real budget), so narrowing and the budget act as
 * in a real run. Noise models: log-normal process medians (sigma), and "slow phases" where a share of processes run
 * 1.8× slower (seen on this machine under load), its machine reference (`referenceMixMs`) 1.4× slower — as measured
 * on 2026-12-02 — or, in the "blind" models, no reference (as before it saw the slow states).
 *
 *   node bench/compareAb/simulate.mjs [--comparisons 200] [--round-ms 2000+300]
 *
 * Results: bench/results/compare-ab-sim.{json,md}.
 */
import { pathToFileURL } from 'node:url'
import { seededRandom, normalDraw } from '../../test/helpers/random.mjs'
import { bundleSource } from '../lib/bundleSource.mjs'
import { describeMachine, machineLine } from '../lib/machine.mjs'
import { markdownTable } from '../lib/markdownTable.mjs'
import { writeResults } from '../lib/writeResults.mjs'

const comparisonsFlag = process.argv.find((a) => a.startsWith('--comparisons'))
const COMPARISONS = Number(comparisonsFlag?.split('=')[1] ?? process.argv[process.argv.indexOf('--comparisons') + 1] ?? 200) || 200
const MEASUREMENTS = 20
/** What a simulated round costs: `--round-ms 2000+300` = 2 s + 0.3 s per measurement it runs (the default). */
const roundFlag = process.argv.find((a) => a.startsWith('--round-ms'))
const [FIXED_MS, PER_MEASUREMENT_MS] = (
  roundFlag?.split('=')[1] ??
  (roundFlag ? process.argv[process.argv.indexOf(roundFlag) + 1] : undefined) ??
  '2000+300'
)
  .split('+')
  .map(Number)
const MODELS = {
  'sigma 1%': { sigma: 0.01 },
  'sigma 2%': { sigma: 0.02 },
  'sigma 5%': { sigma: 0.05 },
  'sigma 2% + 10% slow phases': { sigma: 0.02, slowShare: 0.1 },
  'sigma 2% + 30% slow phases': { sigma: 0.02, slowShare: 0.3 },
  // States that last: a Markov chain slow 30% of the time in spells of ~10 rounds (as the machine's were: seconds to
  // minutes), each measurement slowed by its own factor (1.3–2.1×, as measured) — the hard case for the
  // confirmation's independence from the sampling that nominated.
  'sigma 2% + lasting slow spells (30%, ~10 rounds)': { sigma: 0.02, slowShare: 0.3, spellRounds: 10, factorSpread: true },
  'sigma 2% + 10% slow phases, blind reference': { sigma: 0.02, slowShare: 0.1, blind: true },
  'sigma 2% + 30% slow phases, blind reference': { sigma: 0.02, slowShare: 0.3, blind: true },
}

const path = await bundleSource(
  "export { sampleAb } from './src/ab/sampleAb.ts'\nexport { resolveAbOptions } from './src/ab/options.ts'\n",
  'abEngine',
)
const { sampleAb, resolveAbOptions } = await import(pathToFileURL(path).href)
const options = resolveAbOptions()

/** One simulated compare: 20 measurements, `slowed` maps index → percent slower in the head. */
async function simulate(model, slowed, seed) {
  const random = seededRandom(seed)
  let clock = 0
  // Per measurement, how much a slow state slows it (1.8× for all unless the model spreads it).
  const factors = Array.from({ length: MEASUREMENTS }, () => (model.factorSpread ? 1.3 + 0.8 * random() : 1.8))
  let slow = random() < (model.slowShare ?? 0)
  const io = {
    now: () => clock,
    progress: () => {},
    runRound: async (arm, scope) => {
      const ids = Array.from({ length: MEASUREMENTS }, (_, i) => i).filter((i) => !scope.testNames || scope.testNames.includes(`t${i}`))
      const durationMs = FIXED_MS + PER_MEASUREMENT_MS * ids.length
      clock += durationMs
      // A slow phase hits the whole process (all its measurements), as observed: drawn afresh for every round, or
      // a spell that ends with probability 1/spellRounds each round (and starts so that it is slowShare of the time).
      if (model.spellRounds === undefined) slow = random() < (model.slowShare ?? 0)
      else {
        const end = 1 / model.spellRounds
        const start = (end * model.slowShare) / (1 - model.slowShare)
        slow = slow ? random() >= end : random() < start
      }
      const measurements = ids.map((i) => {
        const truth = arm === 'head' ? 1 + (slowed[i] ?? 0) / 100 : 1
        const medianMs = truth * (slow ? factors[i] : 1) * Math.exp(model.sigma * normalDraw(random))
        // The reference moves ~1.4× when the workloads move 1.8×; a few percent within a state.
        const referenceMixMs = 0.01 * (slow ? 1.4 : 1) * Math.exp(0.02 * normalDraw(random))
        return {
          id: `f.test.ts > t${i} > m${i}`,
          file: 'f.test.ts',
          testName: `t${i}`,
          name: `m${i}`,
          kind: 'measure',
          concurrent: false,
          subject: 'sync',
          batchSize: 1,
          medianMs,
          ...(model.blind ? {} : { referenceMixMs }),
          n: 50,
        }
      })
      return { arm, exitCode: 0, durationMs, measurements }
    },
  }
  const result = await sampleAb(io, options)
  const verdicts = Array.from({ length: MEASUREMENTS }, (_, i) => result.final.comparisons.get(`f.test.ts > t${i} > m${i}`)?.verdict)
  return { verdicts, wallMs: clock, stop: result.stop, control: result.control.kind, nominated: result.decision.candidates.length }
}

const machine = describeMachine()
const rows = []
const data = {
  machine,
  comparisons: COMPARISONS,
  options: { budgetMs: options.budgetMs, failThresholdPercent: options.compare.failThresholdPercent },
  models: {},
}
let seed = 1
for (const [name, model] of Object.entries(MODELS)) {
  const aa = []
  const detection = []
  for (let c = 0; c < COMPARISONS; c++) aa.push(await simulate(model, {}, seed++))
  for (let c = 0; c < COMPARISONS; c++) {
    // Measurements 0–3 +10%, 4–7 +5%; 8–19 unchanged.
    const slowed = { 0: 10, 1: 10, 2: 10, 3: 10, 4: 5, 5: 5, 6: 5, 7: 5 }
    detection.push({ ...(await simulate(model, slowed, seed++)), slowed })
  }
  const count = (runs, pick, verdict) => runs.flatMap((r) => pick.map((i) => r.verdicts[i])).filter((v) => v === verdict).length
  const all = Array.from({ length: MEASUREMENTS }, (_, i) => i)
  const unchanged = all.slice(8)
  const summary = {
    aaFailedRuns: aa.filter((r) => r.verdicts.includes('regressed')).length,
    // A/A runs in which sampling nominated a candidate (the confirmation then had to reject it).
    aaNominatedRuns: aa.filter((r) => r.nominated > 0).length,
    unchangedRegressed: count(aa, all, 'regressed') + count(detection, unchanged, 'regressed'),
    unchangedTotal: aa.length * MEASUREMENTS + detection.length * unchanged.length,
    detected10: count(detection, [0, 1, 2, 3], 'regressed'),
    detected5: count(detection, [4, 5, 6, 7], 'regressed'),
    slowedTotal: detection.length * 4,
    medianWallS: median(aa.map((r) => r.wallMs / 1000)),
    maxWallS: Math.max(...aa.map((r) => r.wallMs / 1000)),
    medianWallDetectionS: median(detection.map((r) => r.wallMs / 1000)),
    unstable: aa.filter((r) => r.control === 'unstable').length + detection.filter((r) => r.control === 'unstable').length,
  }
  data.models[name] = summary
  const pct = (k, n) => `${((100 * k) / n).toFixed(1)}% (${k}/${n})`
  rows.push([
    name,
    `${summary.aaFailedRuns}/${aa.length}`,
    `${summary.aaNominatedRuns}/${aa.length}`,
    pct(summary.unchangedRegressed, summary.unchangedTotal),
    pct(summary.detected10, summary.slowedTotal),
    pct(summary.detected5, summary.slowedTotal),
    summary.medianWallS.toFixed(0),
    summary.maxWallS.toFixed(0),
    summary.medianWallDetectionS.toFixed(0),
  ])
  console.log(name, summary)
}
writeResults(
  'compare-ab-sim',
  data,
  [
    '### `perf-sentinel compare` decision engine on simulated rounds',
    '',
    machineLine(machine),
    '',
    `${COMPARISONS} A/A and ${COMPARISONS} detection comparisons per noise model, 20 measurements each (detection: 4 at +10%, 4 at +5%), ` +
      `compare defaults (budget ${options.budgetMs / 60_000} min, fail +${options.compare.failThresholdPercent}%). A round costs ${FIXED_MS / 1000} s + ${PER_MEASUREMENT_MS / 1000} s per measurement run (simulated time).`,
    '',
    markdownTable(
      [
        'noise of process medians',
        'A/A runs failed',
        'A/A runs with a candidate',
        'unchanged measurements regressed',
        '+10% detected',
        '+5% detected',
        'A/A median s',
        'A/A max s',
        'detection median s',
      ],
      rows,
    ),
  ].join('\n'),
)

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[sorted.length >> 1]
}
