import { afterEach, describe, expect, it } from 'vitest'
import PerfBaselineWatchPlugin from '../../../src/runners/jest/watchPlugin.js'

afterEach(() => {
  delete process.env.PERF_SENTINEL_UPDATE
})

describe('perf-sentinel/jest/watch-plugin', () => {
  it('sets the update for the run it starts only, and clears it when that run completes', async () => {
    const plugin = new PerfBaselineWatchPlugin({})
    let complete: () => void = () => undefined
    plugin.apply({ onTestRunComplete: (listener) => (complete = listener) })
    expect(plugin.getUsageInfo().key).toBe('b')
    const seen: (string | undefined)[] = []
    await plugin.run({}, (changes) => seen.push(`${JSON.stringify(changes)} ${process.env.PERF_SENTINEL_UPDATE}`))
    expect(seen).toEqual(['{} 1'])
    complete()
    expect(process.env.PERF_SENTINEL_UPDATE).toBeUndefined()
    // A run the plugin did not start leaves a PERF_SENTINEL_UPDATE of the user's alone.
    process.env.PERF_SENTINEL_UPDATE = '1'
    complete()
    expect(process.env.PERF_SENTINEL_UPDATE).toBe('1')
  })

  it('takes another key, and refuses one of Jest’s own or not one character, naming the key and what is accepted', () => {
    expect(new PerfBaselineWatchPlugin({ config: { key: 'B' } }).getUsageInfo().key).toBe('B')
    for (const key of ['u', 'bb', 3])
      expect(() => new PerfBaselineWatchPlugin({ config: { key } })).toThrow(
        /key: got .*\nFix: pass one character .*not a c f i o p q t u w/,
      )
  })
})
