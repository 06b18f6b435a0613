/** What kind of failure a `PerfSentinelError` is; stable, so callers and tests can branch on it. */
export type PerfSentinelErrorCode =
  | 'E_CONFIG'
  | 'E_ARGUMENT'
  | 'E_SUBJECT'
  | 'E_READ'
  | 'E_WRITE'
  | 'E_LOCK'
  | 'E_BASELINE_CORRUPT'
  | 'E_BASELINE_VERSION'
  | 'E_HISTORY_CORRUPT'

/** The fix (required: every error says how to get out of it) and the underlying error. */
export interface PerfSentinelErrorOptions {
  /** How to fix it, as an instruction ("delete the file, or …"). Appended to the message so no printer drops it. */
  hint: string
  cause?: unknown
}

/**
 * The one error class of perf-sentinel. `message` says what went wrong and where (path, key, value) and ends with
 * "Fix: <hint>"; `hint` is also kept on its own for renderers that lay it out separately.
 */
export class PerfSentinelError extends Error {
  override readonly name: 'PerfSentinelError' = 'PerfSentinelError'
  readonly code: PerfSentinelErrorCode
  readonly hint: string

  constructor(code: PerfSentinelErrorCode, message: string, options: PerfSentinelErrorOptions) {
    super(`${message}\nFix: ${options.hint}`, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.hint = options.hint
  }
}

/** True when `error` is a `PerfSentinelError`, optionally of the given code. */
export function isPerfSentinelError(error: unknown, code?: PerfSentinelErrorCode): error is PerfSentinelError {
  return error instanceof PerfSentinelError && (code === undefined || error.code === code)
}
