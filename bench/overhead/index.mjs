/**
 * Part 2 — suite overhead: wall time of a whole `vitest run` (and `jest`) of a 300-test project with perf-sentinel
 * added versus without it. The two configurations alternate in pairs, ordered ABBA (plain-perf, perf-plain, …) so
 * slow drifts of this shared machine cancel; the extra time is the Hodges–Lehmann shift of log wall times with its
 * distribution-free 95% interval (the same estimator the compare core uses), plus the median paired difference.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadCompareCore } from '../lib/compareCore.mjs'
import { describeMachine, machineLine } from '../lib/machine.mjs'
import { markdownTable } from '../lib/markdownTable.mjs'
import { median } from '../lib/median.mjs'
import { writeResults } from '../lib/writeResults.mjs'
import { createOverheadProject } from './fixture.mjs'

const TARGET_PERCENT = 2
const DESIGN_LIMIT_PERCENT = 5
const CONFIDENCE = 0.95

export async function runOverhead({ runners = ['vitest', 'jest'], pairs = { vitest: 15, jest: 10 } } = {}) {
  const machine = describeMachine()
  const core = await loadCompareCore()
  const results = []
  for (const runner of runners) results.push(await timeRunner(runner, pairs[runner], core))
  const data = { machine, finishedAt: new Date().toISOString(), results }
  writeResults('overhead', data, render(data))
  return data
}

async function timeRunner(runner, pairCount, core) {
  const project = createOverheadProject(runner)
  console.log(`overhead: ${runner}, ${project.tests} tests, ${pairCount} pairs in ${project.dir}`)
  try {
    // One untimed run of each first: transform caches, the OS file cache and the reporter's first-run files settle.
    for (const variant of ['plain', 'perf']) check(await project.run(variant), runner, variant)
    if (!existsSync(join(project.dir, 'perf-report', 'report.json'))) {
      throw new Error(`${runner}: the perf run wrote no perf-report/report.json, so the plugin was not active`)
    }
    const runs = []
    for (let pair = 0; pair < pairCount; pair++) {
      const order = pair % 2 === 0 ? ['plain', 'perf'] : ['perf', 'plain']
      const walls = {}
      for (const variant of order) walls[variant] = check(await project.run(variant), runner, variant).wallMs
      runs.push(walls)
      const { plain, perf } = walls
      console.log(`  pair ${pair + 1}/${pairCount}: plain ${plain.toFixed(0)} ms, perf ${perf.toFixed(0)} ms`)
    }
    return { runner, tests: project.tests, ...analyse(runs, core) }
  } finally {
    project.remove()
  }
}

function check(run, runner, variant) {
  if (run.exitCode !== 0) {
    throw new Error(`${runner} ${variant} run failed (exit ${run.exitCode}):\n${run.stdout}\n${run.stderr}`)
  }
  return run
}

function analyse(runs, core) {
  const plain = runs.map((r) => r.plain)
  const perf = runs.map((r) => r.perf)
  const shift = core.hodgesLehmannShift(plain, perf, CONFIDENCE)
  const toPercent = (log) => Math.expm1(log) * 100
  return {
    runs,
    plainMedianMs: median(plain),
    perfMedianMs: median(perf),
    extraPercent: toPercent(shift.shiftLog),
    intervalPercent: shift.intervalLog.map(toPercent),
    achievedConfidence: shift.achievedConfidenceLevel,
    pairedMedianExtraMs: median(runs.map((r) => r.perf - r.plain)),
    pairedMedianExtraPercent: median(runs.map((r) => (r.perf / r.plain - 1) * 100)),
  }
}

function render({ machine, results }) {
  const rows = results.map((r) => [
    r.runner === 'vitest' ? 'Vitest 4 (`vitest run`)' : 'Jest 30 (`jest`)',
    r.runs.length,
    `${(r.plainMedianMs / 1000).toFixed(2)} s`,
    `${(r.perfMedianMs / 1000).toFixed(2)} s`,
    `${(1 + r.extraPercent / 100).toFixed(3)} (+${r.extraPercent.toFixed(1)}%)`,
    `${r.intervalPercent[0].toFixed(1)}% to ${r.intervalPercent[1].toFixed(1)}% ` +
      `(${(r.achievedConfidence * 100).toFixed(1)}%)`,
    `+${r.pairedMedianExtraMs.toFixed(0)} ms (${r.pairedMedianExtraPercent.toFixed(1)}%)`,
  ])
  const verdicts = results.map((r) => {
    const status =
      r.extraPercent <= TARGET_PERCENT
        ? 'met'
        : r.extraPercent <= DESIGN_LIMIT_PERCENT
          ? 'MISSED (within the 5% design limit)'
          : `MISSED (also above the ${DESIGN_LIMIT_PERCENT}% design limit)`
    return `- ${r.runner}: +${r.extraPercent.toFixed(1)}% → target ≤ ${TARGET_PERCENT}% ${status}`
  })
  return [
    '### Suite overhead',
    '',
    machineLine(machine),
    '',
    `${results[0]?.tests ?? 300} ordinary tests in 10 files; wall time of the whole runner process. ` +
      '"with perf-sentinel" = Vitest: `plugins: [perfSentinel()]` + `--reporter=default --reporter=perf`; ' +
      "Jest: `setupFilesAfterEnv: ['perf-sentinel/jest/setup']` + " +
      "`reporters: ['default', 'perf-sentinel/jest/reporter']`. " +
      'Default reporter options (JSON + Markdown + HTML reports, history, test durations).',
    '',
    markdownTable(
      ['runner', 'pairs', 'plain (median)', 'with perf-sentinel (median)', 'ratio (HL shift)',
        '95% interval (achieved)', 'median paired extra'],
      rows,
    ),
    '',
    ...verdicts,
  ].join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flag = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
  const runners = flag('runners')?.split(',') ?? ['vitest', 'jest']
  const pairs = { vitest: Number(flag('pairs') ?? 15), jest: Number(flag('pairs') ?? 10) }
  await runOverhead({ runners, pairs })
}
