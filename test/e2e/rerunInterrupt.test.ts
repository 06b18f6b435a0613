// A confirmation re-run interrupted with its run: Ctrl-C (SIGINT to the terminal's process group) or a cancelled CI
// job (SIGTERM to the runner alone). Before the guard, every such interrupt left a `perf-sentinel-confirm-*` folder
// in the temp folder, and a SIGTERM to Vitest left the re-run running as an orphan.
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { createFixtureProject, toolchainNodeModules } from './fixtureProject.js'

const runners = [
  {
    fixture: 'vitest-regression',
    bin: [join(toolchainNodeModules('main'), 'vitest', 'vitest.mjs'), 'run'],
    exit: { SIGINT: 130, SIGTERM: 143 },
  },
  {
    fixture: 'jest-regression',
    bin: [join(toolchainNodeModules('main'), 'jest', 'bin', 'jest.js')],
    exit: { SIGINT: null, SIGTERM: null },
  },
] as const

/** The command lines of running processes that mention `text`. */
function processesMentioning(text: string): string[] {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(text))
}

for (const runner of runners) {
  describe(`${runner.fixture}: a run interrupted during a confirmation re-run`, () => {
    for (const how of ['Ctrl-C', 'SIGTERM'] as const) {
      it(`${how}: no re-run left running, no confirmation folder left, the runner's own exit`, async () => {
        const project = createFixtureProject(runner.fixture)
        const tmp = join(project.dir, '..', 'tmp')
        mkdirSync(tmp)
        const env = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tmp, NO_COLOR: '1', PERF_SENTINEL_BASELINE_RUNS: '1' }
        const baseline = await project.run(process.execPath, [...runner.bin], env)
        expect(baseline.exitCode, baseline.output).toBe(0)
        // Detached: its own process group, as a terminal's foreground job is; Ctrl-C signals the whole group.
        const child = spawn(process.execPath, [...runner.bin], {
          cwd: project.dir,
          env: { ...env, CI: 'true', PERF_FIXTURE_FACTOR: '10' },
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        })
        let output = ''
        child.stdout.on('data', (chunk) => (output += chunk))
        child.stderr.on('data', (chunk) => (output += chunk))
        const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
          child.on('close', (code, signal) => resolve([code, signal])),
        )
        const confirming = (): boolean => readdirSync(tmp).some((name) => name.startsWith('perf-sentinel-confirm-'))
        for (let waited = 0; !confirming() && waited < 90_000; waited += 50) await sleep(50)
        expect(confirming(), output).toBe(true)
        // The re-run is running now (its folder exists from before its start until after its end).
        await sleep(300)
        if (how === 'Ctrl-C') process.kill(-(child.pid as number), 'SIGINT')
        else child.kill('SIGTERM')
        const [code, signal] = await closed
        const signalName = how === 'Ctrl-C' ? 'SIGINT' : 'SIGTERM'
        const expected = runner.exit[signalName]
        expect(expected === null ? signal : code, output).toBe(expected === null ? signalName : expected)
        // A re-run stopped with SIGTERM takes a moment to go.
        for (let waited = 0; processesMentioning(project.dir).length > 0 && waited < 10_000; waited += 100) await sleep(100)
        expect(processesMentioning(project.dir)).toEqual([])
        expect(readdirSync(tmp).filter((name) => name.startsWith('perf-sentinel-confirm-'))).toEqual([])
      }, 120_000)
    }
  })
}
