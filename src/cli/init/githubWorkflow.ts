// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ … }} are GitHub Actions expressions, written literally
import type { ProjectFacts } from './detectProject.js'
import { packageManagerCommands, testCommand } from './detectProject.js'

/** Weekly, Monday 04:23 UTC: off the hour, when GitHub's scheduler is least delayed. */
export const WEEKLY_CRON = '23 4 * * 1'
const NOTES = 'refs/notes/perf-sentinel'
const ON_DEFAULT_BRANCH =
  "github.event_name != 'pull_request' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"
const MERGE_BASE = '"$(git merge-base "origin/${{ github.base_ref }}" HEAD)"'

/** A step as YAML lines (indented for a job's `steps:`). */
function step(name: string, body: Record<string, string | Record<string, string>>): string[] {
  const lines = [`      - name: ${name}`]
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'object') {
      lines.push(`        ${key}:`, ...Object.entries(value).map(([k, v]) => `          ${k}: ${v}`))
    } else if (key === 'run') {
      lines.push('        run: |', ...value.split('\n').map((line) => `          ${line}`))
    } else {
      lines.push(`        ${key}: ${value}`)
    }
  }
  return lines
}

function setupSteps(facts: ProjectFacts, withNotes: boolean): string[] {
  const pm = packageManagerCommands(facts)
  return [
    ...step('Check out (full history, for merge-bases)', { uses: 'actions/checkout@v4', with: { 'fetch-depth': '0' } }),
    ...(withNotes
      ? [
          ...step('Fetch the performance history (git notes)', {
            run: `git fetch origin '+${NOTES}:${NOTES}' || echo "no history recorded yet"`,
          }),
          ...step('Identify the notes author', {
            run: 'git config user.name "github-actions[bot]"\ngit config user.email "41898282+github-actions[bot]@users.noreply.github.com"',
          }),
        ]
      : []),
    ...(facts.packageManager === 'pnpm' ? step('Set up pnpm', { uses: 'pnpm/action-setup@v4' }) : []),
    ...(facts.packageManager === 'bun' ? step('Set up Bun', { uses: 'oven-sh/setup-bun@v2' }) : []),
    ...step('Set up Node', { uses: 'actions/setup-node@v4', with: { ...nodeVersion(facts), ...(pm.cache ? { cache: pm.cache } : {}) } }),
    ...step('Install', { run: pm.install }),
  ]
}

/** The project's version file when it has one (setup-node reads it), else the major chosen (`detectNode`). */
function nodeVersion(facts: ProjectFacts): Record<string, string> {
  if (facts.node?.file !== undefined) return { 'node-version-file': facts.node.file }
  return { 'node-version': `'${facts.node?.major ?? process.versions.node.split('.')[0]}'` }
}

/** Runs `command` on pushes and schedules, and `perf-sentinel compare <merge-base>` around it on pull requests. */
function perfSteps(exec: string, command: string, compareFlags = ''): string[] {
  return [
    ...step('Performance tests', { if: "github.event_name != 'pull_request'", run: command }),
    ...step('Compare with the merge-base', {
      if: "github.event_name == 'pull_request'",
      run: `${exec} perf-sentinel compare ${MERGE_BASE}${compareFlags} -- ${command}`,
    }),
  ]
}

const uploadReport = step('Upload the report', {
  if: 'always()',
  uses: 'actions/upload-artifact@v4',
  with: { name: 'perf-report', path: 'perf-report/' },
})
const pushNotes = step('Record the history (default branch only)', { if: ON_DEFAULT_BRANCH, run: `git push origin ${NOTES}` })

const NOT_PR = "github.event_name != 'pull_request'"
const ON_PR = "github.event_name == 'pull_request'"

/** Uploads one shard's report folder (`perf-report-<shard>/`), for the perf job to merge. */
function uploadShardReport(condition: string): string[] {
  return step('Upload the shard report', {
    if: condition,
    uses: 'actions/upload-artifact@v4',
    with: { name: 'perf-report-${{ matrix.shard }}', path: 'perf-report-${{ matrix.shard }}/' },
  })
}

/** The perf job's start after a shard matrix: runs even when a shard failed, with the history notes. */
function mergeJobStart(facts: ProjectFacts): string[] {
  return ['  perf:', '    needs: test', '    if: always()', '    runs-on: ubuntu-latest', '    steps:', ...setupSteps(facts, true)]
}

/** Downloads every shard's report folder into `shard-reports/`. */
function downloadShardReports(condition?: string): string[] {
  return step('Download the shard reports', {
    ...(condition === undefined ? {} : { if: condition }),
    uses: 'actions/download-artifact@v4',
    with: { pattern: 'perf-report-*', path: 'shard-reports' },
  })
}

/**
 * Vitest shards: on pushes and schedules each shard writes a blob report and the perf job merges them
 * (`--merge-reports`); on pull requests each shard compares itself with the merge-base (a compare round must run
 * tests: blob reports cannot be replayed in the base's checkout) and the perf job merges the shards' verdicts.
 */
