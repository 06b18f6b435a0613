/**
 * `perf-sentinel compare` from start to end: resolve the base, check it out in a temp worktree, prepare it, run the
 * A/B engine with real test processes, write the reports, and remove the worktree — on success, on error and on
 * abort (the caller's signal; a second Ctrl-C uses `onCheckout`'s synchronous removal).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { renderers } from '../../reporters/render/index.js'
import { regressionMessage } from '../../reporters/render/regressionMessage.js'
import { renderAbTerminal } from '../../reporters/render/sections/abSection.js'
import { isCI } from '../env/ci.js'
import { environmentFingerprint } from '../env/fingerprint.js'
import { PerfSentinelError } from '../errors.js'
import { readGitInfo } from '../git/git.js'
import { repositoryLocation } from '../git/worktree.js'
import type { AbReport } from './abReport.js'
import { buildAbReport } from './abReport.js'
import type { BaseCheckout } from './baseCheckout.js'
import { checkoutBase } from './baseCheckout.js'
import type { AbOptions } from './options.js'
import { planPrepare, prepareBase, readDependencyFiles } from './prepare.js'
import { formatProgress } from './progress.js'
import { resolveBase } from './resolveBase.js'
import { runRound } from './runRound.js'
import type { Arm } from './runRound.js'
import { scaledRounds } from './scaledRounds.js'
import { resolveRunnerBin } from './runnerBin.js'
import { sampleAb } from './sampleAb.js'
import { removeStaleWorktrees } from './staleWorktrees.js'
import type { TestCommand } from './testCommand.js'
import { detectTestCommand, givenTestCommand, roundArgv } from './testCommand.js'
import { writeAbReports } from './writeAbReports.js'

/** Everything the command line decided. */
export interface RunCompareInput {
  cwd: string
  env: NodeJS.ProcessEnv
  /** `--base` / the positional ref; undefined for the merge-base with the default branch. */
  baseRef: string | undefined
  /** The command after `--`; empty to detect it. */
  testCommand: readonly string[]
  install?: string
  build?: string
  /** Where the reports go, relative to `cwd`. */
  outputDir: string
  options: AbOptions
  out(line: string): void
  /** Progress and problems (stderr). */
  err(line: string): void
  signal: AbortSignal
  /** Called as soon as the worktree exists. */
  onCheckout?(checkout: BaseCheckout): void
  /** @default os.tmpdir() */
  tempDir?: string
}

/** How the run ended. */
export interface RunCompareOutcome {
  /** 0 no confirmed regression, 1 a confirmed regression. Setup errors throw (exit 2). */
  exitCode: 0 | 1
  report: AbReport
  written: string[]
}

