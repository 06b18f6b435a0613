/**
 * The V8 CPU profiler through `node:inspector` (no native dependency). A session on the current thread answers
 * synchronously, so a sync subject can be profiled inside a sync matcher. One session per thread (per Jest test
 * file), connected on first use; it coexists with a debugger attached through `--inspect` (each session has its
 * own profiler state).
 */
import { Session } from 'node:inspector'

/** A `.cpuprofile` as V8 returns it (the format speedscope and Chrome DevTools open). */
export interface CpuProfile {
  nodes: CpuProfileNode[]
  /** Start and end, in µs of the monotonic clock (`process.hrtime` / 1000). */
  startTime: number
  endTime: number
  /** Node id of each sample, and the µs elapsed before it. */
  samples?: number[]
  timeDeltas?: number[]
}

export interface CpuProfileNode {
  id: number
  callFrame: { functionName: string; scriptId: string; url: string; lineNumber: number; columnNumber: number }
  hitCount?: number
  children?: number[]
  /** Self samples per source line (1-based) of this node: where inside the function the time went. */
  positionTicks?: Array<{ line: number; ticks: number }>
}

/** A profile being recorded; `stop()` returns it. */
export interface RunningProfile {
  stop(): CpuProfile
}

/** Why profiling is unavailable, or the function that starts it (injected in tests). */
export type StartProfile = (intervalUs: number) => RunningProfile

const SESSION_KEY = Symbol.for('perf-sentinel.inspectorSession')

interface SessionSlot {
  session: Session
  enabled: boolean
  busy: boolean
}

/** Posts a message and returns its result; same-thread inspector sessions answer before `post` returns. */
function postSync<T>(session: Session, method: string, params?: object): T {
  let answered = false
  let failure: Error | null = null
  let value: T | undefined
  session.post(method, params ?? {}, (error: Error | null, result?: unknown) => {
    answered = true
    failure = error
    value = result as T
  })
  if (!answered) throw new Error(`perf-sentinel: the inspector did not answer ${method} synchronously`)
  if (failure) throw failure
  return value as T
}

function slot(): SessionSlot {
  const holder = globalThis as Record<symbol, unknown>
  let current = holder[SESSION_KEY] as SessionSlot | undefined
  if (!current) {
    const session = new Session()
    session.connect()
    current = { session, enabled: false, busy: false }
    holder[SESSION_KEY] = current
  }
  return current
}

/** The thread's inspector session (connected on first use), for the other inspector users of this folder. */
export function inspectorSession(): Session {
  return slot().session
}

/**
 * Starts the sampling profiler at `intervalUs`. Throws when the inspector is unavailable or a profile of this
 * session is already running (profiles do not nest: the second one would steal the first one's samples).
 */
export const startCpuProfile: StartProfile = (intervalUs) => {
  const current = slot()
  if (current.busy) throw new Error('perf-sentinel: a CPU profile is already being recorded in this thread')
  if (!current.enabled) {
    postSync(current.session, 'Profiler.enable')
    current.enabled = true
  }
  postSync(current.session, 'Profiler.setSamplingInterval', { interval: Math.max(1, Math.round(intervalUs)) })
  postSync(current.session, 'Profiler.start')
  current.busy = true
  return {
    stop(): CpuProfile {
      try {
        return postSync<{ profile: CpuProfile }>(current.session, 'Profiler.stop').profile
      } finally {
        current.busy = false
      }
    },
  }
}

/** Where V8 says a function starts (0-based, as in profile call frames). */
export interface FunctionLocation {
  scriptId: string
  lineNumber: number
  columnNumber: number
}

const SUBJECT_KEY = 'perfSentinelProfileSubject'

/**
 * The source position of `fn`, from the inspector (`[[FunctionLocation]]`), to find the function's frames in a
 * profile, async continuations included. The function is parked for a moment on the global object of the realm the
 * inspector evaluates in: Jest runs tests in a vm context, whose globals the inspector's default context does not
 * see, so the outer realm's global is reached through a Node core object's constructor.
 */
export function functionLocation(fn: (...args: never[]) => unknown): FunctionLocation | undefined {
  const current = slot()
  const outerGlobal = (Session as unknown as { constructor: FunctionConstructor }).constructor('return globalThis')() as Record<
    string,
    unknown
  >
  outerGlobal[SUBJECT_KEY] = fn
  try {
    const evaluated = postSync<{ result: { objectId?: string } }>(current.session, 'Runtime.evaluate', {
      expression: `globalThis.${SUBJECT_KEY}`,
    })
    const objectId = evaluated.result.objectId
    if (objectId === undefined) return undefined
    try {
      const properties = postSync<{ internalProperties?: Array<{ name: string; value?: { value?: FunctionLocation } }> }>(
        current.session,
        'Runtime.getProperties',
        { objectId, ownProperties: true },
      )
      return properties.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value?.value
    } finally {
      postSync(current.session, 'Runtime.releaseObject', { objectId })
    }
  } catch {
    return undefined
  } finally {
    delete outerGlobal[SUBJECT_KEY]
  }
}
