import { afterEach, describe, expect, it } from 'vitest'
import PerfReporter from '../../../reporters/vitest.js'

const exitCode = process.exitCode

afterEach(() => {
  process.exitCode = exitCode
})

describe('Vitest reporter hooks', () => {
  it('never reject: a failure at the run end is printed once and sets the exit code', async () => {
    const errors: string[] = []
    const vitest = {
      config: { root: '/nowhere', reporters: ['default', 'perf'] },
      projects: [],
      logger: { log: () => undefined, error: (m: string) => errors.push(m) },
    }
    const reporter = new PerfReporter({ terminal: false })
    reporter.onInit(vitest)
    const broken = {
      moduleId: '/nowhere/a.test.ts',
      children: {
        allTests: () => {
          throw new Error('broken module')
        },
      },
    }
    await expect(reporter.onTestRunEnd([broken])).resolves.toBeUndefined()
    expect(errors).toEqual([expect.stringMatching(/^perf-sentinel: broken module/)])
    expect(process.exitCode).toBe(1)
  })
})