/** Runs the whole A/B; throws a `PerfSentinelError` for any setup or tool error, after removing the worktree. */
export async function runCompare(input: RunCompareInput): Promise<RunCompareOutcome> {
  const startedAt = new Date()
  const { cwd, env } = input
  const location = await repositoryLocation(cwd)
  const base = await resolveBase(cwd, env, input.baseRef)
  const command = input.testCommand.length > 0 ? givenTestCommand(input.testCommand) : detectTestCommand(projectFiles(cwd))
  input.err(`compare: base ${base.commit.slice(0, 7)} (${base.how}); test command: ${command.source}`)
  const tempRoot = realpathSync(input.tempDir ?? tmpdir())
  const stale = await removeStaleWorktrees(location.topLevel)
  if (stale.removed.length > 0)
    input.err(`compare: removed ${stale.removed.length} worktree(s) left by an interrupted run: ${stale.removed.join(', ')}`)
  for (const problem of stale.problems) input.err(`perf-sentinel: ${problem}`)
  const checkout = await checkoutBase(location.topLevel, base.commit, location.prefix, { tempDir: tempRoot })
  input.onCheckout?.(checkout)
  const roundsDir = mkdtempSync(join(tempRoot, 'perf-sentinel-rounds-'))
  try {
    if (!existsSync(checkout.projectDir)) {
      throw new PerfSentinelError(
        'E_BASE',
        `the project folder ${location.prefix} does not exist at the base commit ${base.commit.slice(0, 7)}`,
        {
          fix: 'pass a --base where the project exists',
        },
      )
    }
    const plan = planPrepare(readDependencyFiles(cwd, location.topLevel), readDependencyFiles(checkout.projectDir, checkout.topDir), {
      ...(input.install === undefined ? {} : { install: input.install }),
      ...(input.build === undefined ? {} : { build: input.build }),
    })
    input.err(
      `compare: preparing the base: ${plan.reason}${plan.install ? ` (${plan.install})` : ''}${plan.build ? `, then ${plan.build}` : ''}`,
    )
    const prepareStart = Date.now()
    await prepareBase(
      plan,
      { headProject: cwd, baseProject: checkout.projectDir, headTop: location.topLevel, baseTop: checkout.topDir },
      { env, signal: input.signal },
    )
    const prepareMs = Date.now() - prepareStart
    const detected = input.testCommand.length === 0
    const head = { dir: cwd, label: 'head', bin: detected ? binFor(command, cwd, 'head') : undefined }
    const baseSide = {
      dir: checkout.projectDir,
      label: `base worktree (${base.commit.slice(0, 7)})`,
      bin: detected ? binFor(command, checkout.projectDir, 'base worktree') : undefined,
    }
    const sideOf = (arm: Arm): typeof head => (arm === 'head' ? head : baseSide)
    const rounds = scaledRounds(
      input.options.timeScale,
      (arm, scope, timeScale) => runRound(arm, sideOf(arm), command, scope, { env, tempDir: roundsDir, signal: input.signal, timeScale }),
      (arm) => sideOf(arm).label,
    )
    const engine = await sampleAb(
      {
        runRound: rounds.runRound,
        now: Date.now,
        progress: (p) => input.err(formatProgress(p)),
      },
      input.options,
    )
    const runner = engine.headDiscovery.runner ?? { name: command.runner ?? 'vitest', version: 'unknown' }
    const git = await readGitInfo({ cwd, env })
    const same =
      git.commit === base.commit && git.dirty === false
        ? ['The base is the head’s own commit: an A/A run, identical code on both sides.']
        : []
    const report = buildAbReport({
      engine,
      options: input.options,
      base,
      git,
      environment: engine.headDiscovery.environment ?? environmentFingerprint({ runner: runner.name, runnerVersion: runner.version, env }),
      runner,
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      ci: isCI(env),
      command: {
        source: command.source,
        head: roundArgv(command, {}, '<round dir>', head.bin).join(' '),
        base: roundArgv(command, {}, '<round dir>', baseSide.bin).join(' '),
      },
      prepare: { ...plan, durationMs: prepareMs },
      notes: [`Same-job A/B against ${base.commit.slice(0, 7)} (${base.how}).`, ...same, ...rounds.notes(), ...engine.notes],
    })
    const { written, failures } = await writeAbReports(report, cwd, input.outputDir, { env, annotate: input.out })
    input.out(renderers.terminal.render(report, { written, color: false }))
    input.out(renderAbTerminal(report.ab))
    for (const failure of failures) input.err(`perf-sentinel: ${failure.message}`)
    for (const m of report.measurements) {
      if (m.comparison?.verdict === 'regressed') input.err(regressionMessage(m.id, m.comparison))
    }
    if (failures.length > 0) throw failures[0] as Error
    return { exitCode: report.ab.exitCode, report, written }
  } finally {
    rmSync(roundsDir, { recursive: true, force: true })
    const problem = await checkout.remove()
    if (problem !== undefined) input.err(`perf-sentinel: ${problem}`)
  }
}

function projectFiles(cwd: string): { packageJson: string | undefined; rootFiles: string[] } {
  const path = join(cwd, 'package.json')
  return { packageJson: existsSync(path) ? readFileSync(path, 'utf8') : undefined, rootFiles: readdirSync(cwd) }
}

function binFor(command: TestCommand, dir: string, label: string): string | undefined {
  return command.runner === undefined ? undefined : resolveRunnerBin(command.runner, dir, label)
}
