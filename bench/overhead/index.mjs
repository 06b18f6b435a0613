/**
 * Part 2 — suite overhead: wall time of a whole `vitest run` / `jest` of generated TypeScript suites shaped like real
 * projects (300 tests in 10 files, 2,000 in 150; a third of the tests async; no perf assertions) with perf-sentinel
 * added versus without it, per execution mode (Vitest isolate on/off, Jest in-band / 2 workers), plus the 2,000-test
 * suite with the history folder at its 500-run cap. The two configurations alternate in pairs, ordered ABBA, so slow
 * drifts of this shared machine cancel; the extra time is the Hodges–Lehmann shift of log wall times with its
 * distribution-free 95% interval (the compare core's estimator). Peak RSS is the largest process's (GNU time).
 *
 * With `--peer`, a third configuration joins each round: the project with a setup file that registers nine no-op
 * matchers and nothing else (any matcher library of that size), so each row also says what such a library costs and
 * what perf-sentinel costs beyond it, from the same rounds.
 *
 * With `--against=<checkout>` (another checkout of perf-sentinel, built), its build joins each round too, in a project
 * of its own, so a change is judged by whole runs (this build ÷ that one, same rounds) and not by the stage it moved:
 * work moved into the run from its end shortens the run end without making the run faster on 2 cores (BENCHMARKS.md
 * part 2, eighteenth session). Both projects first store `--history-runs` runs (10), each at a commit of its own, so
 * test durations' trends are full (11 points) as in a project in use.
 *
 *   node bench/overhead/index.mjs [--pairs=6] [--runners=vitest,jest] [--sizes=300,2000] [--modes='no isolate, forks;in-band'] [--no-cap] [--peer]
 *                                 [--against=/path/to/other/checkout] [--history-runs=10]
 *   (modes are separated by ';': their names contain commas; the history-at-cap row uses each runner's first mode)
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadCompareCore } from '../lib/compareCore.mjs'
import { describeMachine, machineLine } from '../lib/machine.mjs'
import { markdownTable } from '../lib/markdownTable.mjs'
import { REPO_ROOT } from '../lib/paths.mjs'
import { median } from '../lib/median.mjs'
import { writeResults } from '../lib/writeResults.mjs'
import { createOverheadProject } from './fixture.mjs'
import { fillHistory } from './historyAtCap.mjs'

const TARGET_PERCENT = 2
const CONFIDENCE = 0.95
const CAP_RUNS = 500
const SIZES = { 300: { files: 10, testsPerFile: 30 }, 2000: { files: 150, testsPerFile: 14 } }
const DEFAULT_MODES = { vitest: ['isolate, forks', 'no isolate, forks'], jest: ['in-band', '2 workers'] }

/** The rows: every size × mode, then the largest suite in its first mode with the history at its cap. */
function planRows(runners, sizes, modes, cap) {
  const rows = []
  for (const runner of runners) {
    for (const tests of sizes) for (const mode of modes[runner]) rows.push({ runner, tests, mode, historyAtCap: false })
    if (cap) rows.push({ runner, tests: Math.max(...sizes), mode: modes[runner][0], historyAtCap: true })
  }
  return rows
}

export async function runOverhead({
  runners = ['vitest', 'jest'],
  sizes = [300, 2000],
  modes = DEFAULT_MODES,
  pairs = 6,
  cap = true,
  peer = false,
  against = undefined,
  historyRuns = 10,
} = {}) {
  const machine = describeMachine()
  const core = await loadCompareCore()
  // One copy of the build for every row: a rebuild of dist/ while the rows run must not change what is measured.
  const snapshot = mkdtempSync(join(tmpdir(), 'perf-sentinel-bench-dist-'))
  const dist = join(snapshot, 'dist')
  cpSync(join(REPO_ROOT, 'dist'), dist, { recursive: true })
  const againstDist = against === undefined ? undefined : join(snapshot, 'against-dist')
  if (againstDist !== undefined) cpSync(join(against, 'dist'), againstDist, { recursive: true })
  const results = []
  try {
    for (const row of planRows(runners, sizes, modes, cap))
      results.push(await timeRow(row, pairs, core, dist, peer, againstDist === undefined ? undefined : { dist: againstDist, historyRuns }))
  } finally {
    rmSync(snapshot, { recursive: true, force: true })
  }
  const data = { machine, finishedAt: new Date().toISOString(), pairs, peer, against, results }
  writeResults('overhead', data, render(data))
  return data
}

