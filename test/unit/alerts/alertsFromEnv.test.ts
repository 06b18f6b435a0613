import { describe, expect, it } from 'vitest'
import { alertsFromEnv, mergeAlertOptions } from '../../../src/alerts/alertsFromEnv.js'
import { resolveAlertOptions } from '../../../src/alerts/alertOptions.js'

describe('alertsFromEnv()', () => {
  it('returns undefined when no variable enables a notifier', () => {
    expect(alertsFromEnv({ PERF_SENTINEL_ALERT_WINDOW_DAYS: '3', PERF_SENTINEL_WEBHOOK_URL: '  ' })).toBeUndefined()
  })

  it('enables the file notifier from PERF_SENTINEL_ALERT_DIR and a webhook from PERF_SENTINEL_WEBHOOK_URL', () => {
    expect(
      alertsFromEnv({
        PERF_SENTINEL_ALERT_DIR: 'alerts',
        PERF_SENTINEL_WEBHOOK_URL: 'https://relay.example.com/hook',
        PERF_SENTINEL_ALERT_WINDOW_DAYS: '3',
      }),
    ).toEqual({
      notifiers: [
        { type: 'file', dir: 'alerts' },
        { type: 'webhook', url: 'https://relay.example.com/hook' },
      ],
      windowDays: 3,
    })
  })

  it('recognises a Slack webhook URL and the Mattermost triple', () => {
    const options = alertsFromEnv({
      PERF_SENTINEL_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x',
      PERF_SENTINEL_MATTERMOST_URL: 'https://chat.example.com',
      PERF_SENTINEL_MATTERMOST_TOKEN: 'tok',
      PERF_SENTINEL_MATTERMOST_CHANNEL: 'chan',
      PERF_SENTINEL_ALERT_STATE_DIR: 'false',
    })
    expect(options?.notifiers).toEqual([
      { type: 'slack', webhookUrl: 'https://hooks.slack.com/services/T/B/x' },
      { type: 'mattermost', url: 'https://chat.example.com', token: 'tok', channelId: 'chan' },
    ])
    expect(options?.stateDir).toBe(false)
  })

  it('leaves validation to the manager, which names the option', () => {
    const options = alertsFromEnv({ PERF_SENTINEL_ALERT_DIR: 'a', PERF_SENTINEL_ALERT_WINDOW_DAYS: 'ten' })
    expect(() => resolveAlertOptions(options, 'environment')).toThrow('environment: option "alerts.windowDays" is "ten"')
  })
})

describe('mergeAlertOptions()', () => {
  it('adds the notifiers of both and lets the override win on settings', () => {
    expect(
      mergeAlertOptions(
        { notifiers: [{ type: 'file', dir: 'a' }], windowDays: 10 },
        { notifiers: [{ type: 'file', dir: 'b' }], windowDays: 2 },
      ),
    ).toEqual({
      notifiers: [
        { type: 'file', dir: 'a' },
        { type: 'file', dir: 'b' },
      ],
      windowDays: 2,
    })
  })
})
