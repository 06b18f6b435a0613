import { arch, cpus, platform, totalmem } from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { differingHardFields } from '../../src/compare/environment.js'
import { environmentFingerprint } from '../../src/env/fingerprint.js'
import { pluginVersion } from '../../src/env/version.js'

describe('environmentFingerprint()', () => {
  it('fills the hard fields from this machine, this Node and the given runner', () => {
    const { hard } = environmentFingerprint({ runner: 'vitest', runnerVersion: '4.1.12', flags: [] })
    expect(hard).toEqual({
      os: platform(),
      arch: arch(),
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      cores: cpus().length,
      totalMemoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      v8: process.versions.v8,
      runner: 'vitest',
      runnerVersion: '4.1.12',
      pluginVersion: pluginVersion(),
      flags: [],
    })
  })

  it('fills the soft fields with the load average (2 decimals) and the CPU speed', () => {
    const { soft } = environmentFingerprint({ runner: 'jest', runnerVersion: '30.0.0', flags: [] })
    expect(Object.keys(soft).sort()).toEqual(['cpuSpeedMHz', 'loadAverage1m'])
    expect(soft.loadAverage1m).toBeGreaterThanOrEqual(0)
    expect(Math.round(soft.loadAverage1m * 100) / 100).toBe(soft.loadAverage1m)
    // The current clock speed may change between two reads (frequency scaling): only its type and sign are stable.
    expect(typeof soft.cpuSpeedMHz).toBe('number')
    expect(soft.cpuSpeedMHz).toBeGreaterThanOrEqual(0)
  })

  it('keeps only the flags that change timings, sorted and without duplicates', () => {
    const { hard } = environmentFingerprint({
      runner: 'vitest',
      runnerVersion: '4.1.12',
      flags: [
        '--max-old-space-size=4096',
        '--inspect=9229',
        '--expose-gc',
        '--enable-source-maps',
        '--jitless',
        '--expose-gc',
        '--loader=tsx',
        '--conditions=development',
        '',
        '--no-opt',
      ],
    })
    expect(hard.flags).toEqual(['--expose-gc', '--jitless', '--max-old-space-size=4096', '--no-opt'])
  })

  it.each([
    '--expose-gc',
    '--jitless',
    '--max-old-space-size=8192',
    '--max-semi-space-size=64',
    '--no-opt',
    '--no-turbo',
    '--always-opt',
    '--prof',
    '--cpu-prof',
    '--stack-size=2000',
    '--single-threaded',
    '--predictable',
    '--interpreted-frames-native-stack',
  ])('treats %s as timing-relevant', (flag) => {
    expect(environmentFingerprint({ runner: 'vitest', runnerVersion: '4', flags: [flag] }).hard.flags).toEqual([flag])
  })

  it.each([
    '--inspect',
    '--inspect-brk=0.0.0.0:9229',
    '--require=./setup.js',
    '--import=tsx',
    '--experimental-vm-modules',
    '-r',
    'expose-gc',
  ])('ignores %s', (flag) => {
    expect(environmentFingerprint({ runner: 'vitest', runnerVersion: '4', flags: [flag] }).hard.flags).toEqual([])
  })

  describe('without injected flags', () => {
    const original = process.env.NODE_OPTIONS
    afterEach(() => {
      if (original === undefined) delete process.env.NODE_OPTIONS
      else process.env.NODE_OPTIONS = original
    })

    it('reads NODE_OPTIONS from the injected env, split on whitespace', () => {
      const { hard } = environmentFingerprint({
        runner: 'vitest',
        runnerVersion: '4',
        env: { NODE_OPTIONS: '  --stack-size=2000\t--enable-source-maps   --no-opt ' },
      })
      expect(hard.flags).toContain('--stack-size=2000')
      expect(hard.flags).toContain('--no-opt')
      expect(hard.flags).not.toContain('--enable-source-maps')
      expect(hard.flags).not.toContain('')
      expect(hard.flags).toEqual([...new Set(hard.flags)].sort())
    })

    it('reads NODE_OPTIONS from the injected env, not from process.env', () => {
      process.env.NODE_OPTIONS = '--predictable'
      const { hard } = environmentFingerprint({ runner: 'vitest', runnerVersion: '4', env: {} })
      expect(process.execArgv).not.toContain('--predictable') // precondition: only NODE_OPTIONS could add it
      expect(hard.flags).not.toContain('--predictable')
    })

    it('includes the timing-relevant flags of process.execArgv', () => {
      const { hard } = environmentFingerprint({ runner: 'vitest', runnerVersion: '4', env: {} })
      const expected = environmentFingerprint({ runner: 'vitest', runnerVersion: '4', flags: process.execArgv }).hard.flags
      expect(hard.flags).toEqual(expected)
    })
  })

  it('ignores NODE_OPTIONS when flags are injected', () => {
    const { hard } = environmentFingerprint({ runner: 'vitest', runnerVersion: '4', flags: [], env: { NODE_OPTIONS: '--jitless' } })
    expect(hard.flags).toEqual([])
  })
  it('lists coverage instrumentation among the flags, so a coverage run never gates against a baseline without it', () => {
    const plain = environmentFingerprint({ runner: 'vitest', runnerVersion: '4', flags: ['--expose-gc'] })
    const covered = environmentFingerprint({ runner: 'vitest', runnerVersion: '4', flags: ['--expose-gc'], coverage: true })
    expect(covered.hard.flags).toEqual(['--expose-gc', 'coverage'])
    expect(differingHardFields(covered.hard, plain.hard)).toEqual(['flags [--expose-gc] → [--expose-gc coverage]'])
  })
  it("lists Vitest's vm pools among the flags: globals read slower there, unseen by the machine reference", () => {
    const forks = environmentFingerprint({ runner: 'vitest', runnerVersion: '4', flags: [] })
    const vm = environmentFingerprint({ runner: 'vitest', runnerVersion: '4', flags: [], vmPool: true })
    expect(vm.hard.flags).toEqual(['vm-pool'])
    expect(differingHardFields(vm.hard, forks.hard)).toEqual(['flags [] → [vm-pool]'])
  })
})
