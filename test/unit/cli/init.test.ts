// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ … }} are GitHub Actions expressions, written literally
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { cli } from '../../helpers/cliCapture.js'
import { detectProject } from '../../../src/cli/init/detectProject.js'
import { githubWorkflow, WEEKLY_CRON } from '../../../src/cli/init/githubWorkflow.js'
import { gitlabPipeline } from '../../../src/cli/init/gitlabPipeline.js'

interface Step {
  name: string
  if?: string
  uses?: string
  run?: string
  with?: Record<string, unknown>
}
interface Workflow {
  on: Record<string, unknown>
  env: Record<string, string>
  jobs: Record<string, { steps: Step[]; needs?: string; strategy?: { matrix: { shard: number[] } }; env?: Record<string, string> }>
}

function project(pkg: object, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'perf-sentinel-init-'))
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

const step = (steps: Step[], name: RegExp): Step => steps.find((s) => name.test(s.name)) ?? expect.unreachable(`no step ${name}`)

describe('detectProject()', () => {
  it('detects the runner from the dependencies and the package manager from the lock file or packageManager', async () => {
    expect(await detectProject(project({ devDependencies: { jest: '30' } }, { 'pnpm-lock.yaml': '' }))).toMatchObject({
      runner: 'jest',
      packageManager: 'pnpm',
    })
    expect(await detectProject(project({ devDependencies: { vitest: '4' } }, { 'yarn.lock': '' }))).toMatchObject({
      runner: 'vitest',
      packageManager: 'yarn',
    })
    expect(
      await detectProject(project({ devDependencies: { vitest: '4' }, packageManager: 'bun@1.2.0' }, { 'package-lock.json': '{}' })),
    ).toMatchObject({ packageManager: 'bun' })
    expect(await detectProject(project({}))).toMatchObject({ runner: 'vitest', packageManager: 'npm', lockFile: false })
    expect(await detectProject(project({}, { 'package-lock.json': '{}' }))).toMatchObject({ packageManager: 'npm', lockFile: true })
  })
})

describe('a perf reporter the config already lists', () => {
  it('is found in jest.config.*, package.json "jest" and a Vitest config, and not where only the plugin is', async () => {
    const jestConfig = "module.exports = { reporters: ['default', ['perf-sentinel/jest/reporter', { outputDir: 'out' }]] }"
    expect(await detectProject(project({ devDependencies: { jest: '30' } }, { 'jest.config.js': jestConfig }))).toMatchObject({
      reporterConfigured: true,
    })
    const inPackage = { devDependencies: { jest: '30' }, jest: { reporters: ['default', 'perf-sentinel/jest/reporter'] } }
    expect(await detectProject(project(inPackage))).toMatchObject({ reporterConfigured: true })
    const vitestConfig =
      "export default defineConfig({ plugins: [perfSentinel()], test: { reporters: ['default', ['perf', { outputDir: 'out' }]] } })"
    const vitest = await detectProject(project({ devDependencies: { vitest: '4' } }, { 'vitest.config.ts': vitestConfig }))
    expect(vitest).toMatchObject({ reporterConfigured: true })
    expect(vitest.reasons).toContain('perf reporter: listed in vitest.config.ts, so the test command keeps the configured reporters')
    const pluginOnly = "export default defineConfig({ plugins: [perfSentinel()], test: { reporters: ['default'] } })"
    expect(await detectProject(project({ devDependencies: { vitest: '4' } }, { 'vitest.config.ts': pluginOnly }))).toMatchObject({
      reporterConfigured: false,
    })
  })

  it('keeps the configured reporters: the test command names none', () => {
    const jest = parse(githubWorkflow({ runner: 'jest', packageManager: 'npm', reporterConfigured: true, reasons: [] })) as Workflow
    expect(step(jest.jobs.perf?.steps ?? [], /^Performance tests/).run?.trim()).toBe('npx jest --ci')
    const vitest = parse(gitlabPipeline({ runner: 'vitest', packageManager: 'npm', reporterConfigured: true, reasons: [] })) as Record<
      string,
      { script?: string[] }
    >
    expect(JSON.stringify(vitest)).not.toContain('--reporter')
    expect(JSON.stringify(vitest)).toContain('npx vitest run')
  })
})

