import { describe, expect, it } from 'vitest'
import { resolveAlertOptions } from '../../../src/alerts/alertOptions.js'
import { PerfSentinelError } from '../../../src/errors.js'

function configError(raw: unknown): PerfSentinelError {
  try {
    resolveAlertOptions(raw, 'expressMonitor()')
  } catch (error) {
    if (error instanceof PerfSentinelError) return error
    throw error
  }
  throw new Error('expected an E_CONFIG error')
}

describe('resolveAlertOptions()', () => {
  it('applies the defaults: 10-day window, 3 retries, 10 s timeout, 1 message/s, state next to the history', () => {
    expect(resolveAlertOptions({}, 'test')).toMatchObject({
      notifiers: [],
      windowMs: 10 * 86_400_000,
      worseFactor: 2,
      retries: 3,
      timeoutMs: 10_000,
      minIntervalMs: 1000,
      stateDir: '.perf-sentinel/alerts',
    })
  })

  it('names the key, the value given and what is accepted', () => {
    const error = configError({ windowDays: -1 })
    expect(error.code).toBe('E_CONFIG')
    expect(error.problem).toBe('expressMonitor(): option "alerts.windowDays" is -1')
    expect(error.fix).toBe('"alerts.windowDays" must be a positive number of days')
  })

  it('names an unknown key and lists the known ones', () => {
    const error = configError({ window: 10 })
    expect(error.problem).toBe('expressMonitor(): unknown option "alerts.window" (value 10)')
    expect(error.fix).toContain('use one of: notifiers, types, windowDays')
  })

  it('checks each notifier entry with its own schema', () => {
    expect(configError({ notifiers: [{ type: 'slack', webhookUrl: 'ftp://x' }] }).problem).toBe(
      'expressMonitor(): option "alerts.notifiers[0].webhookUrl" is "ftp://x"',
    )
    expect(configError({ notifiers: [{ type: 'slack', webhookUrl: 'ftp://x' }] }).fix).toBe(
      '"alerts.notifiers[0].webhookUrl" must be an absolute http:// or https:// URL',
    )
    expect(
      configError({ notifiers: [{ type: 'mattermost', url: 'http://x', token: 't', channelId: 'c', channel: 'd' }] }).problem,
    ).toContain('unknown option "alerts.notifiers[0].channel"')
    const unknownType = configError({ notifiers: [{ type: 'pager' }] })
    expect(unknownType.problem).toBe('expressMonitor(): option "alerts.notifiers[0].type" is "pager"')
    expect(unknownType.fix).toContain("'file' | 'mattermost' | 'slack' | 'webhook'")
  })

  it('accepts user notifier types and ready notifier objects, and drops exact duplicates', () => {
    const custom = { id: 'mine', send: async () => undefined }
    const resolved = resolveAlertOptions(
      {
        notifiers: [custom, { type: 'echo', to: 'x' }, { type: 'file', dir: 'a' }, { type: 'file', dir: 'a' }],
        types: {
          echo: {
            schema: { kind: 'schema', type: 'unknown', '~run': (dataset: unknown) => ({ ...(dataset as object), typed: true }) },
            create: () => ({ id: 'echo', send: async () => undefined }),
          },
        },
      },
      'test',
      { cwd: '/tmp' },
    )
    expect(resolved.notifiers.map((n) => n.id)).toEqual(['mine', 'echo', expect.stringMatching(/^file-[0-9a-f]{12}$/)])
  })
})
