import type { Clock } from './clock.js'
import type { SubjectKind } from '../model/types.js'

/** Anything `measure()` and the matchers accept: a function, async function or (async) generator function. */
export type Subject = () => unknown

/** Runs `ops` operations back to back between two clock reads; returns the elapsed ms. */
export type BatchRunner = (fn: Subject, ops: number, now: Clock, sink: { value: unknown }) => number | Promise<number>

const AsyncFunction = (async () => {}).constructor as FunctionConstructor

/**
 * Loop bodies per subject kind. The result of every operation is stored in `sink.value`, an object the caller
 * keeps, so V8 cannot prove the work dead and remove it (the dead-code trap that makes mitata report 0.08 ns for
 * an unused `indexOf`).
 */
const LOOP_BODIES: Record<SubjectKind, string> = {
  sync: 'sink.value = fn()',
  async: 'sink.value = await fn()',
  generator: 'for (const v of fn()) sink.value = v',
  'async-generator': 'for await (const v of fn()) sink.value = v',
}

/**
 * Compiles a fresh batch loop for one measurement. A new function per measurement keeps the `fn()` call site
 * monomorphic, so V8 can inline small subjects as it would in the user's code; a loop shared by all subjects
 * would turn megamorphic and add several ns of call overhead to every operation.
 */
export function compileBatchRunner(kind: SubjectKind): BatchRunner {
  const isAsync = kind === 'async' || kind === 'async-generator'
  const Ctor = isAsync ? AsyncFunction : Function
  const body = `const t0 = now(); for (let i = 0; i < ops; i++) { ${LOOP_BODIES[kind]} } return now() - t0`
  return new Ctor('fn', 'ops', 'now', 'sink', body) as BatchRunner
}

/** What one call of the subject returned, and which kind of subject that makes it. */
export interface Probe {
  kind: SubjectKind
  /** The value of the first call: a promise or an iterator still to be awaited/consumed. */
  firstValue: unknown
}

/**
 * Classifies the subject. Declared async functions and generator functions are known without calling them;
 * anything else is called once (the first warm-up operation) and judged by what it returns.
 */
export function probeSubject(fn: Subject): Probe {
  const declared = declaredKind(fn)
  const firstValue = fn()
  return { kind: declared ?? kindOfValue(firstValue), firstValue }
}

function declaredKind(fn: Subject): SubjectKind | undefined {
  switch (fn.constructor?.name) {
    case 'GeneratorFunction':
      return 'generator'
    case 'AsyncGeneratorFunction':
      return 'async-generator'
    default:
      return undefined
  }
}

function kindOfValue(value: unknown): SubjectKind {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return 'sync'
  const v = value as Record<PropertyKey, unknown>
  if (typeof v.next === 'function' && typeof v[Symbol.asyncIterator] === 'function') return 'async-generator'
  if (typeof v.next === 'function' && typeof v[Symbol.iterator] === 'function') return 'generator'
  if (typeof v.then === 'function') return 'async'
  return 'sync'
}

/** Finishes the probe's first operation (await the promise or drain the iterator). */
export function finishProbeSync(probe: Probe): void {
  if (probe.kind === 'generator') for (const _ of probe.firstValue as Iterable<unknown>);
}

/** Async counterpart of `finishProbeSync`; rejections propagate (a throwing subject is never a timing). */
export async function finishProbeAsync(probe: Probe): Promise<void> {
  if (probe.kind === 'async') await probe.firstValue
  else if (probe.kind === 'async-generator') for await (const _ of probe.firstValue as AsyncIterable<unknown>);
  else finishProbeSync(probe)
}

/** Latencies between consecutive yields of one generator run (first one from the call), in ms, clock cost removed. */
export function perYieldLatenciesSync(fn: Subject, now: Clock, overheadMs: number, into: number[]): number {
  let yields = 0
  let t = now()
  for (const _ of fn() as Iterable<unknown>) {
    const t2 = now()
    into.push(Math.max(0, t2 - t - overheadMs))
    t = t2
    yields++
  }
  return yields
}

/** Async-generator counterpart of `perYieldLatenciesSync`. */
export async function perYieldLatenciesAsync(fn: Subject, now: Clock, overheadMs: number, into: number[]): Promise<number> {
  let yields = 0
  let t = now()
  for await (const _ of fn() as AsyncIterable<unknown>) {
    const t2 = now()
    into.push(Math.max(0, t2 - t - overheadMs))
    t = t2
    yields++
  }
  return yields
}