async function timeRow(row, pairCount, core, dist, peer, against) {
  const project = createOverheadProject(row.runner, { ...SIZES[row.tests], dist })
  // The other build's project: it runs its `perf` configuration as the variant 'against'.
  const other = against === undefined ? undefined : createOverheadProject(row.runner, { ...SIZES[row.tests], dist: against.dist })
  const label = `${row.runner} ${project.tests} tests, ${row.mode}${row.historyAtCap ? ', history at cap' : ''}`
  console.log(`overhead: ${label}, ${pairCount} pairs in ${project.dir}`)
  const rssFile = join(project.dir, '..', 'rss.txt')
  const run = async (variant) => {
    // GNU time: the peak RSS of the largest process of the run (the runner's main process or a worker).
    const [target, configuration] = variant === 'against' ? [other, 'perf'] : [project, variant]
    const result = await target.run(configuration, row.mode, {
      command: '/usr/bin/time',
      prefix: ['-f', '%M', '-o', rssFile, process.execPath],
    })
    if (result.exitCode !== 0) throw new Error(`${label} ${variant} failed (exit ${result.exitCode}):\n${result.stdout}\n${result.stderr}`)
    return { wallMs: result.wallMs, rssKiB: Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) }
  }
  try {
    // One untimed run of each first: transform caches, the OS file cache and the reporter's first files settle.
    for (const variant of ['plain', 'perf']) await run(variant)
    if (!existsSync(join(project.dir, 'perf-report', 'report.json')))
      throw new Error(`${label}: no perf-report/report.json, so the plugin was not active`)
    const history = join(project.dir, '.perf-sentinel', 'history')
    if (row.historyAtCap) {
      fillHistory(history, CAP_RUNS)
      await run('perf') // merges the copied runs into segments, as the first run after an upgrade would
    }
    if (peer) await run('matchers')
    if (other !== undefined) {
      for (let i = 0; i < against.historyRuns; i++) {
        for (const [target, variant] of [
          [project, 'perf'],
          [other, 'against'],
        ]) {
          target.git('commit', '-q', '--allow-empty', '-m', `stored run ${i}`)
          await run(variant)
        }
      }
    }
    const variants = ['plain', 'perf', ...(peer ? ['matchers'] : []), ...(other ? ['against'] : [])]
    const runs = []
    for (let pair = 0; pair < pairCount; pair++) {
      // Counterbalanced: round k starts at configuration k mod n, and every other block of n rounds runs backwards.
      // Two configurations: AB BA BA AB …; with the peer each configuration takes each position equally often over
      // every 2n = 6 rounds.
      const n = variants.length
      const start = pair % n
      const order = [...variants.slice(start), ...variants.slice(0, start)]
      if (Math.floor(pair / n) % 2 === 1) order.reverse()
      const measured = {}
      for (const variant of order) measured[variant] = await run(variant)
      runs.push({
        plain: measured.plain.wallMs,
        perf: measured.perf.wallMs,
        plainRssKiB: measured.plain.rssKiB,
        perfRssKiB: measured.perf.rssKiB,
        ...(peer ? { matchers: measured.matchers.wallMs } : {}),
        ...(other ? { against: measured.against.wallMs } : {}),
      })
      const others =
        (peer ? `, nine no-op matchers ${measured.matchers.wallMs.toFixed(0)} ms` : '') +
        (other ? `, --against ${measured.against.wallMs.toFixed(0)} ms` : '')
      console.log(
        `  pair ${pair + 1}/${pairCount}: plain ${measured.plain.wallMs.toFixed(0)} ms, perf ${measured.perf.wallMs.toFixed(0)} ms${others}`,
      )
    }
    return { ...row, label, tests: project.tests, files: project.files, ...analyse(runs, core) }
  } finally {
    project.remove()
    other?.remove()
    rmSync(rssFile, { force: true })
  }
}

