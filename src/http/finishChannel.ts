import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { IncomingMessage, ServerResponse } from 'node:http'

/** Where an adapter leaves a request's timing on the `IncomingMessage`: a symbol, invisible to the app. */
const TIMING = Symbol.for('perf-sentinel.http.timing')

/** Node publishes here when a response has been handed to the OS (node PR #34895): ESM-safe, nothing patched. */
const FINISH_CHANNEL = 'http.server.response.finish'

/** What an adapter attaches to a request: called once when its response finishes. */
export interface FinishHandler {
  onFinish(response: ServerResponse): void
}

type Tagged = IncomingMessage & { [TIMING]?: FinishHandler }

let subscribers = 0

function onResponseFinish(message: unknown): void {
  const request = (message as { request?: Tagged }).request
  const handler = request?.[TIMING]
  if (request === undefined || handler === undefined) return
  request[TIMING] = undefined
  // diagnostics_channel re-throws a subscriber's error on the next tick as an uncaught exception: never let one out.
  try {
    handler.onFinish((message as { response: ServerResponse }).response)
  } catch {
    // The monitor counts its own faults before they reach here; nothing may reach the application.
  }
}

/**
 * Watches responses finishing, for the monitors that share node:http (node:http, Express, Koa). One subscription
 * for the process, held while at least one monitor is open; `release()` gives it back.
 */
export function retainFinishChannel(): { release(): void } {
  if (subscribers++ === 0) subscribe(FINISH_CHANNEL, onResponseFinish)
  let released = false
  return {
    release() {
      if (released) return
      released = true
      if (--subscribers === 0) unsubscribe(FINISH_CHANNEL, onResponseFinish)
    },
  }
}

/** Hands `request`'s finish to `handler` (replacing a monitor registered earlier on the same request). */
export function onRequestFinish(request: IncomingMessage, handler: FinishHandler): void {
  ;(request as Tagged)[TIMING] = handler
}
