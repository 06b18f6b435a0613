/**
 * What one CI run's report.json says under each rule, per measurement:
 *   - naive: head median / baseline median > 1.10 (the baseline median is the stored entry's);
 *   - pre:   the stored-baseline gate before confirmation (a `regressed`, or an `inconclusive` whose confirmation
 *            re-run did not agree — its reason starts "Not confirmed");
 *   - final: the verdict after confirmation (what fails the run).
 */
import { measurementId } from './suite.mjs'

/** The baseline's median per measurement id, and how many processes recorded it. */
export function baselineMedians(baseline) {
  const out = {}
  for (const entry of Object.values(baselineEntries(baseline))) {
    const id = entry.id ?? `${entry.file} > ${entry.testName ?? entry.name}`
    out[id] = { medianMs: entry.stats?.medianMs ?? entry.medianMs, processMediansMs: entry.processMediansMs }
  }
  return out
}

function baselineEntries(baseline) {
  const entries = baseline.entries ?? baseline.measurements ?? {}
  return Array.isArray(entries)
    ? Object.fromEntries(entries.map((e, i) => [e.id ?? i, e]))
    : Object.fromEntries(Object.entries(entries).map(([id, e]) => [id, { id, ...e }]))
}

/** Per measurement name: medians, the three rules' outcomes, change %, confirmation and reason. */
export function outcomes(report, baseline, runner, names) {
  const medians = baselineMedians(baseline)
  const out = {}
  for (const name of names) {
    const id = measurementId(runner, name)
    const m = report?.measurements?.find((x) => x.id === id)
    const base = medians[id]
    if (!m || !base) {
      out[name] = { missing: true }
      continue
    }
    const c = m.comparison ?? {}
    const notConfirmed =
      c.verdict === 'inconclusive' && c.confirmation?.confirmed === false && String(c.reason ?? '').startsWith('Not confirmed')
    const headMedianMs = m.stats.medianMs
    out[name] = {
      headMedianMs,
      baselineMedianMs: base.medianMs,
      ratio: headMedianMs / base.medianMs,
      naive: headMedianMs / base.medianMs > 1.1,
      pre: c.verdict === 'regressed' || notConfirmed,
      final: c.verdict === 'regressed',
      verdict: c.verdict,
      changePercent: c.changePercent,
      noiseFloorPercent: c.noiseFloorPercent,
      machineChangePercent: c.machineChangePercent,
      confirmation: c.confirmation,
      reason: c.verdict === 'regressed' || c.verdict === 'inconclusive' ? c.reason : undefined,
    }
  }
  return out
}
