import { describe, expect, it } from 'vitest'
import type { GuardHost } from '../../../src/pipeline/rerunGuard.js'
import { guardRerun } from '../../../src/pipeline/rerunGuard.js'

type Event = Parameters<GuardHost['on']>[0]

/** A process stand-in: listeners per event, raised signals and pending timers recorded. */
function fakeHost() {
  const listeners = new Map<Event, Array<() => void>>()
  const raised: string[] = []
  const timers: Array<() => void> = []
  const host: GuardHost = {
    on: (event, listener) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
    off: (event, listener) =>
      listeners.set(
        event,
        (listeners.get(event) ?? []).filter((l) => l !== listener),
      ),
    listenerCount: (event) => listeners.get(event)?.length ?? 0,
    raise: (signal) => raised.push(signal),
    later: (fn) => timers.push(fn),
  }
  const emit = (event: Event): void => {
    for (const listener of [...(listeners.get(event) ?? [])]) listener()
  }
  const runTimers = (): void => {
    for (const timer of timers.splice(0)) timer()
  }
  return { host, emit, raised, runTimers, count: (event: Event) => listeners.get(event)?.length ?? 0 }
}

describe('guardRerun', () => {
  it('cleans up once on exit and removes its listeners', () => {
    const fake = fakeHost()
    let cleanups = 0
    guardRerun(() => cleanups++, fake.host)
    fake.emit('exit')
    fake.emit('exit')
    expect(cleanups).toBe(1)
    expect(fake.count('SIGINT') + fake.count('SIGTERM') + fake.count('SIGHUP') + fake.count('exit')).toBe(0)
  })

  it('on a signal nobody else handles: cleans up, then raises it again so the process dies of it', () => {
    const fake = fakeHost()
    let cleanups = 0
    guardRerun(() => cleanups++, fake.host)
    fake.emit('SIGINT')
    expect(cleanups).toBe(1)
    expect(fake.raised).toEqual([])
    fake.runTimers()
    expect(fake.raised).toEqual(['SIGINT'])
  })

  it('on a signal the runner handles too: cleans up and leaves the ending to the runner', () => {
    const fake = fakeHost()
    let cleanups = 0
    let handled = 0
    fake.host.on('SIGTERM', () => handled++)
    guardRerun(() => cleanups++, fake.host)
    fake.emit('SIGTERM')
    fake.runTimers()
    expect([cleanups, handled]).toEqual([1, 1])
    expect(fake.raised).toEqual([])
  })

  it('does nothing after dispose: the re-run ended normally', () => {
    const fake = fakeHost()
    let cleanups = 0
    const dispose = guardRerun(() => cleanups++, fake.host)
    dispose()
    fake.emit('SIGINT')
    fake.emit('exit')
    fake.runTimers()
    expect(cleanups).toBe(0)
    expect(fake.raised).toEqual([])
  })
})
