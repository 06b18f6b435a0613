import { performance } from 'node:perf_hooks'
import { PerfSentinelError, describeValue } from '../../errors.js'
import { arrivalSchedule } from './arrivalSchedule.js'
import type { Operation } from './functionOperation.js'
import { functionOperation } from './functionOperation.js'
import { httpOperation, isHttpTarget } from './httpOperation.js'
import { createLoadTally } from './loadTally.js'
import type { LoadOptions, LoadResult, LoadTarget } from './loadTypes.js'
import type { ResolvedLoadOptions } from './resolveLoadOptions.js'
import { resolveLoadOptions } from './resolveLoadOptions.js'
import { runClosedModel } from './runClosedModel.js'
import { runOpenModel } from './runOpenModel.js'
import { summarizeLoad } from './summarizeLoad.js'

/** Validates the target and options up front (so any later error is the target's own) and returns the run. */
export function prepareLoad(
  target: unknown,
  options: LoadOptions | undefined,
  where: string,
  extraKeys: readonly string[] = [],
): { target: LoadTarget; options: ResolvedLoadOptions } {
  if (typeof target !== 'function' && !isHttpTarget(target)) {
    throw new PerfSentinelError(
      'E_ARGUMENT',
      `${where}: the target must be a function or { url, method?, headers?, body? }, received ${describeValue(target)}`,
      {
        fix: "pass e.g. () => handler(request), or { url: 'http://127.0.0.1:<port>/' } for a server the test started",
      },
    )
  }
  return { target: target as LoadTarget, options: resolveLoadOptions(options, where, extraKeys) }
}

/**
 * Runs a prepared load test and returns its result without recording it (the entry points record). Open model:
 * starts on the arrival schedule; closed model: `concurrency` callers in a loop.
 */
export async function runLoad(target: LoadTarget, o: ResolvedLoadOptions, where: string): Promise<LoadResult> {
  const shape = o.shape
  const connections = shape.model === 'open' ? shape.connections : shape.concurrency
  const http = typeof target === 'function' ? undefined : httpOperation(target, connections, where)
  const operation: Operation = http ? http.operation : functionOperation(target as () => unknown)
  const end = o.requests !== undefined ? { requests: o.requests } : { durationMs: o.durationMs as number }
  const eluStart = performance.eventLoopUtilization()
  const cpuStart = process.cpuUsage()
  const wallStartMs = performance.now()
  const startMs = o.clock()
  const tally = createLoadTally(startMs)
  let plannedStarts: number | undefined
  try {
    if (shape.model === 'open') {
      const schedule = arrivalSchedule(shape.rate, o.rampUpMs, end)
      plannedStarts = schedule.total
      await runOpenModel({ operation, schedule, connections, timeoutMs: o.timeoutMs, clock: o.clock, startMs, tally })
    } else {
      await runClosedModel({
        operation,
        concurrency: shape.concurrency,
        end,
        rampUpMs: o.rampUpMs,
        timeoutMs: o.timeoutMs,
        clock: o.clock,
        startMs,
        tally,
      })
    }
  } finally {
    http?.close()
  }
  const cpu = process.cpuUsage(cpuStart)
  const wallMs = performance.now() - wallStartMs
  return summarizeLoad(tally, {
    target: http ? 'http' : 'function',
    options: o,
    plannedStarts,
    startMs,
    eventLoopUtilization: performance.eventLoopUtilization(eluStart).utilization,
    cpuPercent: wallMs > 0 ? ((cpu.user + cpu.system) / 1000 / wallMs) * 100 : 0,
  })
}
