import { clearTimeout, setTimeout } from 'node:timers'
import type { Operation } from './functionOperation.js'
import type { OperationOutcome } from './loadTypes.js'

/**
 * Starts one operation with a timeout and reports its outcome exactly once. Timers come from `node:timers`, bound
 * at module load: fake timers installed by a test replace the globals, not these, so a load run keeps real time.
 */
export function startOperation(operation: Operation, timeoutMs: number, onSettled: (outcome: OperationOutcome) => void): void {
  let done = false
  let abort: (() => void) | undefined
  const timer = setTimeout(() => {
    if (done) return
    done = true
    abort?.()
    onSettled('timeout')
  }, timeoutMs)
  abort = operation((outcome) => {
    if (done) return
    done = true
    clearTimeout(timer)
    onSettled(outcome)
  })
}
