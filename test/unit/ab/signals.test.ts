import { describe, expect, it } from 'vitest'
import type { SignalHost } from '../../../src/ab/signals.js'
import { guardTermination } from '../../../src/ab/signals.js'

function fakeHost() {
  const listeners = new Map<string, () => void>()
  const exits: number[] = []
  const host: SignalHost = { on: (s, l) => listeners.set(s, l), off: (s) => listeners.delete(s), exit: (code) => exits.push(code) }
  return { host, listeners, exits }
}

describe('guardTermination()', () => {
  it('aborts on the first signal and remembers it, without exiting', () => {
    const { host, listeners, exits } = fakeHost()
    const aborted: string[] = []
    const guard = guardTermination({ abort: (s) => aborted.push(s), cleanupSync: () => {} }, host)
    listeners.get('SIGTERM')?.()
    expect(aborted).toEqual(['SIGTERM'])
    expect(guard.received()).toBe('SIGTERM')
    expect(exits).toEqual([])
  })

  it('cleans up synchronously and exits with the first signal’s code on a second signal', () => {
    const { host, listeners, exits } = fakeHost()
    let cleaned = 0
    guardTermination({ abort: () => {}, cleanupSync: () => cleaned++ }, host)
    listeners.get('SIGINT')?.()
    listeners.get('SIGINT')?.()
    expect(cleaned).toBe(1)
    expect(exits).toEqual([130])
  })

  it('cleans up synchronously when the process exits while guarded (an uncaught error, EPIPE)', () => {
    const { host, listeners } = fakeHost()
    let cleaned = 0
    guardTermination({ abort: () => {}, cleanupSync: () => cleaned++ }, host)
    listeners.get('exit')?.()
    expect(cleaned).toBe(1)
  })

  it('removes its listeners on dispose', () => {
    const { host, listeners } = fakeHost()
    guardTermination({ abort: () => {}, cleanupSync: () => {} }, host).dispose()
    expect(listeners.size).toBe(0)
  })
})