function analyse(runs, core) {
  const plain = runs.map((r) => r.plain)
  const perf = runs.map((r) => r.perf)
  const shift = core.hodgesLehmannShift(plain, perf, CONFIDENCE)
  const toPercent = (log) => Math.expm1(log) * 100
  const peer = {}
  if (runs.every((r) => r.matchers !== undefined)) {
    const matchers = runs.map((r) => r.matchers)
    const ofPeer = core.hodgesLehmannShift(plain, matchers, CONFIDENCE)
    const beyondPeer = core.hodgesLehmannShift(matchers, perf, CONFIDENCE)
    Object.assign(peer, {
      matchersMedianMs: median(matchers),
      matchersExtraPercent: toPercent(ofPeer.shiftLog),
      matchersIntervalPercent: ofPeer.intervalLog.map(toPercent),
      beyondMatchersPercent: toPercent(beyondPeer.shiftLog),
      beyondMatchersIntervalPercent: beyondPeer.intervalLog.map(toPercent),
    })
  }
  const other = {}
  if (runs.every((r) => r.against !== undefined)) {
    const against = runs.map((r) => r.against)
    const vsAgainst = core.hodgesLehmannShift(against, perf, CONFIDENCE)
    Object.assign(other, {
      againstMedianMs: median(against),
      vsAgainstPercent: toPercent(vsAgainst.shiftLog),
      vsAgainstIntervalPercent: vsAgainst.intervalLog.map(toPercent),
      pairedRatioVsAgainst: median(runs.map((r) => r.perf / r.against)),
    })
  }
  return {
    ...peer,
    ...other,
    runs,
    plainMedianMs: median(plain),
    perfMedianMs: median(perf),
    extraPercent: toPercent(shift.shiftLog),
    intervalPercent: shift.intervalLog.map(toPercent),
    achievedConfidence: shift.achievedConfidenceLevel,
    pairedMedianExtraMs: median(runs.map((r) => r.perf - r.plain)),
    plainRssMiB: median(runs.map((r) => r.plainRssKiB)) / 1024,
    perfRssMiB: median(runs.map((r) => r.perfRssKiB)) / 1024,
  }
}

