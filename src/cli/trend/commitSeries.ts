import type { HistoryRun } from '../../stores/history/index.js'
import type { MeasurementKey } from '../../config/measurementFilter.js'
import { median } from '../../stats/summarize.js'

/** One commit's point of a measurement's series: the median of that commit's run medians. */
export interface CommitPoint {
  commit: string
  /** ISO time of the commit's first run. */
  time: string
  medianMs: number
  /** Runs pooled into this point. */
  runs: number
}

/** One measurement's per-commit series, oldest first. */
export interface CommitSeries extends MeasurementKey {
  points: CommitPoint[]
}

/** `file > test name > name` split back into its file and name (the test name may itself contain " > "). */
export function keyOfId(id: string): MeasurementKey {
  const first = id.indexOf(' > ')
  const last = id.lastIndexOf(' > ')
  return { id, file: first < 0 ? id : id.slice(0, first), name: last < 0 ? id : id.slice(last + 3) }
}

/**
 * Per-commit series of every measurement in `runs` (oldest first) that `keep` accepts. Re-runs of one commit
 * (retries, local iterations) pool into one point, so a commit counts once however often it ran; commits are
 * ordered by their first run. Runs without a commit (outside git) each stand alone.
 */
export function commitSeries(runs: readonly HistoryRun[], keep: (key: MeasurementKey) => boolean = () => true): CommitSeries[] {
  const byId = new Map<string, Map<string, { time: string; medians: number[] }>>()
  runs.forEach((run, index) => {
    const commit = run.git.commit ?? `run ${index + 1}`
    for (const [id, m] of Object.entries(run.measurements)) {
      if (!(m.medianMs > 0)) continue
      const commits = byId.get(id) ?? new Map<string, { time: string; medians: number[] }>()
      const point = commits.get(commit) ?? { time: run.time, medians: [] }
      point.medians.push(m.medianMs)
      commits.set(commit, point)
      byId.set(id, commits)
    }
  })
  const series: CommitSeries[] = []
  for (const [id, commits] of byId) {
    const key = keyOfId(id)
    if (!keep(key)) continue
    const points = [...commits].map(([commit, p]) => ({ commit, time: p.time, medianMs: median(p.medians), runs: p.medians.length }))
    points.sort((a, b) => Date.parse(a.time) - Date.parse(b.time))
    series.push({ ...key, points })
  }
  return series.sort((a, b) => (a.id < b.id ? -1 : 1))
}
