import { resolve } from 'node:path'
import { compactHistory, DEFAULT_HISTORY_DIR, DEFAULT_MAX_RUNS, DEFAULT_MAX_RUNS_PER_COMMIT } from '../../stores/history/index.js'
import { fetchNotes, pushNotes } from '../../git/notesSync.js'
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
    const { removed, skipped, problems } = await compactHistory(dir, {
      ...(maxRuns ? { maxRuns } : {}),
      ...(maxRunsPerCommit ? { maxRunsPerCommit } : {}),
    })
    // Unreadable files are left as they are (a warning); only what kept the compaction from finishing is an error.
    for (const line of skipped) err(`perf-sentinel: warning: ${line} (left as it is)`)
    for (const problem of problems) err(`perf-sentinel: ${problem}`)
    out(`${dir}: removed ${removed.length} run(s)${skipped.length > 0 ? `, left ${skipped.length} unreadable file(s) as they are` : ''}`)
    return problems.length > 0 ? 2 : 0
  },
}

const remoteFlag = { remote: { type: 'string', valueHint: '<name>', description: 'the git remote (default origin)' } } as const

/** `perf-sentinel history fetch`: fetches the remote's runs (git notes) and merges them with the local ones. */
export const historyFetch: CliCommand = {
  summary: 'fetch refs/notes/perf-sentinel from the remote and merge it with the local runs (nothing lost)',
  flags: remoteFlag,
  details: ['Run it before the tests in CI when the reporter option gitNotes is on (checkout with fetch-depth: 0).'],
  async run({ values, cwd, out }) {
    out(await fetchNotes({ cwd, ...(typeof values.remote === 'string' ? { remote: values.remote } : {}) }))
    return 0
  },
}

/** `perf-sentinel history push`: pushes the local runs, merging and retrying when another job pushed first. */
export const historyPush: CliCommand = {
  summary: 'push refs/notes/perf-sentinel, merging with the remote and retrying when another job pushed first',
  flags: remoteFlag,
  details: ['Run it after the tests on the default branch; two jobs pushing at once both keep their runs.'],
  async run({ values, cwd, out }) {
    out(await pushNotes({ cwd, ...(typeof values.remote === 'string' ? { remote: values.remote } : {}) }))
    return 0
  },
}