// Was: always Node 22, though the Node version is part of the fingerprint baselines are compared under.
describe('the Node version CI runs', () => {
  const setupNode = (facts: Awaited<ReturnType<typeof detectProject>>): Record<string, unknown> | undefined =>
    step((parse(githubWorkflow(facts)) as Workflow).jobs.perf?.steps ?? [], /Set up Node/).with

  it("is the project's .nvmrc or .node-version (setup-node reads the file; GitLab's image takes its major)", async () => {
    const nvmrc = await detectProject(project({ devDependencies: { vitest: '4' } }, { '.nvmrc': 'v20.11.1\n' }))
    expect(setupNode(nvmrc)).toMatchObject({ 'node-version-file': '.nvmrc' })
    expect(gitlabPipeline(nvmrc)).toContain('image: node:20\n')
    expect(nvmrc.reasons).toContain('Node 20: .nvmrc')
    const nodeVersion = await detectProject(project({ devDependencies: { jest: '30' } }, { '.node-version': '18' }))
    expect(setupNode(nodeVersion)).toMatchObject({ 'node-version-file': '.node-version' })
  })

  it('is the lowest major engines.node names, else the Node running the command', async () => {
    const engines = await detectProject(project({ devDependencies: { vitest: '4' }, engines: { node: '^18.17 || >=20' } }))
    expect(setupNode(engines)).toMatchObject({ 'node-version': '18' })
    expect(engines.reasons).toContain('Node 18: package.json engines.node "^18.17 || >=20"')
    const running = process.versions.node.split('.')[0]
    const none = await detectProject(project({ devDependencies: { vitest: '4' } }))
    expect(setupNode(none)).toMatchObject({ 'node-version': running })
    expect(gitlabPipeline(none)).toContain(`image: node:${running}\n`)
  })
})

