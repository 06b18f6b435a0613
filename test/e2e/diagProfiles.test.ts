import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PerfReport, ReportMeasurement } from '../../src/model/report.js'
import type { FixtureProject, RunResult } from './fixtureProject.js'
import { createFixtureProject } from './fixtureProject.js'

/** The parts of a `.cpuprofile` that Chrome DevTools and speedscope read. */
interface CpuProfileFile {
  nodes: Array<{
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
    children?: number[]
  }>
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

interface Runner {
  name: string
  fixture: string
  run(project: FixtureProject, env?: NodeJS.ProcessEnv): Promise<RunResult>
}

// Reports go to reports/perf (Vitest: --outputFile.perf, Jest: the reporter's outputDir option in jest.config.js).
const vitest = (pool: 'forks' | 'threads'): Runner => ({
  name: `Vitest (${pool})`,
  fixture: 'diag-profiles-vitest',
  run: (project, env) =>
    project.vitest(['run', `--pool=${pool}`, '--reporter=default', '--reporter=perf', '--outputFile.perf=reports/perf'], env),
})
const runners: Runner[] = [
  vitest('forks'),
  vitest('threads'),
  { name: 'Jest', fixture: 'diag-profiles-jest', run: (project, env) => project.jest([], env) },
]

/** The JSON the HTML report's page script reads (script#perf-data). */
function htmlPayload(html: string): { measurements: Array<{ name: string; profileHref?: string }> } {
  const match = /<script type="application\/json" id="perf-data">([\s\S]*?)<\/script>/.exec(html)
  if (!match?.[1]) throw new Error('no perf-data payload in report.html')
  return JSON.parse(match[1].replace(/<\\\//g, '</')) as { measurements: Array<{ name: string; profileHref?: string }> }
}

function profiled(report: PerfReport): ReportMeasurement {
  const m = report.measurements.find((x) => x.testName === 'profiled hot loop' && x.kind === 'matcher')
  if (!m) throw new Error(`no measurement of "profiled hot loop" in ${JSON.stringify(report.measurements.map((x) => x.testName))}`)
  return m
}

/** The profile opens in DevTools: a node tree, one time delta per sample, and the subject is its hottest frame. */
function expectLoadableProfile(project: FixtureProject, path: string): void {
  const profile = project.readJson<CpuProfileFile>(path)
  expect(profile.endTime).toBeGreaterThan(profile.startTime)
  expect(profile.samples.length).toBeGreaterThan(0)
  expect(profile.timeDeltas).toHaveLength(profile.samples.length)
  const ids = new Set(profile.nodes.map((n) => n.id))
  for (const id of profile.samples) expect(ids.has(id)).toBe(true)
  const hot = new Set(profile.nodes.filter((n) => n.callFrame.functionName === 'hotSqrtLoop').map((n) => n.id))
  expect(hot.size).toBeGreaterThan(0)
  expect(profile.samples.filter((id) => hot.has(id)).length / profile.samples.length).toBeGreaterThan(0.5)
}

for (const runner of runners) {
  describe(`CPU profiles follow the report folder — ${runner.name}`, () => {
    it('writes the profile under <outputDir>/profiles and links it from report.json, HTML and Markdown', async () => {
      const project = createFixtureProject(runner.fixture)
      const result = await runner.run(project)
      expect(result.exitCode, result.output).toBe(0)

      const files = readdirSync(join(project.dir, 'reports', 'perf', 'profiles'))
      expect(files).toHaveLength(1)
      const file = files[0] as string
      expect(file).toMatch(/^profiled-test-[jt]s-profiled-hot-loop-tocompletewithin-[0-9a-f]{8}\.cpuprofile$/)
      // Nothing in the default folder: the reporter told the workers where its reports go.
      expect(project.exists('perf-report')).toBe(false)
      expectLoadableProfile(project, `reports/perf/profiles/${file}`)

      const m = profiled(project.readJson<PerfReport>('reports/perf/report.json'))
      expect(m.profile?.path).toBe(`reports/perf/profiles/${file}`)
      expect(m.profilePath).toBe(`profiles/${file}`)
      expect(m.profile?.top[0]?.functionName).toBe('hotSqrtLoop')

      const html = project.read('reports/perf/report.html')
      expect(htmlPayload(html).measurements.find((x) => x.name === m.name)?.profileHref).toBe(`profiles/${file}`)
      expect(html).toContain(`<a href="profiles/${file}" download>`)
      expect(project.read('reports/perf/report.md')).toContain(`](profiles/${file})`)

      // Regenerated or merged into another folder: the links still reach the file, and no section is lost.
      const original = project.readJson<PerfReport>('reports/perf/report.json')
      expect(original.resources?.length ?? 0).toBeGreaterThan(0)
      const cli = (args: string[]): Promise<RunResult> =>
        project.run(process.execPath, [join(project.dir, 'node_modules/perf-sentinel/dist/cli.js'), ...args])
      for (const [args, dir] of [
        [['report', '--from', 'reports/perf/report.json', '--out', 'regenerated'], 'regenerated'],
        [['merge', 'reports/perf', '--out', 'out/merged'], 'out/merged'],
      ] as const) {
        const made = await cli([...args])
        expect(made.exitCode, made.output).toBe(0)
        const again = project.readJson<PerfReport>(`${dir}/report.json`)
        const link = profiled(again).profilePath as string
        expect(project.exists(join(dir, link)), `${dir}: ${link}`).toBe(true)
        expect(project.read(`${dir}/report.md`)).toContain(`](${link})`)
        expect(again.resources).toEqual(original.resources)
      }
    }, 180_000)

    it('honours PERF_SENTINEL_PROFILE_DIR and links the profile relative to the report', async () => {
      const project = createFixtureProject(runner.fixture)
      const result = await runner.run(project, { PERF_SENTINEL_PROFILE_DIR: 'cpu-profiles' })
      expect(result.exitCode, result.output).toBe(0)

      const files = readdirSync(join(project.dir, 'cpu-profiles'))
      expect(files).toHaveLength(1)
      const file = files[0] as string
      expect(project.exists('reports/perf/profiles')).toBe(false)
      expectLoadableProfile(project, `cpu-profiles/${file}`)

      const m = profiled(project.readJson<PerfReport>('reports/perf/report.json'))
      expect(m.profile?.path).toBe(`cpu-profiles/${file}`)
      expect(m.profilePath).toBe(`../../cpu-profiles/${file}`)
      expect(htmlPayload(project.read('reports/perf/report.html')).measurements.find((x) => x.name === m.name)?.profileHref).toBe(
        `../../cpu-profiles/${file}`,
      )
      expect(project.read('reports/perf/report.md')).toContain(`](../../cpu-profiles/${file})`)
    }, 180_000)
  })
}
