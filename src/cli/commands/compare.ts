import { PerfSentinelError } from '../../errors.js'
import type { CliCommand } from '../command.js'
import { stringFlag } from '../flags.js'
import { runTests } from '../runTests.js'

/** `perf-sentinel compare <ref>`: runs the tests comparing with the recorded runs of a git ref. */
export const compare: CliCommand = {
  summary: 'run the tests comparing with the recorded runs of a git ref (e.g. the merge-base of a pull request)',
  positionals: [{ name: 'ref', description: 'the git ref whose recorded runs are the base (or --base)' }],
  flags: { base: { type: 'string', valueHint: '<ref>', description: 'the git ref to compare with' } },
  rest: 'the test command (default: npm test)',
  async run({ positionals, values, rest, cwd, env }) {
    const base = stringFlag(values.base) ?? positionals[0]
    if (!base) throw new PerfSentinelError('E_USAGE', 'perf-sentinel compare: no base ref', { fix: 'pass one: perf-sentinel compare <ref> (or --base <ref>)' })
    return runTests(rest, { PERF_SENTINEL_BASE: base }, { cwd, env })
  },
}
