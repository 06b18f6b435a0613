import type { AlertOptions } from './alertOptions.js'
import type { NotifierConfig } from './notifiers/index.js'

/**
 * The environment variables that enable notifiers. Each is optional; the ones set add a notifier:
 * - `PERF_SENTINEL_ALERT_DIR`: file notifier writing there (`PERF_SENTINEL_ALERT_FORMAT=html` for HTML files);
 * - `PERF_SENTINEL_WEBHOOK_URL`: generic JSON webhook; a `hooks.slack.com` URL becomes the Slack notifier;
 * - `PERF_SENTINEL_SLACK_WEBHOOK_URL`: Slack (or Mattermost) incoming webhook;
 * - `PERF_SENTINEL_MATTERMOST_URL` + `PERF_SENTINEL_MATTERMOST_TOKEN` + `PERF_SENTINEL_MATTERMOST_CHANNEL`: REST API post.
 * And these tune the manager: `PERF_SENTINEL_ALERT_WINDOW_DAYS`, `PERF_SENTINEL_ALERT_STATE_DIR` (`false` for memory).
 */
export const ALERT_ENV_VARIABLES: readonly string[] = [
  'PERF_SENTINEL_ALERT_DIR',
  'PERF_SENTINEL_ALERT_FORMAT',
  'PERF_SENTINEL_WEBHOOK_URL',
  'PERF_SENTINEL_SLACK_WEBHOOK_URL',
  'PERF_SENTINEL_MATTERMOST_URL',
  'PERF_SENTINEL_MATTERMOST_TOKEN',
  'PERF_SENTINEL_MATTERMOST_CHANNEL',
  'PERF_SENTINEL_ALERT_WINDOW_DAYS',
  'PERF_SENTINEL_ALERT_STATE_DIR',
]

/**
 * Alert options from environment variables (see `ALERT_ENV_VARIABLES`), or `undefined` when none enables a
 * notifier. Values are passed through as given: `createAlertManager` validates them and names the variable's
 * option in its error (a window of "ten" is reported as `alerts.windowDays is "ten"`, source `environment`). Pure.
 * @example const alerts = createAlertManager(mergeAlertOptions(config.alerts, alertsFromEnv(process.env)))
 */
export function alertsFromEnv(env: Readonly<Record<string, string | undefined>>): AlertOptions | undefined {
  const value = (name: string): string | undefined => (env[name]?.trim() ? env[name]?.trim() : undefined)
  const notifiers: NotifierConfig[] = []
  const dir = value('PERF_SENTINEL_ALERT_DIR')
  if (dir !== undefined) {
    const format = value('PERF_SENTINEL_ALERT_FORMAT')
    notifiers.push({ type: 'file', dir, ...(format !== undefined ? { format: format as 'markdown' } : {}) })
  }
  const webhook = value('PERF_SENTINEL_WEBHOOK_URL')
  if (webhook !== undefined)
    notifiers.push(isSlackWebhook(webhook) ? { type: 'slack', webhookUrl: webhook } : { type: 'webhook', url: webhook })
  const slack = value('PERF_SENTINEL_SLACK_WEBHOOK_URL')
  if (slack !== undefined) notifiers.push({ type: 'slack', webhookUrl: slack })
  const mattermost = value('PERF_SENTINEL_MATTERMOST_URL')
  if (mattermost !== undefined) {
    notifiers.push({
      type: 'mattermost',
      url: mattermost,
      token: value('PERF_SENTINEL_MATTERMOST_TOKEN') ?? '',
      channelId: value('PERF_SENTINEL_MATTERMOST_CHANNEL') ?? '',
    })
  }
  if (notifiers.length === 0) return undefined
  const options: AlertOptions = { notifiers }
  const windowDays = value('PERF_SENTINEL_ALERT_WINDOW_DAYS')
  // Not a number: passed as the text, so the error quotes what was written ("ten"), not NaN.
  if (windowDays !== undefined)
    options.windowDays = Number.isFinite(Number(windowDays)) ? Number(windowDays) : (windowDays as unknown as number)
  const stateDir = value('PERF_SENTINEL_ALERT_STATE_DIR')
  if (stateDir !== undefined) options.stateDir = stateDir === 'false' ? false : stateDir
  return options
}

/**
 * Names the alert variables that are set, for errors about the options they make — and the Mattermost companions
 * left unset beside `PERF_SENTINEL_MATTERMOST_URL`, which is where a missing token or channel comes from.
 */
export function describeAlertVariables(env: Readonly<Record<string, string | undefined>>): string {
  const set = ALERT_ENV_VARIABLES.filter((name) => env[name]?.trim())
  const unset = env.PERF_SENTINEL_MATTERMOST_URL?.trim()
    ? ['PERF_SENTINEL_MATTERMOST_TOKEN', 'PERF_SENTINEL_MATTERMOST_CHANNEL'].filter((name) => !env[name]?.trim())
    : []
  return `alert variables (${set.join(', ')}${unset.length > 0 ? `; unset: ${unset.join(', ')}` : ''})`
}

/**
 * Combines alert options from two sources (config file or code first, environment second): notifiers add up
 * (the manager drops exact duplicates), scalar settings of `override` win. Pure.
 */
export function mergeAlertOptions(base: AlertOptions | undefined, override: AlertOptions | undefined): AlertOptions | undefined {
  if (base === undefined) return override
  if (override === undefined) return base
  return { ...base, ...override, notifiers: [...(base.notifiers ?? []), ...(override.notifiers ?? [])] }
}

function isSlackWebhook(url: string): boolean {
  try {
    return new URL(url).hostname === 'hooks.slack.com'
  } catch {
    return false
  }
}
