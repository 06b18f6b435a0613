/**
 * The decision rules compared in the detection benchmark. Each takes one base and one head measurement (from
 * different processes) and answers `{ verdict, changePercent, … }`, the verdict being 'regressed', 'improved',
 * 'unchanged' or 'inconclusive'.
 */

/** github-action-benchmark style: one value per side, alert when head / base exceeds 1.10 (and mirrored). */
const NAIVE_RATIO = 1.1

/** Builds the rules from the bundled compare core; `environment` is the (shared) hard fingerprint of this machine. */
export function makeRules(core, environment) {
  const defaults = core.resolveCompareOptions()
  // 20 × timer resolution (0.6 µs): the floor a user would set to gate µs-scale functions at all.
  const loweredFloorMs = core.TIMER_RESOLUTION_MULTIPLE * core.DEFAULT_TIMER_RESOLUTION_MS
  const lowered = core.resolveCompareOptions({ absoluteFloorMs: loweredFloorMs })
  // compareRun with a single id, so Holm is the identity: the most lenient family a real run could have.
  const viaCompareRun = (options) => (base, head, history) => {
    const { samplesMs, medianMs, referenceMixMs } = base
    // The machine reference of each side, as the reporter passes it (src/measure/reference.ts).
    const heads = new Map([['m', { samplesMs: head.samplesMs, medianMs: head.medianMs, environment, referenceMixMs: head.referenceMixMs }]])
    const bases = new Map([['m', { samplesMs, medianMs, environment, historyMediansMs: history, referenceMixMs }]])
    const comparison = core.compareRun(heads, bases, options).comparisons.get('m')
    const { verdict, warning = false, changePercent, intervalPercent, noiseFloorPercent } = comparison
    return { verdict, warning, changePercent, intervalPercent, noiseFloorPercent }
  }
  const ours = viaCompareRun(defaults)
  const oursLowered = viaCompareRun(lowered)
  return {
    defaults: (base, head) => ours(base, head, undefined),
    loweredFloor: (base, head) => oursLowered(base, head, undefined),
    loweredFloorHistory: (base, head, history) => oursLowered(base, head, history),
    naive: (base, head) => {
      const ratio = head.meanMs / base.meanMs
      const verdict = ratio > NAIVE_RATIO ? 'regressed' : ratio < 1 / NAIVE_RATIO ? 'improved' : 'unchanged'
      return { verdict, warning: false, changePercent: (ratio - 1) * 100 }
    },
  }
}

export const RULE_LABELS = {
  defaults: 'ours, defaults (floor 50 µs)',
  loweredFloor: 'ours, absoluteFloorMs = 20 × timer (0.6 µs)',
  loweredFloorHistory: 'ours, 0.6 µs floor + 10 prior run medians',
  naive: 'naive mean ratio > 1.10',
}
