import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { PerfSentinelError } from '../../errors.js'
import { pathExists } from '../../stores/pathExists.js'
import type { CliCommand } from '../command.js'
import { integerFlag, stringFlag } from '../flags.js'
import { detectProject } from '../init/detectProject.js'
import { githubWorkflow } from '../init/githubWorkflow.js'
import { gitlabPipeline } from '../init/gitlabPipeline.js'

/** Where each CI's file goes, relative to the project root. */
export const CI_FILES = { github: '.github/workflows/perf.yml', gitlab: '.gitlab-ci.yml' } as const

/** `perf-sentinel init --ci github|gitlab`: writes a CI workflow for the project's runner and package manager. */
export const init: CliCommand = {
  summary: 'write a CI workflow (--ci github|gitlab) that runs, records and compares performance',
  flags: {
    ci: { type: 'string', valueHint: '<github|gitlab>', description: 'which CI to write for (required)' },
    shards: {
      type: 'string',
      valueHint: '<n>',
      description: 'split the tests over n parallel jobs (Vitest blob reports, or Jest + perf-sentinel merge)',
    },
    force: { type: 'boolean', description: 'overwrite an existing workflow file' },
    json: { type: 'boolean', description: 'print { file, runner, packageManager, shards } as JSON' },
  },
  details: [
    `Writes ${CI_FILES.github} or ${CI_FILES.gitlab}. Runs on push, pull/merge requests, weekly and by hand;`,
    'uploads perf-report/, records history in git notes on the default branch, compares pull requests with their merge-base.',
  ],
  async run({ values, cwd, out, err }) {
    const ci = stringFlag(values.ci)
    if (ci !== 'github' && ci !== 'gitlab') {
      throw new PerfSentinelError('E_USAGE', `perf-sentinel init: --ci is ${ci === undefined ? 'missing' : JSON.stringify(ci)}`, {
        fix: 'pass --ci github or --ci gitlab',
      })
    }
    const shards = integerFlag(values.shards, 'shards') ?? 1
    const facts = await detectProject(cwd)
    const path = join(cwd, CI_FILES[ci])
    if (values.force !== true && (await pathExists(path))) {
      throw new PerfSentinelError('E_USAGE', `${relative(cwd, path)} already exists`, { fix: 'pass --force to overwrite it' })
    }
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, ci === 'github' ? githubWorkflow(facts, shards) : gitlabPipeline(facts, shards))
    for (const reason of facts.reasons) err(`detected ${reason}`)
    if (values.json === true) {
      out(JSON.stringify({ file: CI_FILES[ci], ci, runner: facts.runner, packageManager: facts.packageManager, shards }, null, 2))
    } else {
      out(`Wrote ${CI_FILES[ci]} (${facts.runner}, ${facts.packageManager}${shards > 1 ? `, ${shards} shards` : ''}).`)
      if (facts.runner === 'vitest') out('The Vitest config must use the plugin: plugins: [perfSentinel()] from perf-sentinel/vitest.')
      if (ci === 'gitlab') out('GitLab: add a weekly pipeline schedule, and a PERF_NOTES_TOKEN (write_repository) to record history.')
    }
    return 0
  },
}
