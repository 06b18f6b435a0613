import type { RunComparison } from '../compare/index.js'
import type { Comparison, Confirmation } from '../model/comparison.js'
import { formatPercent } from '../format.js'
import type { MeasurementRecord } from '../model/types.js'
import { measurementId } from '../model/types.js'
import type { RerunFiles } from './rerunFiles.js'

const HOW = 'the test file re-run in a fresh runner process'

/**
 * Re-measures every `regressed` measurement independently (its test files re-run in a fresh process: new JIT state,
 * new heap, another draw of the machine) and compares it with the same base. A regression stands only if the
 * re-measurement is `regressed` too; otherwise it becomes `inconclusive`, saying so. A run with no candidate pays
 * nothing. When the re-run cannot happen the regression stands, marked unconfirmed (a real slowdown must not pass).
 */
export async function confirmRegressions(
  comparisons: Map<string, Comparison>,
  records: readonly MeasurementRecord[],
  recompare: (records: readonly MeasurementRecord[]) => RunComparison,
  rerun: RerunFiles | undefined,
): Promise<string[]> {
  const candidates = [...comparisons].filter(([, c]) => c.verdict === 'regressed').map(([id]) => id)
  if (candidates.length === 0) return []
  const candidateSet = new Set(candidates)
  if (rerun === undefined) {
    for (const id of candidates)
      mark(comparisons, id, { confirmed: false, how: 'not re-measured: this run cannot be re-run (e.g. --merge-reports)' })
    return [`${candidates.length} regression(s) could not be confirmed by a re-run and fail unconfirmed.`]
  }
  const files = [...new Set(records.filter((r) => candidateSet.has(measurementId(r))).map((r) => r.file))]
  const result = await rerun(files)
  if ('problem' in result) {
    for (const id of candidates) mark(comparisons, id, { confirmed: false, how: `not re-measured: ${result.problem}` })
    return [`Confirmation re-run failed (${result.problem}); ${candidates.length} regression(s) fail unconfirmed.`]
  }
  const again = recompare(result.records.filter((r) => candidateSet.has(measurementId(r)))).comparisons
  let dropped = 0
  for (const id of candidates) {
    const second = again.get(id)
    const original = comparisons.get(id) as Comparison
    if (second?.verdict === 'regressed') {
      mark(comparisons, id, { confirmed: true, how: HOW, changePercent: second.changePercent })
      continue
    }
    dropped++
    const seen =
      second?.changePercent === undefined ? 'did not produce it' : `measured ${formatPercent(second.changePercent)} (${second.verdict})`
    comparisons.set(id, {
      ...original,
      verdict: 'inconclusive',
      reason: `Not confirmed: ${formatPercent(original.changePercent ?? 0)} in this run, but ${HOW} ${seen}. ${original.reason}`,
      confirmation: { confirmed: false, how: HOW, ...(second?.changePercent === undefined ? {} : { changePercent: second.changePercent }) },
    } as Comparison)
  }
  const kept = candidates.length - dropped
  return [
    `Confirmation: ${kept} of ${candidates.length} regression(s) confirmed by ${HOW}${dropped > 0 ? `; ${dropped} not confirmed (now inconclusive)` : ''}.`,
  ]
}

function mark(comparisons: Map<string, Comparison>, id: string, confirmation: Confirmation): void {
  const c = comparisons.get(id)
  if (c) comparisons.set(id, { ...c, confirmation })
}
