/**
 * Part profile — CPU profiles of measured functions, in real Vitest and Jest processes.
 *
 *   focus        share of the profile's non-idle samples inside the measured function (its frames and callees,
 *                async continuations included), for CPU-bound subjects profiled with `profile: 'always'`; target ≥ 90%
 *   on vs off    the same measurement with `profile: 'always'` and `'off'`, interleaved ABBA: ratio of medians; the
 *                replay runs after the timed samples, so the target is agreement within 1%
 *   passing run  wall time of a passing matcher with the default `'on-failure'` against `'off'` (target: no cost), and
 *                with `'always'` for contrast
 *   start        the profiler's start cost through node:inspector (first start in a process, and later ones)
 *
 *   node bench/run.mjs profile [--pairs=10]
 */
import { readFileSync } from 'node:fs'
import { Session } from 'node:inspector'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { createProject, runRunner } from './diagnostics/project.mjs'
import { describeMachine, machineLine } from './lib/machine.mjs'
import { markdownTable } from './lib/markdownTable.mjs'
import { median } from './lib/median.mjs'
import { writeResults } from './lib/writeResults.mjs'
import { medianInterval } from './lib/medianMargin.mjs'

const flag = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback)

function workSource(esm) {
  const body = `
function sqrtLoop(n) {
  let sum = 0
  for (let i = 0; i < n; i++) sum += Math.sqrt(i ^ sum)
  return sum
}
function parseAndSum(text) {
  let total = 0
  for (const row of JSON.parse(text)) total += row.a * row.b
  return total
}
const rows = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ a: i, b: i % 7, label: 'row ' + i })))
const subjects = {
  'sync sqrt loop': () => sqrtLoop(20000),
  'async sqrt loop': async () => { await null; return sqrtLoop(20000) },
  'JSON parse + sum': () => parseAndSum(rows),
}
`
  return `${body}${esm ? 'export { subjects }' : 'module.exports = { subjects }'}\n`
}

function testSource(esm, pairs) {
  const head = esm
    ? "import { writeFileSync } from 'node:fs'\nimport { expect, test } from 'vitest'\nimport { measure } from 'perf-sentinel'\nimport { subjects } from './work.js'\n"
    : "const { writeFileSync } = require('node:fs')\nconst { measure } = require('perf-sentinel')\nconst { subjects } = require('./work.js')\n"
  return `${head}
const quick = { timeMs: 150, minTimeMs: 150 }
test('focus', async () => {
  for (const [name, fn] of Object.entries(subjects)) {
    for (let i = 0; i < 5; i++) await expect(fn).toCompleteWithin(1000, { ...quick, name: 'focus ' + name, profile: 'always' })
  }
})
test('on vs off', async () => {
  const out = []
  for (let pair = 0; pair < ${pairs}; pair++) {
    const order = pair % 2 === 0 ? ['always', 'off'] : ['off', 'always']
    const got = {}
    for (const mode of order) got[mode] = (await measure('onoff ' + mode, subjects['sync sqrt loop'], { ...quick, profile: mode })).medianMs
    out.push(got)
  }
  writeFileSync('onoff.json', JSON.stringify(out))
})
test('passing run cost', async () => {
  const out = []
  const fn = subjects['sync sqrt loop']
  for (let pair = 0; pair < ${pairs}; pair++) {
    const modes = pair % 2 === 0 ? ['on-failure', 'off', 'always'] : ['always', 'off', 'on-failure']
    const got = {}
    for (const mode of modes) {
      const t0 = performance.now()
      expect(fn).toCompleteWithin(1000, { ...quick, name: 'passing ' + mode, profile: mode })
      got[mode] = performance.now() - t0
    }
    out.push(got)
  }
  writeFileSync('passing.json', JSON.stringify(out))
})
`
}

/** The profiler's start cost in this process: first enable + start, then restarts. */
function startCost() {
  const session = new Session()
  session.connect()
  const post = (method, params = {}) => session.post(method, params, () => {})
  const timings = []
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now()
    if (i === 0) post('Profiler.enable')
    post('Profiler.setSamplingInterval', { interval: 100 })
    post('Profiler.start')
    timings.push(performance.now() - t0)
    post('Profiler.stop')
  }
  session.disconnect()
  return { firstMs: timings[0], laterMedianMs: median(timings.slice(1)) }
}

