import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { configAsJson } from '../../../src/cli/commands/config.js'
import { envBindings } from '../../../src/config/envOverrides.js'
import { loadConfig, loadConfigSync } from '../../../src/config/loadConfig.js'
import { checkInlineConfig, loadRunConfig } from '../../../src/config/runConfig.js'
import type { PerfSentinelError } from '../../../src/errors.js'
import { isPerfSentinelError } from '../../../src/errors.js'

function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'perf-sentinel-run-config-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

function configError(run: () => unknown): PerfSentinelError {
  try {
    run()
  } catch (error) {
    if (isPerfSentinelError(error, 'E_CONFIG')) return error
    throw error
  }
  throw new Error('expected an E_CONFIG error')
}

const FILE_OPTIONS = {
  outputDir: 'perf-out',
  exclude: ['scratch*'],
  thresholds: { 'parse*': { budgetMs: 5 } },
  compare: { failThresholdPercent: 15 },
}

describe('loadConfigSync()', () => {
  it.each([
    ['perf-sentinel.config.json', JSON.stringify(FILE_OPTIONS)],
    ['perf-sentinel.config.mjs', `export default ${JSON.stringify(FILE_OPTIONS)}`],
    ['perf-sentinel.config.js', `module.exports = () => (${JSON.stringify(FILE_OPTIONS)})`],
    ['perf-sentinel.config.ts', `const options: object = ${JSON.stringify(FILE_OPTIONS)}\nexport default options\n`],
  ])('reads %s to the same configuration as loadConfig (what `perf-sentinel config` prints)', async (name, text) => {
    const cwd = project({ [name]: text })
    if (name.endsWith('.ts')) symlinkSync(join(process.cwd(), 'node_modules'), join(cwd, 'node_modules'), 'dir')
    const env = { PERF_SENTINEL_OUTPUT_DIR: 'env-out' }
    const sync = loadConfigSync({ cwd, env, inline: { terminal: false }, inlineSource: 'perfSentinel()' })
    const loaded = await loadConfig({ cwd, env, inline: { terminal: false }, inlineSource: 'perfSentinel()' })
    expect(sync.options).toEqual(loaded.options)
    expect(sync.entries).toEqual(loaded.entries)
    expect(sync.options).toMatchObject({
      outputDir: 'env-out',
      terminal: false,
      exclude: ['scratch*'],
      thresholds: { 'parse*': { budgetMs: 5 } },
    })
    expect(sync.compare.failThresholdPercent).toBe(15)
  })

  it('refuses a config file it cannot read without waiting (top-level await, an async function), with the way out', () => {
    const awaited = configError(() =>
      loadConfigSync({ cwd: project({ 'perf-sentinel.config.mjs': 'export default await Promise.resolve({})' }), env: {} }),
    )
    expect(awaited.problem).toContain('cannot be loaded when the test run starts (ERR_REQUIRE_ASYNC_MODULE)')
    expect(awaited.fix).toContain('perf-sentinel.config.json')
    const asyncFunction = configError(() =>
      loadConfigSync({ cwd: project({ 'perf-sentinel.config.mjs': 'export default async () => ({})' }), env: {} }),
    )
    expect(asyncFunction.problem).toContain('exports an async function')
  })
})

