import type { RunComparison } from '../compare/index.js'
import type { Comparison, Confirmation } from '../model/comparison.js'
import { formatPercent } from '../format.js'
import type { MeasurementRecord } from '../model/types.js'
import { measurementId } from '../model/types.js'
import type { RerunFiles } from './rerunFiles.js'

/** How one confirmation re-run measures. */
const HOW = 'the test file re-run in a fresh runner process'

/** How `count` agreeing re-runs measured. */
function how(count: number): string {
  return count === 1 ? HOW : `the test file re-run in ${count} fresh runner processes, one after another`
}

/**
 * Re-measures every `regressed` measurement independently, up to `reruns` times (its test files re-run in a fresh
 * process: new JIT state, new heap, another draw of the machine), each time compared with the same base. A regression
 * stands only if every re-run finds it again; the first re-run that does not makes it `inconclusive`, saying so, and
 * it is not re-run further. Why several: a whole process can land in a slower mode for a measurement (1.8–2.3× on the
 * benchmark machine, 20–50% of processes, independently per measurement — BENCHMARKS part 3c): with one re-run,
 * identical code failed 20 of 60 CI runs there, with three 8 and 10 of 60 (part 3e), with three and 5-process baselines
 * 1 of 100 (part 3f: all four processes landed in a mode the baseline's five had missed); the default is five
 * re-runs (part 3g), and a 3× slowdown failed every run. A run with no candidate pays nothing, an unconfirmed
 * candidate usually one re-run. When a re-run cannot happen, or runs without producing the measurement, the
 * regression stands, marked unconfirmed (a real slowdown must not pass).
 */
export async function confirmRegressions(
  comparisons: Map<string, Comparison>,
  records: readonly MeasurementRecord[],
  recompare: (records: readonly MeasurementRecord[]) => RunComparison,
  rerun: RerunFiles | undefined,
  reruns = 1,
): Promise<string[]> {
  // A candidate that already carries a confirmation (one made earlier in a watch session) is not re-run.
  const candidates = [...comparisons].filter(([, c]) => c.verdict === 'regressed' && c.confirmation === undefined).map(([id]) => id)
  if (candidates.length === 0) return []
  if (rerun === undefined) {
    for (const id of candidates)
      mark(comparisons, id, { confirmed: false, how: 'not re-measured: this run cannot be re-run (e.g. --merge-reports)' })
    return [`${candidates.length} regression(s) could not be confirmed by a re-run and fail unconfirmed.`]
  }
  const fileOf = new Map(records.map((r) => [measurementId(r), r.file]))
  // Per standing candidate: the change each re-run measured so far.
  const standing = new Map<string, number[]>(candidates.map((id) => [id, []]))
  let dropped = 0
  let unmeasured = 0
  for (let round = 1; round <= reruns && standing.size > 0; round++) {
    const ids = new Set(standing.keys())
    const files = [...new Set([...ids].map((id) => fileOf.get(id)).filter((file): file is string => file !== undefined))]
    const result = await rerun(files)
    if ('problem' in result) {
      // Earlier re-runs that agreed still count: the regression stands, saying how far it was re-measured.
      for (const [id, changes] of standing) {
        mark(comparisons, id, { confirmed: false, how: `not re-measured${afterAgreeing(changes)}: ${result.problem}` })
      }
      return [`Confirmation re-run failed (${result.problem}); ${standing.size} regression(s) fail unconfirmed.`]
    }
    const again = recompare(result.records.filter((r) => ids.has(measurementId(r)))).comparisons
    for (const id of ids) {
      const second = again.get(id)
      if (second?.verdict === 'regressed') {
        standing.get(id)?.push(second.changePercent ?? 0)
        continue
      }
      const changes = standing.get(id) ?? []
      standing.delete(id)
      if (second === undefined) {
        // Not measured again is not measured faster: the regression stands, unconfirmed (a real slowdown must not pass).
        mark(comparisons, id, {
          confirmed: false,
          how: `not re-measured${afterAgreeing(changes)}: re-run ${round} ran the test file without producing it`,
        })
        unmeasured++
        continue
      }
      dropped++
      const original = comparisons.get(id) as Comparison
      const which = reruns === 1 ? HOW : `re-run ${round} of up to ${reruns} (the test file in a fresh runner process)`
      const seen =
        second.changePercent === undefined
          ? `found it ${second.verdict}`
          : `measured ${formatPercent(second.changePercent)} (${second.verdict})`
      comparisons.set(id, {
        ...original,
        verdict: 'inconclusive',
        reason: `Not confirmed: ${formatPercent(original.changePercent ?? 0)} in this run, but ${which} ${seen}. ${original.reason}`,
        confirmation: {
          confirmed: false,
          how: which,
          ...(second.changePercent === undefined ? {} : { changePercent: second.changePercent }),
        },
      } as Comparison)
    }
  }
  // The smallest change any re-run measured: what every independent re-measurement agrees on at least.
  for (const [id, changes] of standing)
    mark(comparisons, id, { confirmed: true, how: how(changes.length), changePercent: Math.min(...changes) })
  const by = reruns === 1 ? HOW : `up to ${reruns} re-runs, each in a fresh runner process`
  const kept = standing.size
  return [
    `Confirmation: ${kept} of ${candidates.length} regression(s) confirmed by ${by}${dropped > 0 ? `; ${dropped} not confirmed (now inconclusive)` : ''}${
      unmeasured > 0 ? `; ${unmeasured} not measured by a re-run, failing unconfirmed` : ''
    }.`,
  ]
}

/** How far a regression that stands unconfirmed was re-measured before the re-runs stopped producing it. */
function afterAgreeing(changes: readonly number[]): string {
  return changes.length > 0 ? ` after ${changes.length} agreeing re-run(s)` : ''
}

function mark(comparisons: Map<string, Comparison>, id: string, confirmation: Confirmation): void {
  const c = comparisons.get(id)
  if (c) comparisons.set(id, { ...c, confirmation })
}
