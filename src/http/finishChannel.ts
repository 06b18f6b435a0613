import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

/** Where an adapter leaves a request's timing (on its socket, else on the `IncomingMessage`): invisible to the app. */
const TIMING = Symbol.for('perf-sentinel.http.timing')
/** Which request the socket's timing belongs to. */
const TIMED_REQUEST = Symbol.for('perf-sentinel.http.timedRequest')

/** Node publishes here when a response has been handed to the OS (node PR #34895): ESM-safe, nothing patched. */
const FINISH_CHANNEL = 'http.server.response.finish'

/** Set on a socket once its `close` is watched (one listener per connection, not per request). */
const CLOSE_WATCHED = Symbol.for('perf-sentinel.http.closeWatched')

/**
 * The status a request gets when its client closed the connection before the response finished (nginx's 499,
 * "client closed request"): its duration is the time until then, a lower bound of what the response would have taken.
 */
export const CLIENT_CLOSED_STATUS = 499

/** What an adapter attaches to a request: called once, when its response finishes or its connection closes first. */
export interface FinishHandler {
  onFinish(response: ServerResponse): void
  /** The connection closed before the response finished (the client gave up, a proxy timed out). */
  onAbort(): void
}

type Tagged = IncomingMessage & { [TIMING]?: FinishHandler }
type TaggedSocket = Socket & {
  [TIMING]?: FinishHandler | undefined
  [TIMED_REQUEST]?: IncomingMessage | undefined
  [CLOSE_WATCHED]?: true
}

/**
 * A connection closed: a request still timed on it never saw its response finish — the client gave up (a timeout,
 * a closed tab), which is when the slowest requests end. They are recorded then, instead of never.
 */
function onSocketClose(this: TaggedSocket): void {
  const handler = this[TIMING]
  if (handler === undefined) return
  this[TIMING] = undefined
  this[TIMED_REQUEST] = undefined
  try {
    handler.onAbort()
  } catch {
    // As for a finish: the monitor counts its own faults; nothing may reach the application.
  }
}

let subscribers = 0

function onResponseFinish(message: unknown): void {
  const { request, socket } = message as { request?: Tagged; socket?: TaggedSocket }
  if (request === undefined) return
  let handler: FinishHandler | undefined
  if (socket !== undefined && socket !== null && socket[TIMED_REQUEST] === request) {
    handler = socket[TIMING]
    socket[TIMING] = undefined
    socket[TIMED_REQUEST] = undefined
  } else {
    handler = request[TIMING]
    if (handler !== undefined) request[TIMING] = undefined
  }
  if (handler === undefined) return
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

/**
 * Hands `request`'s finish to `handler` (replacing a monitor registered earlier on the same request). Kept on the
 * request's socket, which outlives its requests: after a keep-alive connection's first request that is a plain field
 * write. A property added to each request cost ~3 µs under Express, whose requests change prototype on arrival (a
 * new hidden-class transition each time), a WeakMap as much in garbage collection. The socket's `close` is watched
 * once per connection: a request whose client closes it first is handed to `handler.onAbort()`. A second request on
 * the socket before the first finished (HTTP pipelining) is tagged on the request itself (and not seen if aborted).
 */
export function onRequestFinish(request: IncomingMessage, handler: FinishHandler): void {
  const socket = request.socket as TaggedSocket | null | undefined
  if (socket !== null && socket !== undefined && (socket[TIMED_REQUEST] === undefined || socket[TIMED_REQUEST] === request)) {
    socket[TIMING] = handler
    socket[TIMED_REQUEST] = request
    if (socket[CLOSE_WATCHED] === undefined) {
      socket[CLOSE_WATCHED] = true
      socket.once('close', onSocketClose)
    }
    return
  }
  ;(request as Tagged)[TIMING] = handler
}
