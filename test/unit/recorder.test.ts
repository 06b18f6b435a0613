import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { measure } from '../../src/measure/measure.js'
import type { PendingRecord, Recorder } from '../../src/record/recorder.js'
import { currentRecorder, installRecorder, uniqueName } from '../../src/record/recorder.js'

const RECORDER_KEY = Symbol.for('perf-sentinel.recorder')
const slots = globalThis as Record<symbol, unknown>

describe('uniqueName()', () => {
  it('keeps an explicit name that is not taken yet', () => {
    expect(uniqueName([], { name: 'parse', autoName: false })).toBe('parse')
    expect(uniqueName(['render', 'parse #2'], { name: 'parse', autoName: false })).toBe('parse')
  })

  it('numbers a repeated explicit name from #2', () => {
    expect(uniqueName(['parse'], { name: 'parse', autoName: false })).toBe('parse #2')
    expect(uniqueName(['parse', 'parse #2'], { name: 'parse', autoName: false })).toBe('parse #3')
  })

  it('skips numbers already taken', () => {
    expect(uniqueName(['parse', 'parse #2', 'parse #3', 'parse #5'], { name: 'parse', autoName: false })).toBe('parse #4')
  })

  it('numbers automatic names from #1, even the first one', () => {
    expect(uniqueName([], { name: 'toCompleteWithin', autoName: true })).toBe('toCompleteWithin #1')
    expect(uniqueName(['toCompleteWithin #1'], { name: 'toCompleteWithin', autoName: true })).toBe('toCompleteWithin #2')
  })

  it('numbers an automatic name even when the bare name is free or taken', () => {
    expect(uniqueName(['toCompleteWithin'], { name: 'toCompleteWithin', autoName: true })).toBe('toCompleteWithin #1')
  })

  it('does not modify the taken names', () => {
    const taken = ['a']
    uniqueName(taken, { name: 'a', autoName: false })
    expect(taken).toEqual(['a'])
  })
})

describe('installRecorder() / currentRecorder()', () => {
  let previous: unknown
  beforeEach(() => {
    previous = slots[RECORDER_KEY]
    delete slots[RECORDER_KEY]
  })
  afterEach(() => {
    if (previous === undefined) delete slots[RECORDER_KEY]
    else slots[RECORDER_KEY] = previous
  })

  it('returns undefined when no runner setup file installed a recorder', () => {
    expect(currentRecorder()).toBeUndefined()
  })

  it('returns the installed recorder', () => {
    const recorder: Recorder = { record: () => {} }
    installRecorder(recorder)
    expect(currentRecorder()).toBe(recorder)
  })

  it('replaces a previously installed recorder', () => {
    const first: Recorder = { record: () => {} }
    const second: Recorder = { record: () => {} }
    installRecorder(first)
    installRecorder(second)
    expect(currentRecorder()).toBe(second)
  })

  it('stores the recorder on globalThis under the registered symbol, so other copies of the module meet it', () => {
    const recorder: Recorder = { record: () => {} }
    installRecorder(recorder)
    expect(slots[Symbol.for('perf-sentinel.recorder')]).toBe(recorder)
    // A recorder installed by another copy of the module (CJS build, Jest registry) is found too.
    const foreign: Recorder = { record: () => {} }
    slots[Symbol.for('perf-sentinel.recorder')] = foreign
    expect(currentRecorder()).toBe(foreign)
  })

  it('receives what measure() measured, under the measure name, as an explicit name', async () => {
    const records: PendingRecord[] = []
    installRecorder({ record: (record) => records.push(record) })
    let t = 0
    const result = await measure(
      'parse 1 KB',
      () => {
        t += 0.5
      },
      { clock: () => t, gc: false, iterations: 3 },
    )
    expect(records).toEqual([{ name: 'parse 1 KB', autoName: false, kind: 'measure', result }])
    expect(result.n).toBe(3)
  })

  it('lets measure() run without a recorder installed', async () => {
    let t = 0
    const result = await measure('alone', () => (t += 1), { clock: () => t, gc: false, iterations: 2 })
    expect(result.medianMs).toBe(1)
  })
})

describe('measure()', () => {
  it.each([[''], ['   '], [42]])('rejects a name that is not a non-empty string (%s)', async (name) => {
    await expect(measure(name as string, () => 1)).rejects.toThrow(/measure\(\): the name \(first argument\) must be a non-empty string/)
  })
})
