/** What kind of failure a `PerfSentinelError` is; stable, so callers and tests can branch on it. */
export type PerfSentinelErrorCode =
  | 'E_CONFIG'
  | 'E_ARGUMENT'
  | 'E_USAGE'
  | 'E_SUBJECT'
  | 'E_READ'
  | 'E_WRITE'
  | 'E_LOCK'
  | 'E_GIT'
  | 'E_BASE'
  | 'E_BASELINE_CORRUPT'
  | 'E_BASELINE_VERSION'
  | 'E_REGRESSION'

/** The fix (required: every error says how to get out of it) and the underlying error. */
export interface PerfSentinelErrorOptions {
  /** How to fix it, as an instruction ("delete the file, or …"). Appended to the message so no printer drops it. */
  fix: string
  cause?: unknown
}

/**
 * The one error class of perf-sentinel: a stable `code`, what went wrong and where (`problem`: path, key, value),
 * and how to get out of it (`fix`). `message` is both, as `"<problem>\nFix: <fix>"`, so any printer shows the fix.
 * @example throw new PerfSentinelError('E_CONFIG', 'outputDir: got 42', { fix: 'pass a folder name' })
 */
export class PerfSentinelError extends Error {
  override readonly name: 'PerfSentinelError' = 'PerfSentinelError'
  // Private, behind getters: never own properties, which Node, Vitest ("Serialized Error") and Jest print after the
  // stack — the message (problem + fix) a second time.
  readonly #code: PerfSentinelErrorCode
  readonly #problem: string
  readonly #fix: string

  constructor(code: PerfSentinelErrorCode, problem: string, options: PerfSentinelErrorOptions) {
    super(`${problem}\nFix: ${options.fix}`, options.cause === undefined ? undefined : { cause: options.cause })
    this.#code = code
    this.#problem = problem
    this.#fix = options.fix
  }

  get code(): PerfSentinelErrorCode {
    return this.#code
  }

  get problem(): string {
    return this.#problem
  }

  get fix(): string {
    return this.#fix
  }
}
// The CommonJS build's class-field transform turns the class into `_class = class extends Error`, which Node then
// prints as `_class [PerfSentinelError]`: the constructor keeps its own name in every build.
Object.defineProperty(PerfSentinelError, 'name', { value: 'PerfSentinelError' })

/**
 * `error` with a stack of its first line only, for configuration errors the runners print while starting (Vitest's
 * reporter `onInit`, Jest's reporter constructor): they print `error.stack`, and frames inside perf-sentinel's
 * bundle and the runner say nothing the key, the value and the fix do not. A getter, so a runner that prefixes the
 * message (Jest: "An error occurred while adding the reporter…") still shows its prefix. Other errors are unchanged.
 */
export function withoutStack(error: unknown): unknown {
  if (!(error instanceof PerfSentinelError)) return error
  Object.defineProperty(error, 'stack', {
    get(this: Error) {
      return `${this.name}: ${this.message}`
    },
    configurable: true,
  })
  return error
}

/** True when `error` is a `PerfSentinelError`, optionally of the given code. */
export function isPerfSentinelError(error: unknown, code?: PerfSentinelErrorCode): error is PerfSentinelError {
  return error instanceof PerfSentinelError && (code === undefined || error.code === code)
}

/** `error` as an `Error` (a thrown string or object becomes one), for `{ cause }` and for printing. */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return asError(error).message
}

/** True for a "no such file or directory" error from node:fs. */
export function isMissingFile(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
}

/**
 * The one text every entry point (reporter hook, CLI, plugin) prints for an error: `perf-sentinel: <problem>` and,
 * for a `PerfSentinelError`, `  Fix: <fix>` on the next line; other errors keep their stack's first frame.
 */
export function formatError(error: unknown): string {
  if (error instanceof PerfSentinelError) return `perf-sentinel: ${error.problem}\n  Fix: ${error.fix}`
  const e = asError(error)
  const where = e.stack?.split('\n').find((line) => line.trimStart().startsWith('at '))
  return `perf-sentinel: ${e.message}${where ? `\n  ${where.trim()}` : ''}`
}

/** A short, printable description of any value the user passed, for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'})`
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value)
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : typeof value
}
