/**
 * Part perf-timing — what `perfTiming` adds to every call, against the bare function in the same process.
 *
 * Method: batched loops (one freshly compiled loop per variant, so each call site stays monomorphic), results
 * consumed into a sink, variants interleaved forward and backward in rounds; the added cost is the per-round
 * difference wrapped − bare, and the table gives its median and interquartile range. Loops are timed in process CPU
 * time (`process.cpuUsage()`, loops of ≥ 100 ms, so its resolution does not matter): on a shared machine, wall time
 * also counts the time the OS gave other processes, which multiplies every figure by the load. Wall time is kept in
 * the raw data. A "two clock reads" variant shows the floor: timing a call needs two reads of the clock. mitata
 * measures the same two functions as a cross-check (wall time). Target (issue 12): ≤ 100 ns added per sync call with
 * the log off.
 *
 *   node bench/run.mjs perf-timing [--rounds=21] [--calls=2000000] [--before=<another build's index.js>[,<another>]]
 *
 * `--before` also loads perfTiming from another build (e.g. the previous commit's, bundled to one file) and measures
 * its sync wrapper against the same bare function in the same rounds, so a change is judged within one run.
 */
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { do_not_optimize, measure as mitataMeasure } from 'mitata'
import { describeMachine, machineLine } from './lib/machine.mjs'
import { markdownTable } from './lib/markdownTable.mjs'
import { median } from './lib/median.mjs'
import { DIST_INDEX } from './lib/paths.mjs'
import { writeResults } from './lib/writeResults.mjs'

const TARGET_ADDED_NS = 100
const flag = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback)

function add(a, b) {
  return a + b * 2
}
async function addAsync(a, b) {
  return a + b * 2
}
function* steps(n) {
  for (let i = 0; i < n; i++) yield i
}

/** Process CPU time in ns (user + system). */
function cpuNs() {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) * 1000
}

/** Times `run()` (n operations): CPU ns per operation, wall ns kept on the side in `wall`. */
function timed(wall, n, run) {
  const c0 = cpuNs()
  const w0 = performance.now()
  const sink = run()
  const finish = (value) => {
    wall.push(((performance.now() - w0) * 1e6) / n)
    if (value === 0.5) console.log('unreachable: keeps the sink alive')
    return (cpuNs() - c0) / n
  }
  return sink instanceof Promise ? sink.then(finish) : finish(sink)
}

/** A loop of `n` calls of `fn`, compiled for this variant alone (a monomorphic call site). */
function syncLoop(fn, wall = []) {
  const loop = new Function('fn', 'n', 'let sink = 0; for (let i = 0; i < n; i++) sink += fn(i, 1); return sink')
  return (n) => timed(wall, n, () => loop(fn, n))
}
function asyncLoop(fn, wall = []) {
  const AsyncFunction = (async () => {}).constructor
  const loop = new AsyncFunction('fn', 'n', 'let sink = 0; for (let i = 0; i < n; i++) sink += await fn(i, 1); return sink')
  return (n) => timed(wall, n, () => loop(fn, n))
}
function stepLoop(fn, wall = []) {
  const loop = new Function('fn', 'n', 'let sink = 0; for (const v of fn(n)) sink += v; return sink')
  return (n) => timed(wall, n, () => loop(fn, n))
}

function quartiles(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))]
  return { q1: at(0.25), median: median(values), q3: at(0.75) }
}

/** Interleaved rounds of bare vs wrapped; returns per-round ns/call of each and the paired differences. */
async function pair(label, bare, wrapped, calls, rounds) {
  const rows = { bare: [], wrapped: [], added: [] }
  await bare(Math.min(calls, 100_000))
  await wrapped(Math.min(calls, 100_000))
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['bare', 'wrapped'] : ['wrapped', 'bare']
    const got = {}
    for (const which of order) got[which] = await (which === 'bare' ? bare : wrapped)(calls)
    rows.bare.push(got.bare)
    rows.wrapped.push(got.wrapped)
    rows.added.push(got.wrapped - got.bare)
  }
  const summary = { label, bareNs: median(rows.bare), wrappedNs: median(rows.wrapped), added: quartiles(rows.added), rounds: rows }
  console.log(
    `  ${label.padEnd(34)} bare ${summary.bareNs.toFixed(1)} ns, wrapped ${summary.wrappedNs.toFixed(1)} ns, added ${summary.added.median.toFixed(1)} ns [${summary.added.q1.toFixed(1)} … ${summary.added.q3.toFixed(1)}]`,
  )
  return summary
}

const beforeFlag = process.argv.find((a) => a.startsWith('--before='))?.slice('--before='.length)

/**
 * Several wrapped variants against one bare function, all in the same rounds (order rotated every round and
 * reversed every other), so that load drifting during the run shifts them alike: for comparing builds.
 */
async function group(labels, bare, variants, calls, rounds) {
  const all = [bare, ...variants]
  for (const run of all) await run(Math.min(calls, 100_000))
  const perRound = all.map(() => [])
  for (let round = 0; round < rounds; round++) {
    const order = all.map((_, i) => (i + round) % all.length)
    if (round % 2 === 1) order.reverse()
    for (const i of order) perRound[i].push(await all[i](calls))
  }
  return variants.map((_, v) => {
    const added = perRound[v + 1].map((ns, round) => ns - perRound[0][round])
    const summary = {
      label: labels[v],
      bareNs: median(perRound[0]),
      wrappedNs: median(perRound[v + 1]),
      added: quartiles(added),
      rounds: { bare: perRound[0], wrapped: perRound[v + 1], added },
    }
    console.log(
      `  ${summary.label.padEnd(34)} bare ${summary.bareNs.toFixed(1)} ns, wrapped ${summary.wrappedNs.toFixed(1)} ns, added ${summary.added.median.toFixed(1)} ns [${summary.added.q1.toFixed(1)} … ${summary.added.q3.toFixed(1)}]`,
    )
    return summary
  })
}

