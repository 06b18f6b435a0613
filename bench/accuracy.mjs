/**
 * Part 1 — accuracy and harness cost of `measure()` against mitata 1 and tinybench 6, same run.
 *
 * Every (harness, subject) measurement runs in a fresh child process (no shared JIT state), and the harnesses are
 * interleaved in rounds, forward then backward (A B C D, D C B A, …), so slow phases of this shared machine hit all
 * of them alike. Ratios are taken within a round, then the median across rounds is reported.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { HARNESS_LABELS, harnesses } from './accuracy/harnesses.mjs'
import { SUBJECT_LABELS } from './accuracy/subjects.mjs'
import { describeMachine, machineLine } from './lib/machine.mjs'
import { markdownTable } from './lib/markdownTable.mjs'
import { median } from './lib/median.mjs'
import { REPO_ROOT } from './lib/paths.mjs'
import { runNodeJson } from './lib/runProcess.mjs'
import { calibrateIterations } from './lib/sqrtWork.mjs'
import { writeResults } from './lib/writeResults.mjs'

/**
 * The children run from a snapshot of dist/ and bench/accuracy/ (same relative layout, node_modules linked): a
 * rebuild of dist/ while the rounds run must neither break them nor change what is measured half-way.
 */
function snapshotChild() {
  const root = mkdtempSync(join(tmpdir(), 'perf-sentinel-bench-accuracy-'))
  process.once('exit', () => rmSync(root, { recursive: true, force: true }))
  cpSync(join(REPO_ROOT, 'dist'), join(root, 'dist'), { recursive: true })
  cpSync(join(REPO_ROOT, 'bench'), join(root, 'bench'), { recursive: true, filter: (src) => !src.includes('/results') })
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'))
  return join(root, 'bench', 'accuracy', 'child.mjs')
}
const HARNESS_ORDER = Object.keys(harnesses)
const SUBJECTS = Object.keys(SUBJECT_LABELS)
/** Targets from the issue. */
const EMPTY_TARGET_NS = 1
const MITATA_TOLERANCE = 0.05

export async function runAccuracy({ rounds = 7 } = {}) {
  const machine = describeMachine()
  const iterations = { twoMicros: calibrateIterations(2_000), oneMilli: calibrateIterations(1_000_000) }
  const size = `${rounds} rounds × ${SUBJECTS.length} subjects × ${HARNESS_ORDER.length} harnesses`
  console.log(`accuracy: ${size}`, iterations)
  const child = snapshotChild()
  const runs = []
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? HARNESS_ORDER : [...HARNESS_ORDER].reverse()
    for (const subject of SUBJECTS) {
      for (const harness of order) {
        const run = await runNodeJson(child, [harness, subject, JSON.stringify(iterations)])
        // JSON turns an infinite margin (a median of 0, fewer than 6 samples) into null.
        const marginPercent = run.marginPercent ?? Number.POSITIVE_INFINITY
        runs.push({ round, ...run, marginPercent })
        const where = `round ${round + 1} ${subject.padEnd(8)} ${harness.padEnd(18)}`
        const figures = `${run.medianNs.toFixed(2)} ns/op ±${marginPercent.toFixed(2)}%`
        console.log(`  ${where} ${figures}, ${run.wallMs.toFixed(0)} ms`)
      }
    }
  }
  const rows = summarize(runs, rounds)
  const data = { machine, finishedAt: new Date().toISOString(), rounds, iterations, rows, runs }
  writeResults('accuracy', data, render(data))
  return data
}

/** Per subject and harness: medians across rounds, and the per-round ratio to mitata's median. */
function summarize(runs, rounds) {
  const find = (round, subject, harness) => runs.find((r) => r.round === round && r.subject === subject && r.harness === harness)
  const rows = []
  for (const subject of SUBJECTS) {
    for (const harness of HARNESS_ORDER) {
      const mine = runs.filter((r) => r.subject === subject && r.harness === harness)
      const ratios = []
      for (let round = 0; round < rounds; round++) {
        const own = find(round, subject, harness)
        const mitata = find(round, subject, 'mitata')
        if (own && mitata && mitata.medianNs > 0) ratios.push(own.medianNs / mitata.medianNs)
      }
      const wallMs = median(mine.map((r) => r.wallMs))
      const marginPercent = median(mine.map((r) => r.marginPercent))
      const medians = mine.map((r) => r.medianNs)
      rows.push({
        subject,
        harness,
        medianNs: median(medians),
        roundMediansNs: medians,
        ratioToMitata: median(ratios),
        ratios,
        ratioRange: [Math.min(...ratios), Math.max(...ratios)],
        // Precision that matters and that no harness can flatter: how much its median moves between processes.
        // (In-process margins collapse to 0 when samples are quantised by the timer, as tinybench's single calls are.)
        roundsCvPercent: coefficientOfVariationPercent(medians),
        marginPercent,
        rmePercent: median(mine.map((r) => r.rmePercent)),
        wallMs,
        samples: median(mine.map((r) => r.samples)),
      })
    }
  }
  return rows
}

