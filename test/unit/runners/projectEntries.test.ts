import { describe, expect, it } from 'vitest'
import { withPlugin, withPluginInProjects } from '../../../src/runners/vitest/projectEntries.js'

const plugin = (): { name: string } => ({ name: 'perf-sentinel' })

describe('withPluginInProjects()', () => {
  it('gives inline projects without `extends: true` the plugin, and leaves the others as they are', () => {
    const entries = withPluginInProjects(
      [
        'packages/*',
        { test: { name: 'unit' } },
        { extends: true, test: { name: 'inherits' } },
        { plugins: [{ name: 'other' }], test: { name: 'own' } },
      ],
      plugin,
    )
    expect(entries).toEqual([
      'packages/*',
      { test: { name: 'unit' }, plugins: [{ name: 'perf-sentinel' }] },
      { extends: true, test: { name: 'inherits' } },
      { plugins: [{ name: 'other' }, { name: 'perf-sentinel' }], test: { name: 'own' } },
    ])
  })

  it('adds nothing to a project that already has the plugin, even nested', () => {
    const entry = { plugins: [[{ name: 'perf-sentinel' }]], test: { name: 'has it' } }
    expect(withPlugin(entry, plugin)).toBe(entry)
  })

  it('wraps function and promise entries, so the project they give gets the plugin', async () => {
    const [fromFunction, fromPromise] = withPluginInProjects(
      [async () => ({ test: { name: 'fn' } }), Promise.resolve({ test: { name: 'later' } })],
      plugin,
    )
    expect(await (fromFunction as (env: unknown) => Promise<unknown>)({ mode: 'test' })).toEqual({
      test: { name: 'fn' },
      plugins: [{ name: 'perf-sentinel' }],
    })
    expect(await fromPromise).toEqual({ test: { name: 'later' }, plugins: [{ name: 'perf-sentinel' }] })
  })
})