export async function runPerfTiming({ rounds = flag('rounds', 21), calls = flag('calls', 2_000_000), before = beforeFlag } = {}) {
  const { perfTiming, resetStats } = await import(pathToFileURL(DIST_INDEX).href)
  const machine = describeMachine()
  console.log(`perf-timing: ${rounds} rounds × ${calls} calls per variant`)
  const results = []
  const timedAdd = perfTiming(add, { name: 'bench.add', log: false })
  if (before) {
    // --before=a.js[,b.js]: this build's sync wrapper and each other build's, interleaved in the same rounds.
    const builds = before.split(',')
    const others = await Promise.all(builds.map((build) => import(pathToFileURL(build).href)))
    const wrapped = [timedAdd, ...others.map((other, i) => other.perfTiming(add, { name: `bench.addBuild${i}`, log: false }))]
    const labels = ['sync, log off', ...builds.map((build) => `sync, log off — ${build.split('/').slice(-2).join('/')}`)]
    results.push(
      ...(await group(
        labels,
        syncLoop(add),
        wrapped.map((fn) => syncLoop(fn)),
        calls,
        rounds,
      )),
    )
    for (const other of others) other.resetStats()
  } else {
    results.push(await pair('sync, log off', syncLoop(add), syncLoop(timedAdd), calls, rounds))
  }
  // The floor: any per-call timer reads the clock twice. perfTiming reads process.hrtime() (src/diagnostics/callClock.ts);
  // performance.now() is shown too, as the clock most hand-written timers use.
  const hrtime = process.hrtime
  const hrMs = () => {
    const t = hrtime()
    return t[0] * 1e3 + t[1] * 1e-6
  }
  const twoReads = (a, b) => {
    const t0 = hrMs()
    const result = add(a, b)
    return result + (hrMs() - t0) * 0
  }
  results.push(await pair('two clock reads only (the floor)', syncLoop(add), syncLoop(twoReads), calls, rounds))
  const now = performance.now.bind(performance)
  const twoNowReads = (a, b) => {
    const t0 = now()
    const result = add(a, b)
    return result + (now() - t0) * 0
  }
  results.push(await pair('two performance.now() reads', syncLoop(add), syncLoop(twoNowReads), calls, rounds))
  const withThreshold = perfTiming(add, { name: 'bench.addThreshold', log: false, thresholdMs: 1 })
  results.push(await pair('sync, log off, with a threshold', syncLoop(add), syncLoop(withThreshold), calls, rounds))
  const timedAsync = perfTiming(addAsync, { name: 'bench.addAsync', log: false })
  results.push(await pair('async (incl. blocking watch), log off', asyncLoop(addAsync), asyncLoop(timedAsync), calls / 20, rounds))
  const noWatch = perfTiming(addAsync, { name: 'bench.addAsyncNoWatch', log: false, detectBlocking: false })
  results.push(await pair('async, detectBlocking: false', asyncLoop(addAsync), asyncLoop(noWatch), calls / 20, rounds))
  const timedSteps = perfTiming(steps, { name: 'bench.steps', log: false })
  results.push(await pair('generator, per step', stepLoop(steps), stepLoop(timedSteps), calls, rounds))
  resetStats()

  // Cross-check with mitata (its own warm-up and batching), same two sync functions.
  let i = 0
  const mitataBare = await mitataMeasure(() => do_not_optimize(add(i++, 1)))
  const mitataWrapped = await mitataMeasure(() => do_not_optimize(timedAdd(i++, 1)))
  const mitata = { bareNs: mitataBare.avg, wrappedNs: mitataWrapped.avg, addedNs: mitataWrapped.avg - mitataBare.avg }
  console.log(
    `  mitata: bare ${mitata.bareNs.toFixed(1)} ns, wrapped ${mitata.wrappedNs.toFixed(1)} ns, added ${mitata.addedNs.toFixed(1)} ns`,
  )

  const data = {
    machine,
    finishedAt: new Date().toISOString(),
    rounds,
    calls,
    results: results.map(({ rounds: _r, ...rest }) => rest),
    raw: results,
    mitata,
    targetAddedNs: TARGET_ADDED_NS,
  }
  writeResults('perf-timing', data, render(data))
  return data
}

function render(data) {
  const rows = data.results.map((r) => [
    r.label,
    r.bareNs.toFixed(1),
    r.wrappedNs.toFixed(1),
    `${r.added.median.toFixed(1)} [${r.added.q1.toFixed(1)} … ${r.added.q3.toFixed(1)}]`,
  ])
  const sync = data.results[0]
  const floor = data.results.find((r) => r.label.startsWith('two clock reads'))
  const verdict = sync.added.median <= TARGET_ADDED_NS ? 'met' : 'NOT met'
  return [
    `### perfTiming cost per call (CPU ns, median of ${data.rounds} interleaved rounds; added = wrapped − bare per round, [IQR])`,
    '',
    machineLine(data.machine),
    '',
    markdownTable(['Variant', 'Bare', 'perfTiming', 'Added'], rows),
    '',
    `mitata cross-check (sync, log off): bare ${data.mitata.bareNs.toFixed(1)} ns, perfTiming ${data.mitata.wrappedNs.toFixed(1)} ns, added ${data.mitata.addedNs.toFixed(1)} ns.`,
    `Target ≤ ${TARGET_ADDED_NS} ns added per sync call with the log off: ${verdict} (${sync.added.median.toFixed(1)} ns, of which the two clock reads take ${floor.added.median.toFixed(1)} ns).`,
  ].join('\n')
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await runPerfTiming()