/** Sample standard deviation over mean, in percent; NaN when the mean is not positive (a clamped 0 ns median). */
function coefficientOfVariationPercent(values) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length
  if (!(mean > 0) || values.length < 2) return Number.NaN
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)
  return (Math.sqrt(variance) / mean) * 100
}

function render({ machine, rounds, iterations, rows }) {
  const fmtNs = (ns) =>
    ns >= 100_000 ? `${(ns / 1e6).toFixed(3)} ms` : ns >= 1000 ? `${(ns / 1000).toFixed(3)} µs` : `${ns.toFixed(2)} ns`
  const fmtRatio = (row) => `${row.ratioToMitata.toFixed(3)} (${row.ratioRange[0].toFixed(2)}–${row.ratioRange[1].toFixed(2)})`
  const pct = (value, digits = 2) => (Number.isFinite(value) ? `${value.toFixed(digits)}%` : 'n/a')
  const table = markdownTable(
    [
      'subject',
      'harness',
      'median / op',
      '÷ mitata (range)',
      'CV of medians across rounds',
      'in-process median ±95%',
      'in-process rme (mean)',
      'wall',
      'samples',
    ],
    rows.map((row) => [
      SUBJECT_LABELS[row.subject],
      HARNESS_LABELS[row.harness],
      fmtNs(row.medianNs),
      fmtRatio(row),
      pct(row.roundsCvPercent, 1),
      pct(row.marginPercent),
      pct(row.rmePercent),
      `${row.wallMs.toFixed(0)} ms`,
      Math.round(row.samples),
    ]),
  )
  const get = (subject, harness) => rows.find((r) => r.subject === subject && r.harness === harness)
  const checks = [
    `- empty function ≤ ${EMPTY_TARGET_NS} ns/op: ours ${get('empty', 'ours').medianNs.toFixed(2)} ns → ` +
      (get('empty', 'ours').medianNs <= EMPTY_TARGET_NS ? 'met' : 'MISSED'),
    ...SUBJECTS.filter((s) => s !== 'empty').map((s) => {
      const { ratioToMitata: ratio, ratios } = get(s, 'ours')
      const ok = Math.abs(ratio - 1) <= MITATA_TOLERANCE
      const inside = ratios.filter((r) => Math.abs(r - 1) <= MITATA_TOLERANCE).length
      const offPercent = ((ratio - 1) * 100).toFixed(1)
      return (
        `- ${SUBJECT_LABELS[s]} within ±5% of mitata: ${offPercent}% → ${ok ? 'met' : 'MISSED'} ` +
        `(single rounds within ±5%: ${inside} of ${ratios.length})`
      )
    }),
    ...['ours', 'oursFullTime'].flatMap((harness) =>
      SUBJECTS.map((s) => {
        const ours = get(s, harness)
        const tiny = get(s, 'tinybench')
        const met = ours.wallMs <= tiny.wallMs && ours.roundsCvPercent <= tiny.roundsCvPercent
        // A reproducible median that is mostly the clock's cost is precision about the wrong number.
        const moot = tiny.ratioToMitata > 2 ? "; tinybench's median is mostly clock cost" : ''
        return (
          `- ${SUBJECT_LABELS[s]}, ${HARNESS_LABELS[harness]} vs tinybench: wall ${ours.wallMs.toFixed(0)} vs ` +
          `${tiny.wallMs.toFixed(0)} ms, CV across rounds ${pct(ours.roundsCvPercent, 1)} vs ` +
          `${pct(tiny.roundsCvPercent, 1)} → ${met ? 'met' : 'MISSED'}${moot}`
        )
      }),
    ),
  ]
  return [
    '### Accuracy and harness cost',
    '',
    machineLine(machine),
    '',
    `${rounds} rounds; each measurement is one fresh process. sqrtWork iterations: ~2 µs = ${iterations.twoMicros}, ` +
      `~1 ms = ${iterations.oneMilli}. Figures are medians over rounds. "÷ mitata": per-round ratio of medians ` +
      '(range over rounds); "CV of medians": how much the harness\'s result moved between processes (the ' +
      'precision a user gets); "in-process median ±95%": distribution-free margin of the median from the ' +
      "harness's own samples (0 when the samples are quantised by the timer); rme: the mean's relative margin " +
      '(95%) from the same samples; wall: the harness call alone, without process start.',
    '',
    table,
    '',
    ...checks,
  ].join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 7)
  await runAccuracy({ rounds })
}