describe('githubWorkflow()', () => {
  it('runs on push, pull request, a weekly off-the-hour schedule and by hand', () => {
    const workflow = parse(githubWorkflow({ runner: 'vitest', packageManager: 'npm', reasons: [] })) as Workflow
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch'])
    const cron = (workflow.on.schedule as Array<{ cron: string }>)[0]?.cron ?? ''
    expect(cron).toBe(WEEKLY_CRON)
    expect(cron.split(' ')[0]).not.toBe('0')
    expect(cron.split(' ')[4]).toMatch(/^[0-6]$/)
  })

  it('installs, tests with the perf reporter, compares PRs with the merge-base, uploads the report and pushes notes from the default branch', () => {
    const workflow = parse(githubWorkflow({ runner: 'vitest', packageManager: 'npm', reasons: [] })) as Workflow
    const steps = workflow.jobs.perf?.steps ?? []
    expect(step(steps, /^Check out/).with).toEqual({ 'fetch-depth': 0 })
    expect(step(steps, /^Fetch the performance history/).run).toContain('refs/notes/perf-sentinel')
    expect(step(steps, /^Set up Node/).with).toMatchObject({ cache: 'npm' })
    expect(step(steps, /^Install/).run?.trim()).toBe('npm ci')
    const tests = step(steps, /^Performance tests/)
    expect(tests.if).toBe("github.event_name != 'pull_request'")
    expect(tests.run).toContain('npx vitest run --reporter=default --reporter=perf')
    const compare = step(steps, /^Compare with the merge-base/)
    expect(compare.if).toBe("github.event_name == 'pull_request'")
    expect(compare.run).toMatch(
      /npx perf-sentinel compare "\$\(git merge-base "origin\/\$\{\{ github.base_ref \}\}" HEAD\)" -- npx vitest run/,
    )
    expect(step(steps, /^Upload the report/)).toMatchObject({
      if: 'always()',
      uses: 'actions/upload-artifact@v4',
      with: { path: 'perf-report/' },
    })
    const push = step(steps, /^Record the history/)
    expect(push.if).toContain('github.event.repository.default_branch')
    expect(push.run).toContain('git push origin refs/notes/perf-sentinel')
    // The step summary is written by the reporter under GitHub Actions; history is recorded through git notes.
    expect(workflow.env).toEqual({ PERF_SENTINEL_GIT_NOTES: 'true', PERF_SENTINEL_GITHUB: 'true' })
  })

  it('installs without a lock file as a plain install, with no dependency cache (npm ci would refuse)', async () => {
    const facts = await detectProject(project({ devDependencies: { vitest: '4' } }))
    expect(facts.reasons).toContainEqual(expect.stringContaining('no lock file: the workflow installs with npm install'))
    const steps = (parse(githubWorkflow(facts)) as Workflow).jobs.perf?.steps ?? []
    expect(step(steps, /^Install/).run?.trim()).toBe('npm install')
    expect(step(steps, /^Set up Node/).with).not.toHaveProperty('cache')
    expect(gitlabPipeline(facts)).not.toContain('npm ci')
  })

  it('uses the detected package manager and the Jest reporter', () => {
    const workflow = parse(githubWorkflow({ runner: 'jest', packageManager: 'pnpm', reasons: [] })) as Workflow
    const steps = workflow.jobs.perf?.steps ?? []
    expect(step(steps, /^Set up pnpm/).uses).toBe('pnpm/action-setup@v4')
    expect(step(steps, /^Install/).run?.trim()).toBe('pnpm install --frozen-lockfile')
    expect(step(steps, /^Performance tests/).run).toContain(
      'pnpm exec jest --ci --reporters=default --reporters=perf-sentinel/jest/reporter',
    )
  })

  it('shards Vitest: blob reports merged by --merge-reports, and on pull requests a comparison per shard, merged', () => {
    const workflow = parse(githubWorkflow({ runner: 'vitest', packageManager: 'npm', reasons: [] }, 3)) as Workflow
    const test = workflow.jobs.test?.steps ?? []
    const perf = workflow.jobs.perf?.steps ?? []
    expect(workflow.jobs.test?.strategy?.matrix.shard).toEqual([1, 2, 3])
    expect(step(test, /^Tests/).run).toContain('npx vitest run --shard=${{ matrix.shard }}/3 --reporter=blob')
    expect(step(test, /^Tests/).if).toBe("github.event_name != 'pull_request'")
    expect(workflow.jobs.perf?.needs).toBe('test')
    expect(step(perf, /^Download the blob reports/).with).toMatchObject({ pattern: 'blob-*', 'merge-multiple': true })
    expect(step(perf, /^Performance tests/).run).toContain('vitest run --merge-reports --reporter=default --reporter=perf')
    expect(step(perf, /^Performance tests/).if).toBe("github.event_name != 'pull_request'")
    // A compare round runs the tests in the base's checkout: blob reports cannot, so each shard compares itself.
    const compare = step(test, /^Compare/)
    expect(compare.if).toBe("github.event_name == 'pull_request'")
    expect(compare.run).toContain(
      '--output-dir perf-report-${{ matrix.shard }} -- npx vitest run --shard=${{ matrix.shard }}/3 --reporter=default --reporter=perf',
    )
    expect(compare.run).not.toContain('--merge-reports')
    expect(step(perf, /^Merge the shard comparisons/).run).toContain('npx perf-sentinel merge shard-reports --out perf-report')
    expect(workflow.jobs.test?.env?.PERF_SENTINEL_GIT_NOTES).toBe('false')
  })

  it('shards Jest with --shard and merges the shard reports with perf-sentinel merge', () => {
    const workflow = parse(githubWorkflow({ runner: 'jest', packageManager: 'npm', reasons: [] }, 2)) as Workflow
    expect(workflow.jobs.test?.env?.PERF_SENTINEL_OUTPUT_DIR).toBe('perf-report-${{ matrix.shard }}')
    expect(step(workflow.jobs.test?.steps ?? [], /^Performance tests/).run).toContain('npx jest --ci --shard=${{ matrix.shard }}/2')
    const perf = workflow.jobs.perf?.steps ?? []
    expect(workflow.jobs.test?.env?.PERF_SENTINEL_GIT_NOTES).toBe('false')
    expect(step(workflow.jobs.test?.steps ?? [], /^Compare/).run).toContain('--output-dir perf-report-${{ matrix.shard }} -- npx jest')
    // The merge job records the merged run (not on pull requests) and pushes the history from the default branch.
    expect(step(perf, /^Merge/).run).toContain(
      "npx perf-sentinel merge shard-reports --out perf-report ${{ github.event_name != 'pull_request' && '--record' || '' }}",
    )
    expect(step(perf, /^Record the history/).run).toContain('git push origin refs/notes/perf-sentinel')
    expect(step(perf, /^Write the step summary/).run).toContain('$GITHUB_STEP_SUMMARY')
  })
})

