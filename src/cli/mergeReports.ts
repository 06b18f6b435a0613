import type { PerfReport, ReportMeasurement, Trend } from '../model/report.js'
import { TrendRunTable } from '../model/trend.js'
import { mergeInstrumentedSections } from '../diagnostics/instrumentedSection.js'
import type { ResourceTimeline } from '../model/resourceTimeline.js'
import { rebuildReport, relinkProfiles } from './reportFiles.js'

/** One shard's report and where it was read from. */
export interface ShardReport {
  path: string
  report: PerfReport
}

/**
 * Combines per-shard reports into one (pure). Each shard compared its own measurements with the baseline, so
 * their comparisons are kept as they are; the run spans the earliest start to the latest end; a measurement that
 * two shards both report keeps the later shard's and says so; `removed` keeps only ids no shard measured.
 */
export function mergeReports(shards: readonly ShardReport[], relink?: { outputDir: string; rootDir: string }): PerfReport {
  const first = shards[0]
  if (first === undefined) throw new Error('mergeReports needs at least one report')
  const byId = new Map<string, ReportMeasurement>()
  const shardOf = new Map<string, PerfReport>()
  const notes: string[] = []
  for (const { path, report } of shards) {
    const measurements = relink ? relinkProfiles(report.measurements, path, relink.outputDir, relink.rootDir) : report.measurements
    for (const m of measurements) {
      if (byId.has(m.id)) notes.push(`${m.id} was reported by more than one shard; kept the one from ${path}.`)
      byId.set(m.id, m)
      shardOf.set(m.id, report)
    }
  }
  // Each shard's trends index its own run table: re-indexed into one table holding the runs the kept trends name
  // (a run two shards share is listed once).
  const table = new TrendRunTable()
  const trends = new Map<string, Trend>()
  const merged = new Map<PerfReport, number[]>()
  for (const [id, m] of byId) {
    const report = shardOf.get(id) as PerfReport
    if (m.trend === undefined) continue
    const known = merged.get(report) ?? []
    merged.set(report, known)
    const runIndex = (run: number): number => (known[run] ??= table.indexOf(report.trendRuns[run] as PerfReport['trendRuns'][number]))
    trends.set(id, { ...m.trend, runs: m.trend.runs.map(runIndex) })
  }
  const removed = new Map<string, PerfReport['removed'][number]>()
  for (const { report } of shards) for (const r of report.removed) if (!byId.has(r.id)) removed.set(r.id, r)
  const commits = new Set(shards.map((s) => s.report.run.git.commit ?? 'unknown'))
  if (commits.size > 1)
    notes.push(`The shards ran at ${commits.size} different commits (${[...commits].map((c) => c.slice(0, 7)).join(', ')}).`)
  const starts = shards.map((s) => Date.parse(s.report.run.startedAt))
  const ends = shards.map((s) => Date.parse(s.report.run.startedAt) + s.report.run.durationMs)
  const start = Math.min(...starts)
  // A note several shards wrote is listed once, saying how many wrote it: its counts are one shard's.
  const noteCounts = new Map<string, number>()
  for (const { report } of shards) for (const note of new Set(report.run.notes)) noteCounts.set(note, (noteCounts.get(note) ?? 0) + 1)
  const shardNotes = [...noteCounts].map(([note, count]) => (count > 1 ? `${note} (in each of ${count} shards)` : note))
  const instrumented = mergeInstrumentedSections(shards.map((s) => s.report.instrumented ?? []))
  notes.push(...instrumented.notes)
  return rebuildReport(
    {
      ...first.report.run,
      startedAt: new Date(start).toISOString(),
      durationMs: Math.max(...ends) - start,
      ci: shards.some((s) => s.report.run.ci),
      notes: [
        `Merged from ${shards.length} shard report(s); each shard's comparisons are kept as its run made them.`,
        ...shardNotes,
        ...notes,
      ],
    },
    [...byId.values()],
    [...removed.values()],
    { runs: table.runs, byId: trends },
    { instrumented: instrumented.functions, resources: shardResources(shards) },
  )
}

/** Every shard's worker timelines; with more than one shard sampled, each lane says its shard (`worker 1 (shard 2)`). */
function shardResources(shards: readonly ShardReport[]): ResourceTimeline[] {
  const sampled = shards.filter((s) => (s.report.resources ?? []).length > 0)
  if (sampled.length <= 1) return sampled[0]?.report.resources ?? []
  // Numbered by the shard's place among all inputs, so the labels match the order merge read them in.
  return shards.flatMap((s, i) => (s.report.resources ?? []).map((t) => ({ ...t, worker: `${t.worker} (shard ${i + 1})` })))
}
