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

  it('in watch mode, a failure at the run end is one of the run errors: the banner says FAIL (watch only)', async () => {
    const broken = {
      moduleId: '/nowhere/a.test.ts',
      children: {
        allTests: () => {
          throw new Error('broken module')
        },
      },
    }
    const caught: { type: string; message: unknown }[] = []
    for (const watch of [true, false]) {
      const vitest = {
        config: { root: '/nowhere', reporters: ['default', 'perf'], watch },
        projects: [],
        logger: { log: () => undefined, error: () => undefined },
        state: { catchError: (error: { message?: unknown }, type: string) => caught.push({ type, message: error.message }) },
      }
      const reporter = new PerfReporter({ terminal: false })
      reporter.onInit(vitest)
      await reporter.onTestRunEnd([broken])
    }
    expect(caught).toEqual([{ type: 'perf-sentinel', message: 'perf-sentinel failed this run: 1 failure(s), details above' }])
  })
})
