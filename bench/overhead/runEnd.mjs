/**
 * The reporter's run end, timed alone: how long a test run waits, after its last test, for perf-sentinel to compare,
 * save history and write its three reports. The issue's target: ≤ 100 ms for 2,000 tests.
 *
 * It drives the built Jest reporter (`perf-sentinel/jest/reporter`, the same pipeline as the Vitest reporter's) with
 * synthetic file results — every test passed, with a duration, as a suite without perf assertions produces — in a
 * project that is a git repository, as a real run does: `onRunStart`, a pause in which the pipeline loads and git
 * and history are read (a real run's first files take that long), the files' results, then `onRunComplete`, timed
 * from its call to its end. The reporter's main-thread work as each file's results arrive is timed too, with the
 * work it queues: it is not in the run end's figure, and work moved there from the run end must show up in it (a
 * runner's main process is not idle while tests run: BENCHMARKS.md part 2, tenth session). Each sample is a fresh
 * Node process (the run end runs once per test run, on a cold JIT), after `--history` earlier runs have been stored
 * the same way, so trends and history are what a project in use has.
 *
 *   node bench/overhead/runEnd.mjs [--tests=300,2100] [--files-per-100=7] [--samples=7] [--history=11] [--fill=500]
 *                                  [--against=/path/to/other/checkout]
 *
 * --against times another checkout's built reporter too (e.g. a `git worktree` of the previous commit, built, with
 * node_modules), each in a project of its own, samples alternated ABBA: the machine's phases (whole processes 1.5–2×
 * slower for an hour) hit both alike, and the row "this ÷ against" is the median of the pairs' ratios.
 *
 * Results: bench/results/run-end.json and .md.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { markdownTable } from '../lib/markdownTable.mjs'
import { median } from '../lib/median.mjs'
import { REPO_ROOT } from '../lib/paths.mjs'
import { writeResults } from '../lib/writeResults.mjs'
import { fillHistory } from './historyAtCap.mjs'

const REPORTER = join(REPO_ROOT, 'dist', 'jest', 'reporter.js')

/** The child's part: one run of the reporter over `tests` synthetic tests; prints the run end's wall ms. */
async function child(root, tests, files, reporterPath) {
  const { default: Reporter } = await import(pathToFileURL(reporterPath).href)
  const reporter = new Reporter({ rootDir: root, reporters: ['default', 'perf-sentinel/jest/reporter'], ci: false })
  reporter.onRunStart()
  // The first files take a while to run: the pipeline's import, git and the history read are done by their end.
  await new Promise((done) => setTimeout(done, 1000))
  const perFile = Math.ceil(tests / files)
  // What the reporter does on the main thread as each file's results arrive, timed with the work it queues.
  let duringRunMs = 0
  for (let f = 0; f < files; f++) {
    const testResults = []
    for (let t = 0; t < perFile && f * perFile + t < tests; t++) {
      const title = `handles case ${t} of the input`
      const ancestorTitles = [`suite ${f}`, `group ${t % 3}`]
      testResults.push({
        ancestorTitles,
        title,
        fullName: [...ancestorTitles, title].join(' '),
        status: 'passed',
        // A test's own level (1–5 ms) with run-to-run noise, in whole ms as Jest reports them: real durations
        // wobble, so trends are not flat and their change-point search runs in full.
        duration: Math.round((1 + ((f * 7 + t * 13) % 40) / 10) * (0.7 + 0.6 * Math.random())),
      })
    }
    const t0 = performance.now()
    reporter.onTestFileResult(undefined, { testFilePath: join(root, 'test', `suite${f}.test.ts`), testResults, perfStats: {} })
    await new Promise((done) => setImmediate(done))
    duringRunMs += performance.now() - t0
  }
  await new Promise((done) => setTimeout(done, 300))
  const t0 = performance.now()
  await reporter.onRunComplete()
  const ms = performance.now() - t0
  // The run end must have done its whole job, or its time means nothing.
  const missing = ['report.json', 'report.md', 'report.html'].filter((name) => !existsSync(join(root, 'perf-report', name)))
  const error = reporter.getLastError()?.message ?? (missing.length > 0 ? `not written: ${missing.join(', ')}` : undefined)
  process.stdout.write(`${JSON.stringify({ ms, duringRunMs, error })}\n`)
}

