/**
 * Diagnostic companion of the overhead part (not in the default `npm run bench` set): where does the extra wall
 * time come from? Times the plain suite against setups that add one ingredient of perf-sentinel at a time.
 * Rounds rotate forward then backward; medians per variant. Indicative only: on a shared 2-core machine, repeat it.
 */
import { fileURLToPath } from 'node:url'
import { describeMachine, machineLine } from '../lib/machine.mjs'
import { markdownTable } from '../lib/markdownTable.mjs'
import { median } from '../lib/median.mjs'
import { writeResults } from '../lib/writeResults.mjs'
import { createOverheadProject, JEST_BASE } from './fixture.mjs'

const vitestConfig = (setup) =>
  `import { defineConfig } from 'vitest/config'\nexport default defineConfig({ test: { setupFiles: ['${setup}'] } })\n`

/** Per runner: extra files written into the fixture, and the runner arguments of each variant. */
const BREAKDOWNS = {
  vitest: {
    files: {
      // Ingredients of a setup file, one at a time (perf-sentinel's own registers no per-test hook).
      'hooks.setup.mjs':
        `import { afterEach, beforeEach } from 'vitest'\nlet last\nbeforeEach((context) => { last = context.task })\n` +
        `afterEach(async (context) => { if (last !== context.task) last = undefined })\n`,
      'als.setup.mjs':
        `import { AsyncLocalStorage } from 'node:async_hooks'\nimport { beforeEach } from 'vitest'\n` +
        `const store = new AsyncLocalStorage()\nbeforeEach((context) => { store.enterWith(context.task) })\n`,
      'vitest.hooks.config.mjs': vitestConfig('./hooks.setup.mjs'),
      'vitest.als.config.mjs': vitestConfig('./als.setup.mjs'),
    },
    variants: {
      plain: ['run', '--config=vitest.plain.config.mjs'],
      'setup file: empty beforeEach + async afterEach': ['run', '--config=vitest.hooks.config.mjs'],
      'setup file: AsyncLocalStorage.enterWith in beforeEach': ['run', '--config=vitest.als.config.mjs'],
      'perfSentinel() plugin, no perf reporter': ['run', '--config=vitest.perf.config.mjs'],
      'plugin + --reporter=perf (full)': ['run', '--config=vitest.perf.config.mjs', '--reporter=default', '--reporter=perf'],
    },
  },
  jest: {
    files: {
      'jest.setup.config.cjs': `module.exports = { testEnvironment: 'node', setupFilesAfterEnv: ['perf-sentinel/jest/setup'] }\n`,
      'jest.reporter.config.cjs': `module.exports = { testEnvironment: 'node', reporters: ['default', 'perf-sentinel/jest/reporter'] }\n`,
    },
    variants: {
      plain: ['--config=jest.plain.config.cjs'],
      'setup file only': ['--config=jest.setup.config.cjs'],
      'reporter only': ['--config=jest.reporter.config.cjs'],
      'setup file + reporter (full)': ['--config=jest.perf.config.cjs'],
    },
  },
}

export async function runBreakdown({ runners = ['vitest', 'jest'], rounds = 8 } = {}) {
  const machine = describeMachine()
  const sections = []
  const data = { machine, rounds, runners: {} }
  for (const runner of runners) {
    const result = await breakDown(runner, rounds)
    data.runners[runner] = result
    sections.push(`#### ${runner}\n\n${result.table}`)
  }
  const markdown = [
    '### Suite overhead breakdown (diagnostic)',
    '',
    machineLine(machine),
    '',
    `${rounds} rounds after one untimed warm-up round, medians of whole-process wall time. "tests' own time" is ` +
      "the sum of Vitest's per-file times (time spent inside test files).",
    '',
    sections.join('\n\n'),
  ].join('\n')
  writeResults('overhead-breakdown', data, markdown)
}

async function breakDown(runner, rounds) {
  const { files, variants } = BREAKDOWNS[runner]
  const project = createOverheadProject(runner)
  try {
    for (const [path, text] of Object.entries(files)) project.write(path, text)
    const walls = {}
    const testMs = {}
    for (let round = 0; round <= rounds; round++) {
      const names = round % 2 === 0 ? Object.keys(variants) : Object.keys(variants).reverse()
      for (const name of names) {
        const run = await project.exec(variants[name])
        if (run.exitCode !== 0) throw new Error(`${runner} ${name} failed:\n${run.stdout}\n${run.stderr}`)
        if (round === 0) continue
        ;(walls[name] ??= []).push(run.wallMs)
        // Vitest prints each file's own time, "(30 tests) 16ms"; Jest prints none.
        const perFile = [...run.stdout.matchAll(/\(\d+ tests?\) (\d+)ms/g)].map((m) => Number(m[1]))
        if (perFile.length > 0) (testMs[name] ??= []).push(perFile.reduce((a, b) => a + b, 0))
      }
      console.log(`  ${runner} round ${round}/${rounds} done`)
    }
    const plainMs = median(walls.plain)
    const rows = Object.keys(variants).map((name) => [
      name,
      `${(median(walls[name]) / 1000).toFixed(2)} s`,
      `${(median(walls[name]) / plainMs).toFixed(3)}`,
      `+${(median(walls[name]) - plainMs).toFixed(0)} ms`,
      testMs[name] ? `${median(testMs[name]).toFixed(0)} ms` : 'n/a',
    ])
    const table = markdownTable(['variant', 'wall (median)', '÷ plain', 'extra', "tests' own time (median)"], rows)
    return { walls, testMs, table }
  } finally {
    project.remove()
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flag = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
  const runners = flag('runners')?.split(',') ?? ['vitest', 'jest']
  await runBreakdown({ runners, rounds: Number(flag('rounds') ?? 8) })
}
