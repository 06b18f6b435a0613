import {
  resolveAbOptions,
  parseDuration,
  DEFAULT_BUDGET_MS,
  DEFAULT_CONFIRM_ROUNDS,
  DEFAULT_MAX_ROUNDS,
  DEFAULT_MIN_ROUNDS,
  AB_FAIL_THRESHOLD_PERCENT,
  DEFAULT_TIME_SCALE,
} from '../../ab/options.js'
import type { BaseCheckout } from '../../ab/baseCheckout.js'
import { runCompare } from '../../ab/runCompare.js'
import { guardTermination, TERMINATION_SIGNALS } from '../../ab/signals.js'
import { PerfSentinelError } from '../../errors.js'
import type { CliCommand } from '../command.js'
import { integerFlag, stringFlag } from '../flags.js'

/**
 * `perf-sentinel compare [<ref> | --base <ref>] [-- <test command>]`: the same-job A/B gate. Checks the base out in
 * a temp git worktree, runs base and head alternately (ABBA) in fresh runner processes, decides each measurement
 * with the regression statistics, confirms candidates, and checks an A/A control. Exit 0 no confirmed regression,
 * 1 a confirmed regression, 2 a setup or tool error, 130/143 interrupted (the worktree is removed in every case).
 */
export const compare: CliCommand = {
  summary:
    'A/B in this job: the working tree against a base commit (default: merge-base with the default branch), in alternating fresh runs',
  positionals: [{ name: 'ref', description: 'the base commit or ref (same as --base)' }],
  flags: {
    base: {
      type: 'string',
      valueHint: '<ref>',
      description: 'the base to compare with (default: merge-base of HEAD and the default branch; on the default branch, HEAD^)',
    },
    budget: {
      type: 'string',
      valueHint: '<duration>',
      description: `time for sampling, e.g. 90s, 4m, a bare number is seconds (default ${DEFAULT_BUDGET_MS / 60_000}m; confirmation, and the minimum rounds, come on top)`,
    },
    include: {
      type: 'string',
      multiple: true,
      valueHint: '<glob>',
      description: 'decide only measurements whose file, name or id matches (repeatable)',
    },
    exclude: {
      type: 'string',
      multiple: true,
      valueHint: '<glob>',
      description: 'leave out measurements whose file, name or id matches (repeatable)',
    },
    install: {
      type: 'string',
      valueHint: '<command>',
      description: 'install command for the base when its lockfile differs from the head’s (default: from the lockfile, e.g. npm ci)',
    },
    build: {
      type: 'string',
      valueHint: '<command>',
      description: 'build command run in the base (default: its "build" script if any; "none" to skip)',
    },
    'output-dir': {
      type: 'string',
      valueHint: '<dir>',
      description: 'where report.json/.md/.html go (default $PERF_SENTINEL_OUTPUT_DIR, else perf-report)',
    },
    'fail-threshold': {
      type: 'string',
      valueHint: '<percent>',
      description: `smallest slowdown that fails (default ${AB_FAIL_THRESHOLD_PERCENT})`,
    },
    'min-rounds': {
      type: 'string',
      valueHint: '<n>',
      description: `rounds per side before deciding, even (default ${DEFAULT_MIN_ROUNDS})`,
    },
    'max-rounds': {
      type: 'string',
      valueHint: '<n>',
      description: `rounds per side after which undecided stays inconclusive (default ${DEFAULT_MAX_ROUNDS})`,
    },
    'confirm-rounds': {
      type: 'string',
      valueHint: '<n>',
      description: `independent rounds per side that confirm a candidate, even (default ${DEFAULT_CONFIRM_ROUNDS})`,
    },
    'time-scale': {
      type: 'string',
      valueHint: '<factor>',
      description: `factor in (0, 1] on each measurement's time in the rounds: shorter rounds, more of them (default ${DEFAULT_TIME_SCALE}; 1 = as the tests say)`,
    },
    'whole-files': { type: 'boolean', description: 'never narrow rounds to single tests with the runner’s -t filter' },
  },
  rest: 'the test command (default: detected — the "test" script when it starts with vitest or jest, else the vitest or jest dependency; run with --no-file-parallelism / --runInBand and narrowed to the files that hold measurements)',
  details: [
    'The base shares the head’s node_modules when its lockfile and package.json dependencies are unchanged; otherwise --install runs in the worktree.',
    'Reports: the usual report.json/.md/.html with an A/B section ("ab" in report.json). Progress goes to stderr.',
    'Exit: 0 no confirmed regression, 1 a confirmed regression or failed tests in the head, 2 setup or tool error (one line), 130/143 interrupted.',
  ],
  async run({ positionals, values, rest, cwd, env, out: print, err: printErr }) {
    // Output must never stop the clean-up: once a parent process has gone, writes fail with EPIPE.
    const out = quietly(print)
    const err = quietly(printErr)
    const flagBase = stringFlag(values.base)
    if (flagBase !== undefined && positionals[0] !== undefined && positionals[0] !== flagBase) {
      throw new PerfSentinelError('E_USAGE', `perf-sentinel compare: two bases given ("${positionals[0]}" and --base "${flagBase}")`, {
        fix: 'pass one of them',
      })
    }
    const budget = stringFlag(values.budget)
    const minRounds = integerFlag(values['min-rounds'], 'min-rounds', 2)
    const maxRounds = integerFlag(values['max-rounds'], 'max-rounds', 2)
    const confirmRounds = integerFlag(values['confirm-rounds'], 'confirm-rounds', 2)
    const failThreshold = percentFlag(values['fail-threshold'], 'fail-threshold')
    const timeScale = factorFlag(values['time-scale'], 'time-scale')
    const options = resolveAbOptions({
      ...(budget === undefined ? {} : { budgetMs: parseDuration(budget, 'budget') }),
      ...(minRounds === undefined ? {} : { minRounds }),
      ...(maxRounds === undefined ? {} : { maxRounds }),
      ...(confirmRounds === undefined ? {} : { confirmRounds }),
      include: listFlag(values.include),
      exclude: listFlag(values.exclude),
      narrowTests: values['whole-files'] !== true,
      ...(timeScale === undefined ? {} : { timeScale }),
      ...(failThreshold === undefined ? {} : { compare: { failThresholdPercent: failThreshold } }),
    })
    const controller = new AbortController()
    let checkout: BaseCheckout | undefined
    const guard = guardTermination({
      abort: (signal) => {
        err(`perf-sentinel compare: ${signal} received, stopping and removing the base worktree…`)
        controller.abort(new PerfSentinelError('E_USAGE', `interrupted by ${signal}`, { fix: 'run it again' }))
      },
      cleanupSync: () => checkout?.removeSync(),
    })
    try {
      const install = stringFlag(values.install)
      const build = stringFlag(values.build)
      const outcome = await runCompare({
        cwd,
        env,
        baseRef: flagBase ?? positionals[0],
        testCommand: rest,
        ...(install === undefined ? {} : { install }),
        ...(build === undefined ? {} : { build }),
        outputDir: stringFlag(values['output-dir']) ?? (env.PERF_SENTINEL_OUTPUT_DIR || 'perf-report'),
        options,
        out,
        err,
        signal: controller.signal,
        onCheckout: (made) => {
          checkout = made
        },
      })
      const regressed = outcome.report.ab.rows.some((row) => row.verdict === 'regressed')
      const failed = outcome.report.ab.headFailure
      if (failed !== undefined) err(`perf-sentinel compare: tests failed in the head's rounds (${failed}) (exit 1)`)
      err(
        regressed
          ? 'perf-sentinel compare: confirmed performance regression (exit 1)'
          : `perf-sentinel compare: no confirmed regression${failed === undefined ? '' : ', but the tests failed'}`,
      )
      return outcome.exitCode
    } catch (error) {
      const signal = guard.received()
      if (signal === undefined) throw error
      err(`perf-sentinel compare: interrupted by ${signal}; the base worktree was removed`)
      return TERMINATION_SIGNALS[signal]
    } finally {
      guard.dispose()
    }
  },
}

function quietly(write: (line: string) => void): (line: string) => void {
  return (line) => {
    try {
      write(line)
    } catch {
      // The reader is gone; the run goes on to remove its worktree.
    }
  }
}

function listFlag(value: string | boolean | string[] | undefined): string[] {
  if (Array.isArray(value)) return value
  return typeof value === 'string' ? [value] : []
}

function percentFlag(value: string | boolean | string[] | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (typeof value !== 'string' || value.trim() === '' || !(Number.isFinite(number) && number >= 0)) {
    throw new PerfSentinelError('E_USAGE', `--${flag} needs a percentage ≥ 0, received ${JSON.stringify(value)}`, {
      fix: `pass e.g. --${flag} 5`,
    })
  }
  return number
}

function factorFlag(value: string | boolean | string[] | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (typeof value !== 'string' || value.trim() === '' || !(number > 0 && number <= 1)) {
    throw new PerfSentinelError('E_USAGE', `--${flag} needs a number in (0, 1], received ${JSON.stringify(value)}`, {
      fix: `pass e.g. --${flag} 0.5, or 1 to measure as long as the tests say`,
    })
  }
  return number
}
