/**
 * Follows the async timing assertions of one test, so that a forgotten `await` fails that test with a clear message
 * instead of passing it. Two ways to forget it:
 * - the test ends while the assertion still runs: the test waits for it and fails (`unawaitedAssertionError`);
 * - the assertion fails while the test still runs: its rejection reaches no handler, so the runner cannot fail the
 *   test with it (Vitest shows the test ✓ and an "Unhandled Rejection"). Node's `unhandledRejection` event tells
 *   which failure nobody handled (`rejectionHandled` takes it back if it is awaited later), and the test fails.
 */

/** One async timing assertion of a test. */
export interface TrackedAssertion {
  /** The matcher's own promise (it resolves to the matcher result; the runner's wrapper throws on failure). */
  promise: Promise<unknown>
  settled: boolean
  /** What the assertion failed with: the matcher's message, or the error it rejected with. */
  failure?: { message: string; error?: unknown }
  /** The runner's rejection for this failure reached no handler: the assertion was not awaited. */
  unhandled?: Promise<unknown>
  /** The test ended without it: its failure is reported by the test's own error, not rejected a second time. */
  abandoned: boolean
  /** The matcher's name (`toBlockEventLoop`), for the message. */
  matcher?: string
}

interface MatcherOutcome {
  pass: boolean
  message(): string
}

function isMatcherOutcome(value: unknown): value is MatcherOutcome {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as MatcherOutcome).pass === 'boolean' &&
    typeof (value as MatcherOutcome).message === 'function'
  )
}

// Process-wide, under a registered symbol: the setup file is evaluated again for every test file in a worker, and one
// pair of listeners must serve them all (one per file would pile up).
const WATCH_KEY = Symbol.for('perf-sentinel.trackedAssertions')

interface NodeProcess {
  on(event: 'unhandledRejection', listener: (reason: unknown, promise: Promise<unknown>) => void): unknown
  on(event: 'rejectionHandled', listener: (promise: Promise<unknown>) => void): unknown
}

function watched(host: NodeProcess): Set<TrackedAssertion> {
  const holder = globalThis as Record<symbol, unknown>
  const known = holder[WATCH_KEY] as Set<TrackedAssertion> | undefined
  if (known) return known
  const live = new Set<TrackedAssertion>()
  holder[WATCH_KEY] = live
  host.on('unhandledRejection', (reason, promise) => {
    for (const entry of live) if (entry.unhandled === undefined && isItsFailure(entry, reason)) entry.unhandled = promise
  })
  host.on('rejectionHandled', (promise) => {
    for (const entry of live) if (entry.unhandled === promise) entry.unhandled = undefined
  })
  return live
}

/** The runner rethrows the matcher's own error, or throws its message (after a custom message, if any). */
function isItsFailure(entry: TrackedAssertion, reason: unknown): boolean {
  if (entry.failure === undefined) return false
  if (entry.failure.error !== undefined) return reason === entry.failure.error
  const message = (reason as { message?: unknown } | undefined)?.message
  return typeof message === 'string' && message.endsWith(entry.failure.message)
}

/**
 * Turns the failed result of an assertion whose test already failed for not awaiting it into a pass, so the runner
 * does not reject it a second time, after the test, where nobody handles it (Jest then crashes the worker, or the
 * whole run in band, and no report is written). Call it before the runner's own callback on the matcher's promise.
 */
export function silenceFailure(result: unknown, isNot: boolean): void {
  if (isMatcherOutcome(result) && result.pass === isNot) result.pass = !isNot
}

/** Starts following an assertion; `isNot` is the matcher context's (a `.not` assertion fails when it passes). */
export function trackAssertion(promise: Promise<unknown>, isNot: boolean, host: NodeProcess = process, matcher?: string): TrackedAssertion {
  const entry: TrackedAssertion = { promise, settled: false, abandoned: false, ...(matcher === undefined ? {} : { matcher }) }
  watched(host).add(entry)
  promise.then(
    (result) => {
      entry.settled = true
      if (!isMatcherOutcome(result) || result.pass !== isNot) return
      if (entry.abandoned) silenceFailure(result, isNot)
      else entry.failure = { message: result.message() }
    },
    (error: unknown) => {
      entry.settled = true
      entry.failure = { message: String((error as { message?: unknown } | undefined)?.message ?? error), error }
    },
  )
  return entry
}

/**
 * The error that fails a test at its end, if any of its assertions was not awaited: at once for a failure nobody
 * handled, after waiting for the ones still running. Stops following them.
 */
export function unawaitedFailure(entries: readonly TrackedAssertion[], host: NodeProcess = process): Error | Promise<Error> | undefined {
  const live = watched(host)
  for (const entry of entries) live.delete(entry)
  const running = entries.filter((entry) => !entry.settled)
  for (const entry of running) entry.abandoned = true
  const lost = entries.find((entry) => entry.unhandled !== undefined)
  if (lost?.failure !== undefined) return notAwaitedFailureError(lost.failure.message, lost.matcher)
  if (running.length === 0) return undefined
  const matchers = [...new Set(running.flatMap((entry) => (entry.matcher === undefined ? [] : [entry.matcher])))]
  return Promise.allSettled(running.map((entry) => entry.promise)).then(() => unawaitedAssertionError(running.length, matchers))
}

/**
 * What to add: `await` before the matchers named (those that always run asynchronously, like toBlockEventLoop and
 * toSustainLoad, and the timing matchers on an async subject).
 */
export function addAwaitAdvice(matchers: readonly string[]): string {
  const named = matchers.length > 0 ? matchers : ['toCompleteWithin']
  const which = named.map((m) => `expect(…).${m}(…)`).join(', ')
  return `Add \`await\` before ${which}${matchers.length === 0 ? ' (and the other timing matchers) for async subjects' : ''}.`
}

/** The failure of a test that ended while async timing assertions of it were still running. */
export function unawaitedAssertionError(count: number, matchers: readonly string[] = []): Error {
  const what = matchers.length > 0 ? `${matchers.join(', ')} assertion(s)` : 'timing assertion(s) on an async function'
  return new Error(`perf-sentinel: ${count} ${what} were still running when the test ended. ${addAwaitAdvice(matchers)}`)
}

/** The failure of a test whose timing assertion failed while nobody awaited it. */
export function notAwaitedFailureError(message: string, matcher?: string): Error {
  const what = matcher === undefined ? 'a timing assertion on an async function' : `a ${matcher} assertion`
  return new Error(
    `perf-sentinel: ${what} failed, but it was not awaited, so the test could not fail with it. ` +
      `${addAwaitAdvice(matcher === undefined ? [] : [matcher])} The assertion failed with:\n${message}`,
  )
}
