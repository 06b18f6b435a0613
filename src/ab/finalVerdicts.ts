/**
 * The verdicts an A/B run ends with. A measurement fails the run only when all three agree: the sampling rounds
 * call it `regressed`, independent confirmation rounds (fresh processes, run after the decision) call it
 * `regressed` again, and the A/A control found the environment stable. Otherwise it is `inconclusive`, saying why.
 */
import { formatConfidenceLevel, formatPercent } from '../format.js'
import type { Comparison } from '../model/types.js'
import type { RoundDecision } from './decideRounds.js'
import type { ControlJudgement } from './judgeControl.js'

/** How a sampling-phase candidate fared in confirmation. */
export type Confirmation = { kind: 'confirmed'; comparison: Comparison } | { kind: 'not-confirmed'; comparison: Comparison | undefined }

/** The final comparison of every measurement, and each candidate's confirmation. */
export interface FinalVerdicts {
  comparisons: Map<string, Comparison>
  confirmations: Map<string, Confirmation>
}

/** Combines the sampling decision, the confirmation decision and the control (pure). */
export function finalVerdicts(sampling: RoundDecision, confirmation: RoundDecision | undefined, control: ControlJudgement): FinalVerdicts {
  const comparisons = new Map(sampling.comparisons)
  const confirmations = new Map<string, Confirmation>()
  for (const id of sampling.candidates) {
    const first = sampling.comparisons.get(id)
    const again = confirmation?.comparisons.get(id)
    if (first === undefined) continue
    if (again?.verdict === 'regressed') {
      confirmations.set(id, { kind: 'confirmed', comparison: again })
      comparisons.set(id, { ...first, reason: `${first.reason} Confirmed by independent rounds: ${said(again)}.` })
      continue
    }
    confirmations.set(id, { kind: 'not-confirmed', comparison: again })
    const reason =
      again === undefined
        ? `A candidate (${said(first)}) that was not confirmed: no confirmation rounds ran, so it does not fail the run.`
        : again.verdict === 'inconclusive'
          ? `A candidate (${said(first)}) that independent rounds could not settle: they saw ${said(again)} (inconclusive), so it does not fail the run.`
          : `A candidate (${said(first)}) that did not reproduce: independent rounds saw ${said(again)} (${again.verdict}), so it does not fail the run.`
    comparisons.set(id, { ...first, verdict: 'inconclusive', reason })
  }
  if (control.kind === 'unstable') {
    for (const [id, c] of comparisons) {
      if (c.verdict !== 'regressed' && c.verdict !== 'improved') continue
      const reason = `Would be ${c.verdict} (${said(c)}), but the A/A control says the environment is unstable: ${control.summary}`
      comparisons.set(id, { ...c, verdict: 'inconclusive', reason })
    }
  }
  return { comparisons, confirmations }
}

function said(c: Comparison): string {
  if (c.changePercent === undefined) return 'no estimate'
  const level = c.confidenceLevel === undefined ? '' : `${formatConfidenceLevel(c.confidenceLevel)} `
  const interval = c.intervalPercent
    ? `, ${level}interval ${formatPercent(c.intervalPercent[0])} to ${formatPercent(c.intervalPercent[1])}`
    : ''
  return `${formatPercent(c.changePercent)}${interval}`
}