const percent = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`
const interval = ([low, high]) => `${low.toFixed(1)}% to ${high.toFixed(1)}%`

function render({ machine, pairs, results, against }) {
  const name = { vitest: 'Vitest 4', jest: 'Jest 30' }
  const rows = results.map((r) => [
    `${name[r.runner]}, ${r.tests} tests / ${r.files} files, ${r.mode}${r.historyAtCap ? `, history at its ${CAP_RUNS}-run cap` : ''}`,
    `${(r.plainMedianMs / 1000).toFixed(2)} s`,
    `${(r.perfMedianMs / 1000).toFixed(2)} s`,
    percent(r.extraPercent),
    interval(r.intervalPercent),
    `${r.pairedMedianExtraMs >= 0 ? '+' : ''}${r.pairedMedianExtraMs.toFixed(0)} ms`,
    `${r.plainRssMiB.toFixed(0)} / ${r.perfRssMiB.toFixed(0)} MiB`,
    r.extraPercent <= TARGET_PERCENT && r.intervalPercent[1] <= 5 ? 'met' : 'missed',
  ])
  const peerRows = results
    .filter((r) => r.matchersMedianMs !== undefined)
    .map((r) => [
      `${name[r.runner]}, ${r.tests} tests / ${r.files} files, ${r.mode}`,
      `${(r.plainMedianMs / 1000).toFixed(2)} s`,
      `${(r.matchersMedianMs / 1000).toFixed(2)} s`,
      `${(r.perfMedianMs / 1000).toFixed(2)} s`,
      `${percent(r.matchersExtraPercent)} (${interval(r.matchersIntervalPercent)})`,
      `${percent(r.beyondMatchersPercent)} (${interval(r.beyondMatchersIntervalPercent)})`,
    ])
  const peerTable =
    peerRows.length === 0
      ? []
      : [
          '',
          'The peer, from the same rounds: the project with a setup file registering nine no-op matchers and nothing else ' +
            '(what any matcher library of that size costs), then perf-sentinel against that peer.',
          '',
          markdownTable(
            [
              'suite, mode',
              'plain',
              'nine no-op matchers',
              'with perf-sentinel',
              'matchers vs plain (95%)',
              'perf-sentinel vs matchers (95%)',
            ],
            peerRows,
          ),
        ]
  const againstRows = results
    .filter((r) => r.againstMedianMs !== undefined)
    .map((r) => [
      `${name[r.runner]}, ${r.tests} tests / ${r.files} files, ${r.mode}`,
      `${(r.againstMedianMs / 1000).toFixed(2)} s`,
      `${(r.perfMedianMs / 1000).toFixed(2)} s`,
      `${percent(r.vsAgainstPercent)} (${interval(r.vsAgainstIntervalPercent)})`,
      `×${r.pairedRatioVsAgainst.toFixed(3)}`,
    ])
  const againstTable =
    againstRows.length === 0
      ? []
      : [
          '',
          `This checkout's build against \`--against ${against}\`'s, both with perf-sentinel, from the same rounds:`,
          '',
          markdownTable(['suite, mode', '--against', 'this checkout', 'this vs --against (95%)', 'median of paired ratios'], againstRows),
        ]
  return [
    '### Suite overhead',
    '',
    machineLine(machine),
    '',
    `${pairs} ABBA pairs per row after one untimed run of each. Generated TypeScript suites (Vite's transform in Vitest, ` +
      'an esbuild transformer in Jest), a third of the tests async, no perf assertions; wall time of the whole runner ' +
      'process. "with perf-sentinel" = Vitest `plugins: [perfSentinel()]` + `--reporter=default --reporter=perf`; Jest ' +
      "`setupFilesAfterEnv: ['perf-sentinel/jest/setup']` + `reporters: ['default', 'perf-sentinel/jest/reporter']`; " +
      'default reporter options (JSON + Markdown + HTML, history, every test duration recorded).',
    '',
    markdownTable(
      [
        'suite, mode',
        'plain (median)',
        'with perf-sentinel (median)',
        'shift (HL)',
        '95% interval',
        'median paired extra',
        'peak RSS plain / with',
        `target ≤ ${TARGET_PERCENT}% (upper ≤ 5%)`,
      ],
      rows,
    ),
    ...peerTable,
    ...againstTable,
  ].join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flag = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
  const runners = flag('runners')?.split(',') ?? ['vitest', 'jest']
  const sizes = flag('sizes')?.split(',').map(Number) ?? [300, 2000]
  const modeFlag = flag('modes')
    ?.split(';')
    .map((m) => m.trim())
  const { MODES } = await import('./fixture.mjs')
  const modes = modeFlag
    ? { vitest: modeFlag.filter((m) => m in MODES.vitest), jest: modeFlag.filter((m) => ['in-band', '2 workers'].includes(m)) }
    : DEFAULT_MODES
  await runOverhead({
    runners,
    sizes,
    modes,
    pairs: Number(flag('pairs') ?? 6),
    cap: !process.argv.includes('--no-cap'),
    peer: process.argv.includes('--peer'),
    against: flag('against'),
    historyRuns: Number(flag('history-runs') ?? 10),
  })
}
