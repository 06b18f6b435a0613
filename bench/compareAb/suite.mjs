/**
 * The benchmark project of `perf-sentinel compare`: a Vitest or Jest project with 20 measurements — five workload
 * kinds (allocation-heavy string building, JSON round-trip, regex, Map, Math/global-heavy, which Jest's sandbox makes
 * slow) at four sizes (~10 µs, ~200 µs, ~1 ms, ~5 ms), one test file per size. Each workload repeats a small unit
 * `reps` times, so +10% reps is +10% real work; src/plan.js holds the reps and is what a head commit changes.
 */
import { mkdirSync, symlinkSync, writeFileSync, cpSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../lib/paths.mjs'

export const KINDS = ['string', 'json', 'regex', 'map', 'math']
/** Target time per operation, µs, by size label. */
export const SIZES = { '10us': 10, '200us': 200, '1ms': 1000, '5ms': 5000 }
/** `measure()` time budget per measurement and round: short, as a suite meant for compare keeps it. */
export const MEASURE_TIME_MS = 300

/** Every measurement's name, `<kind> <size>`, in suite order. */
export function measurementNames() {
  return Object.keys(SIZES).flatMap((size) => KINDS.map((kind) => `${kind} ${size}`))
}

/** The test file and id of a measurement (`test/s200us.test.js > json 200us > json 200us`). */
export function measurementId(runner, name) {
  const size = name.split(' ')[1]
  return `test/s${size}.test.${runner === 'vitest' ? 'ts' : 'js'} > ${name} > ${name}`
}

const WORKLOADS = `
// One unit of each kind; every result feeds a sink so no work is optimised away.
let sink = 0
const text = 'perf-sentinel measures what your tests already run: ' .repeat(4)
const pattern = /(\\w+)-(\\w+)\\s+(\\w+)/g
const object = { id: 42, name: 'unit', tags: ['a', 'b', 'c'], nested: { x: 1.5, y: [1, 2, 3] } }
const units = {
  string: (i) => { let s = ''; for (let k = 0; k < 8; k++) s += String.fromCharCode(97 + ((i + k) % 26)); sink += s.length },
  json: (i) => { object.id = i; sink += JSON.parse(JSON.stringify(object)).id },
  regex: () => { pattern.lastIndex = 0; let m; while ((m = pattern.exec(text)) !== null) sink += m[1].length },
  map: (i) => { const map = new Map(); for (let k = 0; k < 4; k++) map.set(k + i, k); sink += map.get(i) },
  math: (i) => { sink += Math.sqrt(i) * Math.sin(i) + Math.floor(Math.log1p(i)) },
}
function run(kind, reps) {
  const unit = units[kind]
  for (let i = 0; i < reps; i++) unit(i)
  return sink
}
`

/** Writes the project (package.json, runner config, workloads, plan, tests) into `dir` and links its node_modules. */
export function writeSuite(dir, runner, plan) {
  mkdirSync(join(dir, 'src'), { recursive: true })
  mkdirSync(join(dir, 'test'), { recursive: true })
  const esm = runner === 'vitest'
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: `bench-compare-${runner}`, private: true, ...(esm ? { type: 'module' } : {}), scripts: { test: esm ? 'vitest run' : 'jest' }, devDependencies: { [runner]: '*', 'perf-sentinel': '*' } }, null, 2)}\n`,
  )
  if (esm) {
    writeFileSync(
      join(dir, 'vitest.config.ts'),
      "import { defineConfig } from 'vitest/config'\nimport { perfSentinel } from 'perf-sentinel/vitest'\n\nexport default defineConfig({ plugins: [perfSentinel({ testDurations: false })], test: { reporters: ['default', 'perf'] } })\n",
    )
  } else {
    writeFileSync(
      join(dir, 'jest.config.js'),
      "module.exports = { testEnvironment: 'node', setupFilesAfterEnv: ['perf-sentinel/jest/setup'], reporters: ['default', ['perf-sentinel/jest/reporter', { testDurations: false }]] }\n",
    )
  }
  writeFileSync(join(dir, 'src', 'workloads.js'), `${WORKLOADS}${esm ? 'export { run }' : 'module.exports = { run }'}\n`)
  writeFileSync(join(dir, 'src', 'plan.js'), planSource(runner, plan, 'base'))
  for (const size of Object.keys(SIZES)) {
    const imports = esm
      ? "import { test } from 'vitest'\nimport { measure } from 'perf-sentinel'\nimport { run } from '../src/workloads.js'\nimport { PLAN } from '../src/plan.js'\n"
      : "const { measure } = require('perf-sentinel')\nconst { run } = require('../src/workloads.js')\nconst { PLAN } = require('../src/plan.js')\n"
    const tests = KINDS.map(
      (kind) =>
        `test('${kind} ${size}', async () => {\n  await measure('${kind} ${size}', () => run('${kind}', PLAN['${kind} ${size}']), { timeMs: ${MEASURE_TIME_MS} })\n})\n`,
    )
    writeFileSync(join(dir, 'test', `s${size}.test.${esm ? 'ts' : 'js'}`), `${imports}\n${tests.join('\n')}`)
  }
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\nperf-report/\n.perf-sentinel/\n')
  // node_modules as npm leaves it: perf-sentinel (a copy of dist, as installed) and the runner.
  const installed = join(dir, 'node_modules', 'perf-sentinel')
  mkdirSync(installed, { recursive: true })
  cpSync(join(REPO_ROOT, 'package.json'), join(installed, 'package.json'))
  cpSync(join(REPO_ROOT, 'dist'), join(installed, 'dist'), { recursive: true })
  symlinkSync(join(REPO_ROOT, 'node_modules', runner), join(dir, 'node_modules', runner), 'dir')
}

/** src/plan.js: reps per measurement; `tag` goes into a comment (an A/A head commit changes only that). */
export function planSource(runner, plan, tag) {
  const body = `// ${tag}\nconst PLAN = ${JSON.stringify(plan, null, 2)}\n`
  return `${body}${runner === 'vitest' ? 'export { PLAN }' : 'module.exports = { PLAN }'}\n`
}
