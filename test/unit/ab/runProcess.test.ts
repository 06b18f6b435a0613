import { describe, expect, it } from 'vitest'
import { describeEnd, lastLine, runProcess } from '../../../src/ab/runProcess.js'

describe('runProcess()', () => {
  it('resolves with the exit code and the last lines of output', async () => {
    const outcome = await runProcess({ shell: 'echo one; echo two >&2; exit 3' }, { cwd: process.cwd(), env: process.env })
    expect(outcome.exitCode).toBe(3)
    expect(outcome.tail).toEqual(['one', 'two'])
    expect(describeEnd(outcome)).toBe('exited with code 3')
  })

  it('stops the whole process group when aborted, and rejects with the abort reason', async () => {
    const controller = new AbortController()
    const started = Date.now()
    // The child's own child would outlive a kill of the child alone and keep the pipes open.
    const run = runProcess({ shell: 'sleep 30 & sleep 30; wait' }, { cwd: process.cwd(), env: process.env, signal: controller.signal })
    setTimeout(() => controller.abort(new Error('interrupted by SIGINT')), 200)
    await expect(run).rejects.toThrow('interrupted by SIGINT')
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})

describe('lastLine()', () => {
  it('prefers the first error message over npm’s pointers to logs and help', () => {
    const tail = [
      'npm error code EUSAGE',
      'npm error',
      'npm error The `npm ci` command can only install with an existing package-lock.json or',
      'npm error A complete log of this run can be found in: /x.log',
    ]
    expect(lastLine({ exitCode: 1, signal: undefined, tail, durationMs: 1 })).toBe(
      'The `npm ci` command can only install with an existing package-lock.json or',
    )
  })

  it("gives Vitest's error itself, not its banners, colour codes or code frames", () => {
    const tail = [
      '\u001b[31m⎯⎯⎯⎯⎯⎯\u001b[39m\u001b[1m\u001b[41m Unhandled Errors \u001b[49m\u001b[22m\u001b[31m⎯⎯⎯⎯⎯⎯\u001b[39m',
      'Vitest caught 1 unhandled error during the test run.',
      '\u001b[31m\u001b[1mError\u001b[22m: --shard <count> must be a smaller than count of test files.\u001b[39m',
      '\u001b[90m \u001b[2m❯\u001b[22m executeTests cli-api.js:3688:84\u001b[39m',
      '\u001b[38;5;240m  │\u001b[0m                              ',
      '\u001b[31m⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯\u001b[39m',
    ]
    expect(lastLine({ exitCode: 1, signal: undefined, tail, durationMs: 1 })).toBe(
      'Error: --shard <count> must be a smaller than count of test files.',
    )
  })

  it('falls back to the last line, skipping stack frames', () => {
    expect(lastLine({ exitCode: 1, signal: undefined, tail: ['building', 'done badly', '    at main (x.js:1:1)'], durationMs: 1 })).toBe(
      'done badly',
    )
  })
})
