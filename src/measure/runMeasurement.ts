import { describeValue, PerfSentinelError } from '../errors.js'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { clockOverheadMs } from './clock.js'
import { capSamples, summarize } from '../stats/summarize.js'
import { referenceAroundMs, sampleReference } from './reference.js'
import { growYoungGeneration } from './youngGeneration.js'
import type { MeasureResult, SubjectKind } from '../model/types.js'
import type { MeasureOptions, ResolvedMeasureOptions } from './options.js'
import { resolveMeasureOptions } from './options.js'
import type { PlanOutcome } from './plan.js'
import { measurementCapMs, samplingPlan } from './plan.js'
import type { Probe, Subject } from './subject.js'
import {
  compileBatchRunner,
  finishProbeAsync,
  finishProbeSync,
  perYieldLatenciesAsync,
  perYieldLatenciesSync,
  probeSubject,
} from './subject.js'

/** Generator runs instrumented per yield after sampling (clock reads per yield stay out of the main samples). */
const PER_YIELD_RUNS = 20
const PER_YIELD_MAX_LATENCIES = 10_000

/**
 * Measures a subject. Sync functions and sync generators are measured synchronously and the result is returned
 * directly (so sync matchers work without `await`); async subjects return a promise. A throwing or rejecting
 * subject propagates its error: it is never reported as a timing.
 */
export function runMeasurement(
  name: string,
  fn: Subject,
  options: MeasureOptions | undefined,
  where: string,
  extraOptionKeys: readonly string[] = [],
): MeasureResult | Promise<MeasureResult> {
  if (typeof fn !== 'function') {
    throw new TypeError(`${where}: the subject must be a function, received ${describeValue(fn)}`)
  }
  const o = resolveMeasureOptions(options, where, extraOptionKeys)
  const overheadMs = clockOverheadMs(o.clock)
  const gc = resolveGc(o.gc)
  const setupResult = o.setup?.()
  // An async setup makes the whole measurement async, whatever the subject: every operation must wait for it.
  if (isThenable(setupResult)) return measureAfterAsyncSetup(name, fn, setupResult, o, overheadMs, gc)
  const t0 = o.clock()
  const probe = probeSubject(fn)
  if (probe.kind === 'sync' || probe.kind === 'generator') {
    finishProbeSync(probe)
    const probeMs = o.clock() - t0
    if (o.teardown) assertSync(o.teardown(), 'teardown')
    return measureSync(name, fn, probe.kind, o, overheadMs, gc, probeMs)
  }
  return measureAsync(name, fn, probe, o, overheadMs, gc, t0)
}

async function measureAfterAsyncSetup(
  name: string,
  fn: Subject,
  setupDone: PromiseLike<unknown>,
  o: ResolvedMeasureOptions,
  overheadMs: number,
  gc: (() => void) | undefined,
): Promise<MeasureResult> {
  await setupDone
  const t0 = o.clock()
  return measureAsync(name, fn, probeSubject(fn), o, overheadMs, gc, t0)
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function'
}

function measureSync(
  name: string,
  fn: Subject,
  kind: SubjectKind,
  o: ResolvedMeasureOptions,
  overheadMs: number,
  gc: (() => void) | undefined,
  probeMs: number,
): MeasureResult {
  const runBatch = compileBatchRunner(kind)
  const sink = { value: undefined as unknown }
  growYoungGeneration()
  const before: number[] = []
  sampleReference(o.clock, before)
  const plan = samplingPlan(o, overheadMs, gc, probeMs)
  let step = plan.next()
  while (!step.done) {
    if (o.setup) assertSync(o.setup(), 'setup')
    const elapsedMs = runBatch(fn, step.value, o.clock, sink) as number
    if (o.teardown) assertSync(o.teardown(), 'teardown')
    step = plan.next(elapsedMs)
  }
  const after: number[] = []
  sampleReference(o.clock, after)
  let perYield: number[] | undefined
  let yields: number | undefined
  if (kind === 'generator') {
    perYield = []
    for (let run = 0; run < PER_YIELD_RUNS && perYield.length < PER_YIELD_MAX_LATENCIES; run++) {
      yields = perYieldLatenciesSync(fn, o.clock, overheadMs, perYield)
    }
  }
  return buildResult(name, kind, step.value, o, perYield, yields, before, after)
}

