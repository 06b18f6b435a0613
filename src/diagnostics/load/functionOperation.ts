import type { OperationOutcome } from './loadTypes.js'

/**
 * One operation of a load run, callback style (no promise per call on the generator's side): it calls `settle`
 * exactly once, possibly synchronously, and may return an abort hook the engine calls on timeout.
 */
export type Operation = (settle: (outcome: OperationOutcome) => void) => (() => void) | undefined

/** A function target: a sync throw is `thrown`, a rejection `rejected`, anything else a success. */
export function functionOperation(fn: () => unknown): Operation {
  return (settle) => {
    let value: unknown
    try {
      value = fn()
    } catch {
      settle('thrown')
      return undefined
    }
    if (
      value !== null &&
      (typeof value === 'object' || typeof value === 'function') &&
      typeof (value as PromiseLike<unknown>).then === 'function'
    ) {
      ;(value as PromiseLike<unknown>).then(
        () => settle('ok'),
        () => settle('rejected'),
      )
    } else {
      settle('ok')
    }
    return undefined
  }
}