describe('gitlabPipeline()', () => {
  it('runs on merge requests, the default branch, schedules and by hand, compares MRs with the merge-base and keeps the report', () => {
    const pipeline = parse(gitlabPipeline({ runner: 'jest', packageManager: 'yarn', reasons: [] })) as {
      workflow: { rules: Array<{ if: string }> }
      variables: Record<string, string>
      perf: { script: string[]; artifacts: { when: string; paths: string[] } }
    }
    expect(pipeline.workflow.rules.map((r) => r.if)).toEqual([
      '$CI_PIPELINE_SOURCE == "merge_request_event"',
      '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH',
      '$CI_PIPELINE_SOURCE == "schedule"',
      '$CI_PIPELINE_SOURCE == "web"',
    ])
    expect(pipeline.variables).toMatchObject({ GIT_DEPTH: '0', PERF_SENTINEL_GIT_NOTES: 'true' })
    const script = pipeline.perf.script.join('\n')
    expect(script).toContain('yarn install --frozen-lockfile')
    expect(script).toContain(
      'yarn perf-sentinel compare "$(git merge-base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" HEAD)" -- yarn jest --ci',
    )
    expect(script).toContain('git push "https://oauth2:$PERF_NOTES_TOKEN@$CI_SERVER_HOST/$CI_PROJECT_PATH.git" refs/notes/perf-sentinel')
    expect(pipeline.perf.artifacts).toEqual({ when: 'always', paths: ['perf-report/'] })
  })

  it('shards Vitest with parallel: blob reports, and in merge requests a comparison per shard, merged', () => {
    const pipeline = parse(gitlabPipeline({ runner: 'vitest', packageManager: 'npm', reasons: [] }, 2)) as Record<
      string,
      { parallel?: number; script?: string[]; artifacts?: { paths: string[] } }
    >
    const test = pipeline.test?.script?.join('\n') ?? ''
    expect(pipeline.test?.parallel).toBe(2)
    expect(test).toContain(
      '--output-dir perf-report-$CI_NODE_INDEX -- npx vitest run --shard=$CI_NODE_INDEX/$CI_NODE_TOTAL --reporter=default',
    )
    expect(test).toContain('else npx vitest run --shard=$CI_NODE_INDEX/$CI_NODE_TOTAL --reporter=blob')
    expect(pipeline.test?.artifacts?.paths).toEqual(['.vitest-reports/', 'perf-report-$CI_NODE_INDEX/'])
    const perf = pipeline.perf?.script?.join('\n') ?? ''
    expect(perf).toContain('then npx perf-sentinel merge perf-report-*/ --out perf-report; else npx vitest run --merge-reports')
    expect(perf).not.toContain('compare')
  })

  it('shards with parallel: and merges Jest shard reports', () => {
    const pipeline = parse(gitlabPipeline({ runner: 'jest', packageManager: 'npm', reasons: [] }, 4)) as Record<
      string,
      { parallel?: number; script?: string[] }
    >
    expect(pipeline.test?.parallel).toBe(4)
    expect(pipeline.test?.script?.join('\n')).toContain('--shard=$CI_NODE_INDEX/4')
    expect(pipeline.perf?.script?.join('\n')).toContain('npx perf-sentinel merge perf-report-*/ --out perf-report --record')
    expect(pipeline.perf?.script?.join('\n')).toContain('git push')
  })
})

describe('perf-sentinel init', () => {
  it('writes the workflow, then refuses to overwrite it without --force', async () => {
    const cwd = project({ devDependencies: { jest: '30' } }, { 'package-lock.json': '{}' })
    const first = await cli(cwd, ['init', '--ci', 'github'])
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('Wrote .github/workflows/perf.yml (jest, npm)')
    expect(first.stderr).toContain('detected runner jest: package.json depends on jest')
    expect(parse(readFileSync(join(cwd, '.github/workflows/perf.yml'), 'utf8'))).toHaveProperty('jobs.perf')
    const again = await cli(cwd, ['init', '--ci', 'github'])
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('.github/workflows/perf.yml already exists')
    expect(again.stderr).toContain('Fix: pass --force to overwrite it')
    const forced = await cli(cwd, ['init', '--ci', 'github', '--force', '--shards', '2', '--json'])
    expect(forced.code).toBe(0)
    expect(JSON.parse(forced.stdout)).toEqual({
      file: '.github/workflows/perf.yml',
      ci: 'github',
      runner: 'jest',
      packageManager: 'npm',
      shards: 2,
    })
  })

  it('rejects a missing or unknown --ci and a bad --shards with exit 2', async () => {
    const cwd = project({})
    expect((await cli(cwd, ['init'])).stderr).toContain('--ci is missing')
    expect((await cli(cwd, ['init', '--ci', 'travis'])).stderr).toContain('--ci is "travis"')
    const shards = await cli(cwd, ['init', '--ci', 'gitlab', '--shards', 'two'])
    expect(shards.code).toBe(2)
    expect(shards.stderr).toContain('--shards needs a whole number')
  })
})