describe('alerts in the configuration', () => {
  it('checks the notifiers on load, naming the file and the key inside alerts', () => {
    const cwd = project({ 'perf-sentinel.config.json': JSON.stringify({ alerts: { notifiers: [{ type: 'webhook', url: 'nowhere' }] } }) })
    const error = configError(() => loadConfigSync({ cwd, env: {} }))
    expect(error.problem).toBe(`${join(cwd, 'perf-sentinel.config.json')}: option "alerts.notifiers[0].url" is "nowhere"`)
    const unknown = configError(() =>
      loadConfigSync({ cwd: project(), env: {}, inline: { alerts: { windowDay: 3 } }, inlineSource: 'perfSentinel()' }),
    )
    expect(unknown.problem).toContain('perfSentinel(): unknown option "alerts.windowDay"')
    expect(unknown.fix).toContain('windowDays')
  })

  it('checks the notifiers that the PERF_SENTINEL_* alert variables enable, naming the variables', () => {
    const error = configError(() =>
      loadConfigSync({ cwd: project(), env: { PERF_SENTINEL_ALERT_DIR: 'alerts', PERF_SENTINEL_ALERT_WINDOW_DAYS: 'ten' } }),
    )
    expect(error.problem).toBe(
      'alert variables (PERF_SENTINEL_ALERT_DIR, PERF_SENTINEL_ALERT_WINDOW_DAYS): option "alerts.windowDays" is "ten"',
    )
  })

  it('names the unset Mattermost variables when the URL alone is set', () => {
    const error = configError(() => loadConfigSync({ cwd: project(), env: { PERF_SENTINEL_MATTERMOST_URL: 'https://chat.example.com' } }))
    expect(error.problem).toBe(
      'alert variables (PERF_SENTINEL_MATTERMOST_URL; unset: PERF_SENTINEL_MATTERMOST_TOKEN, PERF_SENTINEL_MATTERMOST_CHANNEL): option "alerts.notifiers[0].token" is ""',
    )
  })

  it('shows notifiers by type only (their URLs hold secrets) and gives alerts no option variable of their own', () => {
    const url = 'https://hooks.example.com/services/T000/B000/secret'
    const cwd = project({
      'perf-sentinel.config.json': JSON.stringify({ alerts: { notifiers: [{ type: 'webhook', url }], windowDays: 3 } }),
    })
    const loaded = loadConfigSync({ cwd, env: {} })
    expect(loaded.options.alerts).toEqual({ notifiers: [{ type: 'webhook', url }], windowDays: 3 })
    const entry = loaded.entries.find((e) => e.path === 'alerts')
    expect(entry).toMatchObject({ value: { notifiers: ['webhook'], windowDays: 3 } })
    expect(entry?.env).toBeUndefined()
    expect(JSON.stringify(loaded.entries)).not.toContain('secret')
    expect(JSON.stringify(configAsJson(loaded, cwd))).not.toContain('secret')
    expect(envBindings().map((b) => b.name)).not.toContain('PERF_SENTINEL_ALERTS')
  })
})

describe('checkInlineConfig()', () => {
  it('accepts the config file’s shape (include, exclude, thresholds, alerts) in plugin options', () => {
    const options = { include: ['test/perf/**'], thresholds: { 'parse*': { budgetMs: 2 } }, alerts: { notifiers: [] } }
    expect(checkInlineConfig(options, 'perfSentinel()')).toEqual(options)
    expect(checkInlineConfig(undefined, 'perfSentinel()')).toBeUndefined()
  })

  it('rejects a bad key, a bad value and warn above fail before the root is known', () => {
    expect(configError(() => checkInlineConfig({ outDir: 'x' }, 'perfSentinel()')).problem).toBe(
      'perfSentinel(): unknown reporter option "outDir" (value "x")',
    )
    expect(configError(() => checkInlineConfig({ include: 'test/**' }, 'perf reporter options')).fix).toContain('an array of glob patterns')
    const crossed = configError(() =>
      checkInlineConfig({ compare: { failThresholdPercent: 5, warnThresholdPercent: 20 } }, 'perfSentinel()'),
    )
    expect(crossed.problem).toContain('perfSentinel(): option "compare"')
  })
})

describe('loadRunConfig()', () => {
  it('lets --outputFile.perf have the last word over the file and the variables', () => {
    const cwd = project({ 'perf-sentinel.config.json': JSON.stringify({ outputDir: 'from-file' }) })
    const run = loadRunConfig({
      rootDir: cwd,
      inlineSource: 'perf reporter options',
      env: { PERF_SENTINEL_OUTPUT_DIR: 'from-env' },
      outputDir: 'from-cli',
    })
    expect(run.options.outputDir).toBe('from-cli')
    expect(run.file).toBe(join(cwd, 'perf-sentinel.config.json'))
    expect(loadRunConfig({ rootDir: cwd, inlineSource: 'x', env: { PERF_SENTINEL_OUTPUT_DIR: 'from-env' } }).options.outputDir).toBe(
      'from-env',
    )
  })
})