async function measureAsync(
  name: string,
  fn: Subject,
  probe: Probe,
  o: ResolvedMeasureOptions,
  overheadMs: number,
  gc: (() => void) | undefined,
  probeStartMs: number,
): Promise<MeasureResult> {
  await settleWithin(finishProbeAsync(probe), measurementCapMs(o), name)
  const probeMs = o.clock() - probeStartMs
  await o.teardown?.()
  const runBatch = compileBatchRunner(probe.kind)
  const sink = { value: undefined as unknown }
  growYoungGeneration()
  const before: number[] = []
  sampleReference(o.clock, before)
  const plan = samplingPlan(o, overheadMs, gc, probeMs)
  let step = plan.next()
  const capMs = measurementCapMs(o)
  while (!step.done) {
    await o.setup?.()
    const elapsedMs = await settleWithin(runBatch(fn, step.value, o.clock, sink), capMs, name)
    await o.teardown?.()
    step = plan.next(elapsedMs)
  }
  const after: number[] = []
  sampleReference(o.clock, after)
  let perYield: number[] | undefined
  let yields: number | undefined
  if (probe.kind === 'async-generator' || probe.kind === 'generator') {
    perYield = []
    for (let run = 0; run < PER_YIELD_RUNS && perYield.length < PER_YIELD_MAX_LATENCIES; run++) {
      yields =
        probe.kind === 'generator'
          ? perYieldLatenciesSync(fn, o.clock, overheadMs, perYield)
          : await perYieldLatenciesAsync(fn, o.clock, overheadMs, perYield)
    }
  }
  return buildResult(name, probe.kind, step.value, o, perYield, yields, before, after)
}

function buildResult(
  name: string,
  subject: SubjectKind,
  outcome: PlanOutcome,
  o: ResolvedMeasureOptions,
  perYieldMs: number[] | undefined,
  yieldsPerOperation: number | undefined,
  referenceBeforeMs: readonly number[],
  referenceAfterMs: readonly number[],
): MeasureResult {
  const result: MeasureResult = {
    name,
    subject,
    ...summarize(outcome.samplesMs),
    samplesMs: capSamples(outcome.samplesMs, o.maxRetainedSamples),
    batchSize: outcome.batchSize,
    operations: outcome.samplesMs.length * outcome.batchSize,
    warmupOperations: outcome.warmupOperations,
    sampledForMs: outcome.sampledForMs,
  }
  if (outcome.stoppedAtCapMs !== undefined) result.stoppedAtCapMs = outcome.stoppedAtCapMs
  if (perYieldMs && perYieldMs.length > 0) result.perYield = summarize(perYieldMs)
  if (yieldsPerOperation !== undefined) result.yieldsPerOperation = yieldsPerOperation
  const referenceMixMs = referenceAroundMs(referenceBeforeMs, referenceAfterMs)
  if (referenceMixMs !== undefined && referenceMixMs > 0) result.referenceMixMs = referenceMixMs
  return result
}

/**
 * Awaits one batch, but not past the measurement cap: a subject that never settles fails the matcher with its own
 * message before the runner's test timeout (5 s by default), instead of being called on into later tests.
 */
function settleWithin<T>(batch: Promise<T> | T, capMs: number, name: string): Promise<T> | T {
  if (!(batch instanceof Promise)) return batch
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const problem = `${name}: the subject did not settle within ${capMs} ms (perf-sentinel's measurement cap)`
      reject(
        new PerfSentinelError('E_SUBJECT', problem, {
          fix: 'make sure the promise settles, or measure a smaller piece of work (the cap is max(3 s, 2 × timeMs))',
        }),
      )
    }, capMs)
    timer.unref?.()
  })
  return Promise.race([batch, timeout]).finally(() => clearTimeout(timer))
}

function assertSync(value: unknown, hook: string): void {
  if (isThenable(value)) {
    throw new TypeError(
      `perf-sentinel: the ${hook} hook returned a promise, but the subject is synchronous. ` +
        `Make the subject async, or use \`await measure(…)\`.`,
    )
  }
}

function resolveGc(mode: boolean | 'auto'): (() => void) | undefined {
  if (mode === false) return undefined
  const exposed = (globalThis as { gc?: unknown }).gc
  if (typeof exposed === 'function') return exposed as () => void
  if (mode !== true) return undefined
  // Flag-free way to get gc() in a running process (runners.md): set the flag, then fetch it from a new context.
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}
