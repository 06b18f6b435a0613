import { resolve } from 'node:path'
import { compactHistory, DEFAULT_HISTORY_DIR, DEFAULT_MAX_RUNS, DEFAULT_MAX_RUNS_PER_COMMIT } from '../../stores/history/index.js'
import type { CliCommand } from '../command.js'
import { integerFlag } from '../flags.js'

/** `perf-sentinel history compact [dir]`: bounds the history store. */
export const historyCompact: CliCommand = {
  summary: `bound the history store (default: ${DEFAULT_HISTORY_DIR}, ${DEFAULT_MAX_RUNS} runs, ${DEFAULT_MAX_RUNS_PER_COMMIT} per commit)`,
  positionals: [{ name: 'dir', description: `the history folder (default: ${DEFAULT_HISTORY_DIR})` }],
  flags: {
    'max-runs': { type: 'string', valueHint: '<n>', description: `keep at most n runs (default ${DEFAULT_MAX_RUNS})` },
    'max-runs-per-commit': {
      type: 'string',
      valueHint: '<n>',
      description: `keep at most n runs of one commit (default ${DEFAULT_MAX_RUNS_PER_COMMIT})`,
    },
  },
  async run({ positionals, values, cwd, out, err }) {
    const maxRuns = integerFlag(values['max-runs'], 'max-runs')
    const maxRunsPerCommit = integerFlag(values['max-runs-per-commit'], 'max-runs-per-commit')
    const dir = resolve(cwd, positionals[0] ?? DEFAULT_HISTORY_DIR)
    const { removed, problems } = await compactHistory(dir, {
      ...(maxRuns ? { maxRuns } : {}),
      ...(maxRunsPerCommit ? { maxRunsPerCommit } : {}),
    })
    for (const problem of problems) err(problem)
    out(`${dir}: removed ${removed.length} run(s)`)
    return problems.length > 0 ? 2 : 0
  },
}