function git(cwd, ...args) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`)
}

function project() {
  const root = mkdtempSync(join(tmpdir(), 'perf-sentinel-run-end-'))
  mkdirSync(join(root, 'test'))
  writeFileSync(join(root, 'package.json'), '{ "name": "run-end", "private": true }\n')
  writeFileSync(join(root, '.gitignore'), 'perf-report/\n')
  git(root, 'init', '-q', '-b', 'main')
  git(root, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'add', '-A')
  git(root, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'project')
  return root
}

function runOnce(root, tests, files, reporterPath = REPORTER) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR ?? tmpdir(), NO_COLOR: '1' }
  const result = spawnSync(
    process.execPath,
    [fileURLToPath(import.meta.url), '--child', root, String(tests), String(files), reporterPath],
    {
      cwd: root,
      env,
      encoding: 'utf8',
    },
  )
  const line = result.stdout.trim().split('\n').at(-1) ?? ''
  if (result.status !== 0 || !line.startsWith('{')) throw new Error(`run-end child failed (exit ${result.status}): ${result.stderr}`)
  const parsed = JSON.parse(line)
  if (parsed.error) throw new Error(`the reporter reported: ${parsed.error}`)
  return parsed
}

async function main(args) {
  const flag = (name, fallback) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback
  const sizes = flag('tests', '300,2100').split(',').map(Number)
  const samples = Number(flag('samples', '7'))
  // 11 earlier runs: every test duration's trend is full (TEST_DURATION_TREND_RUNS, 10 stored runs + this one), as
  // in a project that has used perf-sentinel for a day; fewer runs make shorter trends and a cheaper run end.
  const history = Number(flag('history', '11'))
  const filesPer100 = Number(flag('files-per-100', '7'))
  const fill = Number(flag('fill', '0'))
  const against = flag('against', undefined)
  // This checkout's reporter, and with --against the other one's (its dist/ and node_modules).
  const variants = [{ label: 'this checkout', reporter: REPORTER }]
  if (against !== undefined)
    variants.push({ label: `--against ${against}`, reporter: join(resolve(against), 'dist', 'jest', 'reporter.js') })
  const rows = []
  const ratios = []
  for (const tests of sizes) {
    const files = Math.max(1, Math.round((tests / 100) * filesPer100))
    const roots = variants.map(() => project())
    try {
      variants.forEach((variant, v) => {
        // Each stored run at a commit of its own, as a project's runs are: a commit keeps at most five runs
        // (DEFAULT_MAX_RUNS_PER_COMMIT), so runs at one commit would give test durations 6-point trends, not 11.
        for (let i = 0; i < history; i++) {
          git(roots[v], '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '--allow-empty', '-m', `run ${i}`)
          runOnce(roots[v], tests, files, variant.reporter)
        }
        // --fill=500: the stored runs copied up to that many, as a project that has used perf-sentinel for long has.
        if (fill > 0) {
          fillHistory(join(roots[v], '.perf-sentinel', 'history'), fill)
          // Untimed: the first run after the fill merges its ~490 copied run files into segments (~3 s), which a
          // project never has to do again (compaction keeps at most 20 run files).
          runOnce(roots[v], tests, files, variant.reporter)
        }
      })
      const times = variants.map(() => [])
      const during = variants.map(() => [])
      for (let i = 0; i < samples; i++) {
        // ABBA: pair i runs this checkout first when i is even, the other one first when it is odd.
        const order = i % 2 === 0 ? variants.map((_, v) => v) : variants.map((_, v) => v).reverse()
        for (const v of order) {
          const sample = runOnce(roots[v], tests, files, variants[v].reporter)
          times[v].push(sample.ms)
          during[v].push(sample.duringRunMs)
        }
      }
      variants.forEach((variant, v) => {
        const row = {
          variant: variant.label,
          tests,
          files,
          history: fill > 0 ? fill : history,
          samples,
          medianMs: median(times[v]),
          minMs: Math.min(...times[v]),
          maxMs: Math.max(...times[v]),
          times: times[v],
          duringRunMedianMs: median(during[v]),
          during: during[v],
        }
        rows.push(row)
        console.log(
          `run end (${variant.label}): ${tests} tests / ${files} files, ${row.history} runs of history before: median ${row.medianMs.toFixed(0)} ms (${row.minMs.toFixed(0)}–${row.maxMs.toFixed(0)}), ${samples} fresh processes; during the run ${row.duringRunMedianMs.toFixed(0)} ms in all (${(row.duringRunMedianMs / files).toFixed(2)} ms per file)`,
        )
      })
      if (variants.length === 2) {
        const pairs = times[0].map((t, i) => t / times[1][i])
        const ratio = { tests, median: median(pairs), min: Math.min(...pairs), max: Math.max(...pairs) }
        ratios.push(ratio)
        console.log(`  this ÷ against: ×${ratio.median.toFixed(3)} (pairs ${ratio.min.toFixed(3)}–${ratio.max.toFixed(3)})`)
      }
    } finally {
      for (const root of roots) rmSync(root, { recursive: true, force: true })
    }
  }
  const table = markdownTable(
    ['reporter', 'tests / files', 'history before', 'run end, median', 'min – max', 'target', 'reporter during the run (per file)'],
    rows.map((r) => [
      r.variant,
      `${r.tests} / ${r.files}`,
      `${r.history} runs`,
      `${r.medianMs.toFixed(0)} ms`,
      `${r.minMs.toFixed(0)}–${r.maxMs.toFixed(0)} ms`,
      r.tests >= 2000 ? (r.medianMs <= 100 ? 'met (≤ 100 ms)' : 'missed (≤ 100 ms)') : '—',
      `${r.duringRunMedianMs.toFixed(0)} ms (${(r.duringRunMedianMs / r.files).toFixed(2)} ms)`,
    ]),
  )
  const ratioTable =
    ratios.length === 0
      ? ''
      : `\n\nthis ÷ against, median of ABBA pairs: ${ratios.map((r) => `${r.tests} tests ×${r.median.toFixed(3)} (${r.min.toFixed(3)}–${r.max.toFixed(3)})`).join('; ')}`
  writeResults('run-end', { at: new Date().toISOString(), node: process.version, rows, ratios }, `${table}${ratioTable}`)
}

const args = process.argv.slice(2)
if (args[0] === '--child') await child(args[1], Number(args[2]), Number(args[3]), args[4] ?? REPORTER)
else await main(args)
