/**
 * The PERF log: one JSON object per instrumented call on stderr, with the original design's field names, so that
 * `node app.js 2>&1 | grep '"level":"PERF"' | jq .` works. Off unless asked for (option `log: true` or
 * `PERF_SENTINEL_LOG=1`): a library that writes to stderr by default would flood test output and server logs.
 */
import type { CallType } from '../model/diagnostics.js'

/** Environment variable that turns the PERF log on for every `perfTiming` function without an explicit `log` option. */
export const PERF_LOG_ENV = 'PERF_SENTINEL_LOG'

/** One instrumented call, as `onCall` listeners and the PERF log receive it. Times in ms. */
export interface PerfCall {
  name: string
  type: CallType
  elapsedMs: number
  thresholdExceeded: boolean
  /** Async kinds only: a synchronous slice during the call reached the blocking threshold. */
  hasSyncBlocking?: boolean
  /** Longest synchronous slice observed during the call (async kinds), in ms. */
  longestSliceMs?: number
  /** When the call started, ISO 8601. */
  timestamp: string
  /** The call threw or rejected. */
  error?: boolean
  /** Generators: steps (values produced, plus the final one). */
  steps?: number
}

/** True when the PERF log is on: the explicit option wins, else `PERF_SENTINEL_LOG` is `1` or `true`. */
export function perfLogEnabled(option: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (option !== undefined) return option
  const value = env[PERF_LOG_ENV]?.trim().toLowerCase()
  return value === '1' || value === 'true'
}

/** The JSON line of one call (no trailing newline). Field names and order are the original design's. */
export function perfLogLine(call: PerfCall): string {
  return JSON.stringify({
    timestamp: call.timestamp,
    level: 'PERF',
    operation: call.name,
    type: call.type,
    // Rounded to the nanosecond: the clock's resolution, and no 17-digit floats in logs.
    elapsed_ms: Math.round(call.elapsedMs * 1e6) / 1e6,
    has_sync_blocking: call.hasSyncBlocking === true,
    threshold_exceeded: call.thresholdExceeded,
  })
}

/** Writes a line to stderr in one `write` call, so lines from concurrent calls never interleave mid-line. */
export function writePerfLogLine(line: string): void {
  process.stderr.write(`${line}\n`)
}
