// The main job: runs the example projects in examples/ with the perf reporter, as a user would, and leaves real
// reports in examples/<name>/perf-report/. perf-sentinel is installed into each example the way npm would
// (package.json + dist + types copied into node_modules/perf-sentinel); the runners come from this repository.
// Run: npm run example   (or: node scripts/run-examples.mjs vitest-basic)
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..')
const only = process.argv.slice(2)
const examples = readdirSync(join(repo, 'examples')).filter((name) => only.length === 0 || only.includes(name))
const runners = {
  vitest: ['node_modules/vitest/vitest.mjs', 'run', '--reporter', 'default', '--reporter', 'perf'],
  jest: ['node_modules/jest/bin/jest.js'],
}
const ci = Boolean(process.env.CI) && process.env.CI !== 'false'

let failed = false
for (const name of examples) {
  const dir = join(repo, 'examples', name)
  const installed = join(dir, 'node_modules', 'perf-sentinel')
  rmSync(installed, { recursive: true, force: true })
  mkdirSync(installed, { recursive: true })
  for (const part of ['package.json', 'dist', 'types']) cpSync(join(repo, part), join(installed, part), { recursive: true })
  // Examples that are not test projects run their own start script (examples/http-express: the HTTP monitor).
  if (!(name.split('-')[0] in runners)) {
    console.log(`\n━━ examples/${name}: npm start ━━`)
    const result = spawnSync('npm', ['start'], { cwd: dir, stdio: 'inherit' })
    if (result.status !== 0) failed = true
    continue
  }
  const [script, ...args] = runners[name.split('-')[0]]
  // The first run records the baseline (outside CI); a second run then compares against it.
  const runs = !ci && !existsSync(join(dir, 'perf-baseline.json')) ? 2 : 1
  for (let i = 1; i <= runs; i++) {
    console.log(`\n━━ examples/${name}: ${name.split('-')[0]} run ${i} of ${runs} ━━`)
    const result = spawnSync(process.execPath, [join(repo, script), ...args], { cwd: dir, stdio: 'inherit' })
    if (result.status !== 0) failed = true
  }
  const reports = join(dir, 'perf-report')
  if (existsSync(reports))
    console.log(
      `reports: ${readdirSync(reports)
        .map((file) => `examples/${name}/perf-report/${file}`)
        .join(', ')}`,
    )
}
process.exit(failed ? 1 : 0)
