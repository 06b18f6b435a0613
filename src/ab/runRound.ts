/**
 * One A/B round: the test command run once, in a fresh runner process, in one checkout, with the perf reporter
 * writing report.json into a temp directory of its own; what comes back is each measurement's median for that
 * process (the unit the A/B decision compares, see decideRounds.ts).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import * as v from 'valibot'
import { PerfSentinelError } from '../errors.js'
import type { ReportMeasurement } from '../model/report.js'
import type { EnvironmentFingerprint } from '../model/types.js'
import { roundEnvironment } from './roundEnv.js'
import type { ProcessOutcome } from './runProcess.js'
import { describeEnd, lastLine, runProcess } from './runProcess.js'
import type { RoundScope, TestCommand } from './testCommand.js'
import { roundArgv } from './testCommand.js'

/** Which side a round measured: the base commit, the head (working tree), or the base again for the A/A control. */
export type Arm = 'base' | 'head' | 'control'

/** One measurement of one round: its identity as the report gives it, and this process's median. */
export interface RoundMeasurement
  extends Pick<
    ReportMeasurement,
    'id' | 'file' | 'testName' | 'name' | 'kind' | 'concurrent' | 'subject' | 'batchSize' | 'referenceMixMs'
  > {
  /** Median per operation in this process, in ms. */
  medianMs: number
  /** Samples the median was taken from. */
  n: number
}

/** What one round produced. */
export interface RoundResult {
  arm: Arm
  exitCode: number | undefined
  durationMs: number
  /** `undefined` when the command wrote no perf report at all (no perf-sentinel reporter in that checkout). */
  measurements: RoundMeasurement[] | undefined
  runner?: { name: 'vitest' | 'jest'; version: string }
  environment?: EnvironmentFingerprint
  /** The time factor the round's reporter says its measurements ran at; absent = full time (or a reporter too old to say). */
  timeScale?: number
  /** The last line of output when the test command failed (a failing test, a missed budget) but still reported. */
  failure?: string
}

/** Where a reporter that predates `PERF_SENTINEL_OUTPUT_DIR` writes (its default `outputDir`). */
const LEGACY_REPORT = join('perf-report', 'report.json')

const reportSchema = v.looseObject({
  run: v.looseObject({
    runner: v.optional(v.looseObject({ name: v.picklist(['vitest', 'jest']), version: v.string() })),
    environment: v.optional(v.unknown()),
    timeScale: v.optional(v.number()),
  }),
  measurements: v.array(
    v.looseObject({
      id: v.string(),
      file: v.string(),
      testName: v.string(),
      name: v.string(),
      kind: v.picklist(['matcher', 'measure', 'test-duration']),
      concurrent: v.optional(v.boolean(), false),
      subject: v.optional(v.picklist(['sync', 'async', 'generator', 'async-generator']), 'sync'),
      batchSize: v.optional(v.number(), 1),
      stats: v.looseObject({ medianMs: v.number(), n: v.number() }),
      referenceMixMs: v.optional(v.number()),
    }),
  ),
})

/** Runs one round; throws `PerfSentinelError('E_BASE')` when the command failed and reported nothing. */
export async function runRound(
  arm: Arm,
  checkout: { dir: string; label: string; bin: string | undefined },
  command: TestCommand,
  scope: RoundScope,
  options: { env: Readonly<Record<string, string | undefined>>; tempDir: string; signal?: AbortSignal; timeScale?: number },
): Promise<RoundResult> {
  const outputDir = mkdtempSync(join(options.tempDir, `${arm}-`))
  try {
    const started = Date.now()
    const argv = roundArgv(command, scope, outputDir, checkout.bin)
    const outcome = await runProcess(
      { argv },
      {
        cwd: checkout.dir,
        env: roundEnvironment(options.env, outputDir, options.timeScale),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    )
    const text = readReport(join(outputDir, 'report.json')) ?? readReport(join(checkout.dir, LEGACY_REPORT), started)
    if (text === undefined) {
      if (outcome.exitCode !== 0) throw commandFailed(checkout.label, argv, outcome)
      return { arm, exitCode: outcome.exitCode, durationMs: outcome.durationMs, measurements: undefined }
    }
    return {
      arm,
      ...parseRoundReport(text, checkout.label),
      exitCode: outcome.exitCode,
      durationMs: outcome.durationMs,
      ...failure(outcome),
    }
  } finally {
    rmSync(outputDir, { recursive: true, force: true })
  }
}

/** The gated measurements of a report.json (test durations left out). Pure; throws `E_READ` on a malformed report. */
export function parseRoundReport(text: string, label: string): Pick<RoundResult, 'measurements' | 'runner' | 'environment' | 'timeScale'> {
  let parsed: v.InferOutput<typeof reportSchema>
  try {
    parsed = v.parse(reportSchema, JSON.parse(text))
  } catch (error) {
    throw new PerfSentinelError(
      'E_READ',
      `the perf report of a ${label} round is not readable: ${(error as Error).message.split('\n')[0]}`,
      {
        fix: 'make sure head and base use a perf-sentinel version that writes report.json (schemaVersion 1 or 2)',
        cause: error,
      },
    )
  }
  const measurements = parsed.measurements
    .filter((m) => m.kind !== 'test-duration' && m.stats.medianMs > 0 && Number.isFinite(m.stats.medianMs))
    .map(
      (m): RoundMeasurement => ({
        id: m.id,
        file: m.file,
        testName: m.testName,
        name: m.name,
        kind: m.kind,
        concurrent: m.concurrent,
        subject: m.subject,
        batchSize: m.batchSize,
        medianMs: m.stats.medianMs,
        n: m.stats.n,
        ...(m.referenceMixMs === undefined ? {} : { referenceMixMs: m.referenceMixMs }),
      }),
    )
  return {
    measurements,
    ...(parsed.run.runner ? { runner: parsed.run.runner } : {}),
    ...(parsed.run.environment ? { environment: parsed.run.environment as EnvironmentFingerprint } : {}),
    ...(parsed.run.timeScale === undefined ? {} : { timeScale: parsed.run.timeScale }),
  }
}

function readReport(path: string, notBeforeMs?: number): string | undefined {
  try {
    // A stale report from an earlier run of the project must not pass for this round's.
    if (notBeforeMs !== undefined && statSync(path).mtimeMs < notBeforeMs - 1000) return undefined
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

function failure(outcome: ProcessOutcome): Pick<RoundResult, 'failure'> {
  if (outcome.exitCode === 0) return {}
  return { failure: `${describeEnd(outcome)}${lastLine(outcome) ? `: ${lastLine(outcome)}` : ''}` }
}

/** Where a user can run a failed round's command again: the base worktree is gone by the time they read this. */
function whereToRetry(label: string): string {
  const base = /^base worktree \(([0-9a-f]+)\)/.exec(label)?.[1]
  return base === undefined
    ? `run the same command in the ${label}`
    : `run the same command in a checkout of the base (git worktree add ../perf-base ${base}, after installing there; compare removed its own)`
}

function commandFailed(label: string, argv: readonly string[], outcome: ProcessOutcome): PerfSentinelError {
  const said = lastLine(outcome)
  return new PerfSentinelError(
    'E_BASE',
    `the test command failed in the ${label} and wrote no perf report: \`${argv.join(' ')}\` ${describeEnd(outcome)}${said ? `: ${said}` : ''}`,
    {
      fix: `${whereToRetry(label)} to see why (perf-sentinel compare -- <command> to change it)`,
    },
  )
}