export async function runProfile({ pairs = flag('pairs', 10) } = {}) {
  const machine = describeMachine()
  const start = startCost()
  const results = []
  for (const runner of ['vitest', 'jest']) {
    const esm = runner === 'vitest'
    const dir = createProject(runner, {
      'test/work.js': workSource(esm),
      [`test/profile.test.${esm ? 'ts' : 'js'}`]: testSource(esm, pairs),
    })
    console.log(`profile: ${runner}, ${pairs} pairs`)
    const run = await runRunner(runner, dir, runner === 'vitest' ? ['--reporter=dot', '--reporter=perf'] : ['--runInBand'])
    let report
    let onoff
    let passing
    try {
      report = JSON.parse(readFileSync(join(dir, 'perf-report', 'report.json'), 'utf8'))
      onoff = JSON.parse(readFileSync(join(dir, 'onoff.json'), 'utf8'))
      passing = JSON.parse(readFileSync(join(dir, 'passing.json'), 'utf8'))
    } catch {
      throw new Error(`${runner} run incomplete (exit ${run.exitCode}):\n${run.stdout}\n${run.stderr}`)
    }
    const focus = {}
    for (const m of report.measurements.filter((x) => x.name.startsWith('focus '))) {
      const subject = m.name.replace(/^focus /, '').replace(/ #\d+$/, '')
      focus[subject] ??= { shares: [], top: [] }
      focus[subject].shares.push(m.profile?.subjectSharePercent ?? Number.NaN)
      focus[subject].top.push(m.profile?.top[0]?.functionName)
    }
    const ratios = onoff.map((p) => p.always / p.off)
    const passingExtra = { 'on-failure': passing.map((p) => p['on-failure'] - p.off), always: passing.map((p) => p.always - p.off) }
    const row = {
      runner,
      focus: Object.fromEntries(
        Object.entries(focus).map(([k, v]) => [k, { medianPercent: median(v.shares), minPercent: Math.min(...v.shares), top: v.top[0] }]),
      ),
      onOff: { medianRatio: median(ratios), interval: medianInterval(ratios), ratios },
      passing: {
        onFailureExtraMs: median(passingExtra['on-failure']),
        alwaysExtraMs: median(passingExtra.always),
        offMs: median(passing.map((p) => p.off)),
      },
    }
    results.push(row)
    console.log(JSON.stringify(row))
  }
  const data = { machine, finishedAt: new Date().toISOString(), pairs, start, results }
  writeResults('profile', data, render(data))
  return data
}

function render(data) {
  const focusRows = data.results.flatMap((r) =>
    Object.entries(r.focus).map(([subject, f]) => [
      `${r.runner}: ${subject}`,
      `${f.medianPercent.toFixed(1)}%`,
      `${f.minPercent.toFixed(1)}%`,
      f.top ?? '—',
    ]),
  )
  const costRows = data.results.map((r) => [
    r.runner,
    `${((r.onOff.medianRatio - 1) * 100).toFixed(2)}%`,
    r.onOff.interval ? [r.onOff.interval.low, r.onOff.interval.high].map((x) => `${((x - 1) * 100).toFixed(2)}%`).join(' … ') : '—',
    `${Math.min(...r.onOff.ratios.map((x) => (x - 1) * 100)).toFixed(2)}% … ${Math.max(...r.onOff.ratios.map((x) => (x - 1) * 100)).toFixed(2)}%`,
    `${r.passing.offMs.toFixed(0)} ms`,
    `${r.passing.onFailureExtraMs >= 0 ? '+' : ''}${r.passing.onFailureExtraMs.toFixed(1)} ms`,
    `+${r.passing.alwaysExtraMs.toFixed(0)} ms`,
  ])
  return [
    '### CPU profiles of measured functions (replay after the timed samples)',
    '',
    machineLine(data.machine),
    '',
    markdownTable(['Subject (profile: always, 5 runs)', 'In the subject (median)', 'Lowest', 'Top self-time function'], focusRows),
    '',
    markdownTable(
      [
        'Runner',
        `Median on/off (${data.pairs} ABBA pairs)`,
        '95% interval of the median',
        'Range',
        'Passing matcher, off',
        "'on-failure' extra",
        "'always' extra",
      ],
      costRows,
    ),
    '',
    `Profiler start through node:inspector: first start ${data.start.firstMs.toFixed(1)} ms, later starts ${data.start.laterMedianMs.toFixed(2)} ms (median).`,
    'Targets: ≥ 90% of non-idle samples in the subject; timings with profiling on/off within 1%; no cost on a passing run with on-failure.',
  ].join('\n')
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await runProfile()