function vitestShards(facts: ProjectFacts, header: string[], matrix: string[], shards: number): string {
  const pm = packageManagerCommands(facts)
  const shard = `--shard=\${{ matrix.shard }}/${shards}`
  const perfReporter = facts.reporterConfigured ? '' : ' --reporter=default --reporter=perf'
  return [
    ...header,
    '  test:',
    '    runs-on: ubuntu-latest',
    ...matrix,
    '    env:',
    "      PERF_SENTINEL_GITHUB: 'false'",
    '      # The perf job records the whole run; a shard alone is not one.',
    "      PERF_SENTINEL_GIT_NOTES: 'false'",
    '    steps:',
    ...setupSteps(facts, false),
    ...step('Tests (one shard, blob report)', {
      if: NOT_PR,
      run: testCommand('vitest', pm.exec, { index: '${{ matrix.shard }}', total: shards, blob: true }),
    }),
    ...step('Upload the blob report', {
      if: NOT_PR,
      uses: 'actions/upload-artifact@v4',
      with: { name: 'blob-${{ matrix.shard }}', path: '.vitest-reports/*', 'include-hidden-files': 'true' },
    }),
    ...step('Compare this shard with the merge-base', {
      if: ON_PR,
      run: `${pm.exec} perf-sentinel compare ${MERGE_BASE} --output-dir perf-report-\${{ matrix.shard }} -- ${pm.exec} vitest run ${shard}${perfReporter}`,
    }),
    ...uploadShardReport(`always() && ${ON_PR}`),
    ...mergeJobStart(facts),
    ...step('Download the blob reports', {
      if: NOT_PR,
      uses: 'actions/download-artifact@v4',
      with: { pattern: 'blob-*', path: '.vitest-reports', 'merge-multiple': 'true' },
    }),
    ...step('Performance tests', { if: NOT_PR, run: `${pm.exec} vitest run --merge-reports${perfReporter}` }),
    ...downloadShardReports(ON_PR),
    ...step('Merge the shard comparisons into one report and verdict', {
      if: ON_PR,
      run: `${pm.exec} perf-sentinel merge shard-reports --out perf-report`,
    }),
    ...step('Write the step summary', { if: `always() && ${ON_PR}`, run: 'cat perf-report/report.md >> "$GITHUB_STEP_SUMMARY"' }),
    ...uploadReport,
    ...pushNotes,
    '',
  ].join('\n')
}

/**
 * The GitHub Actions workflow: push, pull request, weekly schedule and manual runs; install, test with the perf
 * reporter (which writes the step summary), upload `perf-report/`, push the history notes from the default branch,
 * compare pull requests with their merge-base. With `shards` > 1: a shard matrix, merged by Vitest's blob reports
 * (`--merge-reports`) or by `perf-sentinel merge` (Jest, and every runner's pull-request comparisons).
 */
export function githubWorkflow(facts: ProjectFacts, shards = 1): string {
  const pm = packageManagerCommands(facts)
  const header = [
    `# Generated by perf-sentinel init --ci github (runner: ${facts.runner}, package manager: ${facts.packageManager}${shards > 1 ? `, ${shards} shards` : ''}).`,
    'name: perf',
    'on:',
    '  push:',
    '  pull_request:',
    '  schedule:',
    '    # Weekly, off the hour: jobs queued on the hour start late.',
    `    - cron: '${WEEKLY_CRON}'`,
    '  workflow_dispatch:',
    'permissions:',
    '  # Pushes the history (git notes) from the default branch.',
    '  contents: write',
    'concurrency:',
    '  group: perf-${{ github.ref }}',
    '  cancel-in-progress: false',
    'env:',
    "  PERF_SENTINEL_GIT_NOTES: 'true'",
    "  PERF_SENTINEL_GITHUB: 'true'",
    'jobs:',
  ]
  if (shards <= 1) {
    return [
      ...header,
      '  perf:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      ...setupSteps(facts, true),
      ...perfSteps(pm.exec, testCommand(facts.runner, pm.exec, undefined, facts.reporterConfigured)),
      ...uploadReport,
      ...pushNotes,
      '',
    ].join('\n')
  }
  const matrix = [
    '    strategy:',
    '      fail-fast: false',
    '      matrix:',
    `        shard: [${Array.from({ length: shards }, (_, i) => i + 1).join(', ')}]`,
  ]
  if (facts.runner === 'vitest') return vitestShards(facts, header, matrix, shards)
  const shardCommand = testCommand('jest', pm.exec, { index: '${{ matrix.shard }}', total: shards }, facts.reporterConfigured)
  return [
    ...header,
    '  test:',
    '    runs-on: ubuntu-latest',
    ...matrix,
    '    env:',
    '      PERF_SENTINEL_OUTPUT_DIR: perf-report-${{ matrix.shard }}',
    "      PERF_SENTINEL_GITHUB: 'false'",
    '      # The merge job records the whole run; a shard alone is not one.',
    "      PERF_SENTINEL_GIT_NOTES: 'false'",
    '    steps:',
    ...setupSteps(facts, false),
    ...perfSteps(pm.exec, shardCommand, ' --output-dir perf-report-${{ matrix.shard }}'),
    ...uploadShardReport('always()'),
    ...mergeJobStart(facts),
    ...downloadShardReports(),
    ...step('Merge into one report and verdict', {
      run: `${pm.exec} perf-sentinel merge shard-reports --out perf-report \${{ github.event_name != 'pull_request' && '--record' || '' }}`,
    }),
    ...step('Write the step summary', { if: 'always()', run: 'cat perf-report/report.md >> "$GITHUB_STEP_SUMMARY"' }),
    ...uploadReport,
    ...pushNotes,
    '',
  ].join('\n')
}
