import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPORTER_DEFAULTS } from '../../../src/config/reporterOptions.js'
import type { LoadedConfig } from '../../../src/config/loadConfig.js'
import { describeSource, loadConfig } from '../../../src/config/loadConfig.js'
import { CONFIG_FILE_NAMES } from '../../../src/config/configFile.js'
import { isPerfSentinelError } from '../../../src/errors.js'
import type { PerfSentinelError } from '../../../src/errors.js'

function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'perf-sentinel-config-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

function entry(loaded: LoadedConfig, path: string): { value: unknown; source: string } {
  const found = loaded.entries.find((e) => e.path === path)
  if (!found) throw new Error(`no entry ${path}`)
  return { value: found.value, source: describeSource(found.source) }
}

async function configError(promise: Promise<unknown>): Promise<PerfSentinelError> {
  try {
    await promise
  } catch (error) {
    expect(isPerfSentinelError(error, 'E_CONFIG')).toBe(true)
    return error as PerfSentinelError
  }
  throw new Error('expected an E_CONFIG error')
}

describe('loadConfig()', () => {
  it('gives the defaults, each marked as such, when there is no file, inline option or variable', async () => {
    const loaded = await loadConfig({ cwd: project(), env: {} })
    expect(loaded.file).toBeUndefined()
    expect(loaded.options).toMatchObject({ ...REPORTER_DEFAULTS, include: [], exclude: [], thresholds: {} })
    expect(loaded.compare.failThresholdPercent).toBe(10)
    expect(loaded.entries.every((e) => e.source.kind === 'default')).toBe(true)
    expect(entry(loaded, 'compare.failThresholdPercent')).toEqual({ value: 10, source: 'default' })
  })

  it('layers file < inline < environment, and records where each value came from', async () => {
    const cwd = project({
      'perf-sentinel.config.json': JSON.stringify({
        outputDir: 'from-file',
        terminal: false,
        compare: { failThresholdPercent: 12, noiseFloor: { minHistoryRuns: 4 } },
      }),
    })
    const loaded = await loadConfig({
      cwd,
      env: { PERF_SENTINEL_FAIL_THRESHOLD_PERCENT: '15', PERF_SENTINEL_FORMATS: 'json, html', PERF_SENTINEL_HISTORY: 'false' },
      inline: { outputDir: 'from-plugin' },
      inlineSource: 'perfSentinel()',
    })
    expect(loaded.file).toBe(join(cwd, 'perf-sentinel.config.json'))
    expect(entry(loaded, 'outputDir')).toEqual({ value: 'from-plugin', source: 'perfSentinel()' })
    expect(entry(loaded, 'terminal')).toEqual({ value: false, source: join(cwd, 'perf-sentinel.config.json') })
    expect(entry(loaded, 'compare.failThresholdPercent')).toEqual({ value: 15, source: 'env PERF_SENTINEL_FAIL_THRESHOLD_PERCENT' })
    expect(entry(loaded, 'compare.noiseFloor.minHistoryRuns').value).toBe(4)
    expect(entry(loaded, 'formats')).toEqual({ value: ['json', 'html'], source: 'env PERF_SENTINEL_FORMATS' })
    expect(loaded.options.history).toBe(false)
    expect(loaded.options.compare).toEqual({ failThresholdPercent: 15, noiseFloor: { minHistoryRuns: 4 } })
  })

  it('keeps PERF_SENTINEL_UPDATE=1 and PERF_SENTINEL_BASE working as updateBaseline and base', async () => {
    const loaded = await loadConfig({ cwd: project(), env: { PERF_SENTINEL_UPDATE: '1', PERF_SENTINEL_BASE: 'origin/main' } })
    expect(loaded.options.updateBaseline).toBe(true)
    expect(loaded.options.base).toBe('origin/main')
    expect(entry(loaded, 'updateBaseline').source).toBe('env PERF_SENTINEL_UPDATE')
    const ignored = await loadConfig({ cwd: project(), env: { PERF_SENTINEL_UPDATE: '0', PERF_SENTINEL_BASE: '' } })
    expect(ignored.options.updateBaseline).toBe('auto')
    expect(ignored.options.base).toBeUndefined()
  })

  it('rejects a bad file value naming the file, the key, the value and what is accepted', async () => {
    const cwd = project({ 'perf-sentinel.config.json': JSON.stringify({ compare: { failThresholdPercent: -3 } }) })
    const error = await configError(loadConfig({ cwd, env: {} }))
    expect(error.problem).toBe(`${join(cwd, 'perf-sentinel.config.json')}: option "compare.failThresholdPercent" is -3`)
    expect(error.fix).toBe('"compare.failThresholdPercent" must be a percentage ≥ 0')
  })

  it('rejects an unknown key in the file with the accepted keys', async () => {
    const cwd = project({ 'perf-sentinel.config.json': '{"outDir": "x"}' })
    const error = await configError(loadConfig({ cwd, env: {} }))
    expect(error.problem).toContain('unknown option "outDir" (value "x")')
    expect(error.fix).toMatch(/^use one of: outputDir, formats, .*include, exclude, thresholds, alerts$/)
  })

  it('rejects a bad variable naming the variable, the option, the text and what is accepted', async () => {
    const error = await configError(loadConfig({ cwd: project(), env: { PERF_SENTINEL_FAIL_THRESHOLD_PERCENT: 'fifteen' } }))
    expect(error.problem).toBe(
      'environment variable PERF_SENTINEL_FAIL_THRESHOLD_PERCENT: option "compare.failThresholdPercent" is "fifteen"',
    )
    expect(error.fix).toBe('"compare.failThresholdPercent" must be a percentage ≥ 0')
  })

  // Was: a fail threshold below the default warning one (5) was refused although the user set no warning threshold.
  it('lets the default warning threshold follow a lower fail threshold', async () => {
    const fromFile = await loadConfig({
      cwd: project({ 'perf-sentinel.config.json': JSON.stringify({ compare: { failThresholdPercent: 3 } }) }),
      env: {},
    })
    expect(fromFile.compare).toMatchObject({ failThresholdPercent: 3, warnThresholdPercent: 3 })
    const fromEnv = await loadConfig({ cwd: project(), env: { PERF_SENTINEL_FAIL_THRESHOLD_PERCENT: '2' } })
    expect(fromEnv.compare).toMatchObject({ failThresholdPercent: 2, warnThresholdPercent: 2 })
    const defaults = await loadConfig({ cwd: project(), env: {} })
    expect(defaults.compare).toMatchObject({ failThresholdPercent: 10, warnThresholdPercent: 5 })
  })

  it('rejects warn above fail when two sources combine to it, naming both', async () => {
    const cwd = project({ 'perf-sentinel.config.json': JSON.stringify({ compare: { warnThresholdPercent: 8 } }) })
    const error = await configError(loadConfig({ cwd, env: { PERF_SENTINEL_FAIL_THRESHOLD_PERCENT: '6' } }))
    expect(error.problem).toContain('perf-sentinel.config.json + PERF_SENTINEL_* variables')
    expect(error.problem).toContain('compare option "warnThresholdPercent" is 8')
    expect(error.fix).toBe('"warnThresholdPercent" must be at most "failThresholdPercent" (6)')
  })

  it('warns about a near miss of an option variable without failing, and leaves other PERF_SENTINEL_* channels alone', async () => {
    const loaded = await loadConfig({
      cwd: project(),
      env: {
        PERF_SENTINEL_OUTPT_DIR: 'x',
        PERF_SENTINEL_JEST_DIR: '/tmp/x',
        PERF_SENTINEL_WEBHOOK_URL: 'http://127.0.0.1:1/',
        PERF_SENTINEL_HTTP_THRESHOLD_MS: '500',
        PERF_SENTINEL_HTTP_TRESHOLD_MS: '5',
      },
    })
    expect(loaded.warnings).toEqual([
      'PERF_SENTINEL_HTTP_TRESHOLD_MS is not a perf-sentinel option variable and is ignored; did you mean PERF_SENTINEL_HTTP_THRESHOLD_MS?',
      'PERF_SENTINEL_OUTPT_DIR is not a perf-sentinel option variable and is ignored; did you mean PERF_SENTINEL_OUTPUT_DIR?',
    ])
  })

  it('checks the diagnostics variables the workers read: near-miss names warned, unknown values rejected', async () => {
    const loaded = await loadConfig({
      cwd: project(),
      env: { PERF_SENTINEL_PROFLE: 'always', PERF_SENTINEL_PROFILE: 'always', PERF_SENTINEL_LOG: '1' },
    })
    expect(loaded.warnings).toEqual([
      'PERF_SENTINEL_PROFLE is not a perf-sentinel option variable and is ignored; did you mean PERF_SENTINEL_PROFILE?',
    ])
    const profile = await configError(loadConfig({ cwd: project(), env: { PERF_SENTINEL_PROFILE: 'alway' } }))
    expect(profile.problem).toBe('environment variable PERF_SENTINEL_PROFILE="alway" is not a profile mode')
    expect(profile.fix).toBe('use one of on-failure, always, off')
    const log = await configError(loadConfig({ cwd: project(), env: { PERF_SENTINEL_LOG: 'yes' } }))
    expect(log.problem).toBe('environment variable PERF_SENTINEL_LOG="yes" is not understood')
  })

  it('rejects a PERF_SENTINEL_UPDATE value it does not understand, as the run end does', async () => {
    const error = await configError(loadConfig({ cwd: project(), env: { PERF_SENTINEL_UPDATE: 'yes please' } }))
    expect(error.problem).toBe('PERF_SENTINEL_UPDATE="yes please" is not understood')
    expect((await loadConfig({ cwd: project(), env: { PERF_SENTINEL_UPDATE: 'TRUE' } })).options.updateBaseline).toBe(true)
  })

  it('reads include, exclude and thresholds by glob', async () => {
    const cwd = project({
      'perf-sentinel.config.mjs':
        "export default { include: ['test/perf/**'], exclude: ['*slow*'], thresholds: { 'parse*': { failThresholdPercent: 25, budgetMs: 4 } } }\n",
    })
    const loaded = await loadConfig({ cwd, env: { PERF_SENTINEL_EXCLUDE: '*slow*,*flaky*' } })
    expect(loaded.options.include).toEqual(['test/perf/**'])
    expect(loaded.options.exclude).toEqual(['*slow*', '*flaky*'])
    expect(loaded.options.thresholds).toEqual({ 'parse*': { failThresholdPercent: 25, budgetMs: 4 } })
    expect(entry(loaded, 'thresholds["parse*"]').source).toBe(join(cwd, 'perf-sentinel.config.mjs'))
  })

  it('rejects a bad threshold naming its glob', async () => {
    const cwd = project({ 'perf-sentinel.config.json': JSON.stringify({ thresholds: { 'parse*': { failThresholdPercent: 'high' } } }) })
    const error = await configError(loadConfig({ cwd, env: {} }))
    expect(error.problem).toContain('option "thresholds["parse*"].failThresholdPercent" is "high"')
  })

  it('loads a TypeScript config file with the project’s TypeScript, and prefers .ts over the other names', async () => {
    expect(CONFIG_FILE_NAMES[0]).toBe('perf-sentinel.config.ts')
    const cwd = project({
      'perf-sentinel.config.ts': 'const threshold: number = 18\nexport default { compare: { failThresholdPercent: threshold } }\n',
      'perf-sentinel.config.json': '{"compare": {"failThresholdPercent": 1}}',
    })
    // The project's own typescript, as in a real TypeScript project.
    symlinkSync(join(process.cwd(), 'node_modules'), join(cwd, 'node_modules'), 'dir')
    const loaded = await loadConfig({ cwd, env: {} })
    expect(loaded.file).toBe(join(cwd, 'perf-sentinel.config.ts'))
    expect(loaded.compare.failThresholdPercent).toBe(18)
  })

  it('says which file could not be read when a config file is broken', async () => {
    const cwd = project({ 'perf-sentinel.config.json': '{ not json' })
    const error = await configError(loadConfig({ cwd, env: {} }))
    expect(error.problem).toContain(`${join(cwd, 'perf-sentinel.config.json')} could not be read`)
    expect(error.fix).toContain('valid JSON')
  })
})
