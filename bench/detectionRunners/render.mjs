/**
 * The Markdown of part `detection-runners`: run-level outcomes per rule (a run fails when any measurement does),
 * measurement-level outcomes per kind and size, the cost of baselines and confirmation, the between-process spread,
 * and every A/A candidate with what its confirmation saw.
 */
import { machineLine } from '../lib/machine.mjs'
import { markdownTable } from '../lib/markdownTable.mjs'
import { median } from '../lib/median.mjs'

const EFFECTS = ['A/A', '+20%', '3x']
const RULES = { naive: 'naive (>1.10)', pre: 'gate, no confirmation', final: 'gate + confirmation' }
const count = (k, n) => (n === 0 ? '—' : `${k}/${n}`)
const seconds = (ms) => (Number.isFinite(ms) ? (ms / 1000).toFixed(1) : '—')

export function render(state, names) {
  const { runs, recordings, machine, config } = state
  const runners = [...new Set(runs.map((r) => r.runner))]
  const kinds = [...new Set(recordings.map((r) => r.kind))].sort()
  const label = (kind) =>
    kind === 'b1'
      ? 'default (first run outside CI: baselineRuns processes)'
      : `${kind.slice(1)}-process (baseline update --runs ${kind.slice(1)})`
  const loads = runs.map((r) => r.load1m)

  const runRows = []
  for (const runner of runners) {
    for (const kind of kinds) {
      for (const effect of EFFECTS) {
        const group = runs.filter((r) => r.runner === runner && r.kind === kind && r.effect === effect)
        if (group.length === 0) continue
        const any = (rule) => group.filter((r) => names.some((n) => r.measurements[n]?.[rule])).length
        const inconclusive = group.filter((r) => names.some((n) => r.measurements[n]?.verdict === 'inconclusive')).length
        const recs = new Set(group.map((r) => r.recording)).size
        runRows.push([
          `${runner} · ${label(kind)} · ${effect}`,
          `${group.length} (${recs} rec.)`,
          ...Object.keys(RULES).map((rule) => count(any(rule), group.length)),
          count(inconclusive, group.length),
          count(group.filter((r) => r.exitCode !== 0).length, group.length),
        ])
      }
    }
  }

  const measurementRows = []
  for (const runner of runners) {
    for (const name of names) {
      for (const effect of EFFECTS) {
        const cells = kinds.flatMap((kind) => {
          const list = runs
            .filter((r) => r.runner === runner && r.kind === kind && r.effect === effect)
            .map((r) => r.measurements[name])
            .filter((o) => o && !o.missing)
          const c = (test) => list.filter(test).length
          return [
            count(
              c((o) => o.naive),
              list.length,
            ),
            count(
              c((o) => o.pre),
              list.length,
            ),
            count(
              c((o) => o.final),
              list.length,
            ),
            count(
              c((o) => o.verdict === 'inconclusive'),
              list.length,
            ),
          ]
        })
        if (cells.every((c) => c === '—')) continue
        measurementRows.push([`${runner} ${name} ${effect}`, ...cells])
      }
    }
  }

  const costRows = []
  for (const runner of runners) {
    for (const kind of kinds) {
      const walls = recordings.filter((r) => r.runner === runner && r.kind === kind).map((r) => r.wallMs)
      if (walls.length > 0)
        costRows.push([
          `${runner} · record ${label(kind)}`,
          walls.length,
          seconds(median(walls)),
          `${seconds(Math.min(...walls))}–${seconds(Math.max(...walls))}`,
        ])
    }
    const plain = runs.filter((r) => r.runner === runner && !r.confirmationRan).map((r) => r.wallMs)
    const confirmed = runs.filter((r) => r.runner === runner && r.confirmationRan)
    costRows.push([
      `${runner} · CI run, no candidate (no confirmation)`,
      plain.length,
      seconds(median(plain)),
      plain.length ? `${seconds(Math.min(...plain))}–${seconds(Math.max(...plain))}` : '—',
    ])
    for (const effect of EFFECTS) {
      const w = confirmed.filter((r) => r.effect === effect).map((r) => r.wallMs)
      if (w.length > 0)
        costRows.push([
          `${runner} · CI run with a confirmation re-run (${effect})`,
          w.length,
          seconds(median(w)),
          `${seconds(Math.min(...w))}–${seconds(Math.max(...w))}`,
        ])
    }
  }

  const spreadRows = []
  for (const runner of runners) {
    for (const name of names) {
      const medians = runs
        .filter((r) => r.runner === runner && r.effect === 'A/A')
        .map((r) => r.measurements[name]?.headMedianMs)
        .filter(Number.isFinite)
      const bases = recordings.filter((r) => r.runner === runner).flatMap((r) => baselineMediansOf(r.baseline, name))
      if (medians.length === 0) continue
      const center = median(medians)
      const cv = ((median(medians.map((m) => Math.abs(m - center))) / center) * 100 * 1.4826).toFixed(1)
      const ratios = runs
        .filter((r) => r.runner === runner && r.effect === 'A/A')
        .map((r) => r.measurements[name]?.ratio)
        .filter(Number.isFinite)
      spreadRows.push([
        `${runner} ${name}`,
        medians.length,
        `${(center * 1000).toFixed(0)} µs`,
        `${cv}%`,
        (Math.max(...medians) / Math.min(...medians)).toFixed(2),
        bases.length ? (Math.max(...bases) / Math.min(...bases)).toFixed(2) : '—',
        `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
      ])
    }
  }

  const candidates = runs
    .filter((r) => r.effect === 'A/A')
    .flatMap((r) => names.filter((n) => r.measurements[n]?.pre).map((n) => ({ r, n, o: r.measurements[n] })))
    .map(
      ({ r, n, o }) =>
        `- ${r.runner} ${label(r.kind)} #${r.recording + 1}, ${n}: gate ${fmt(o.changePercent)} (floor ${fmt(o.noiseFloorPercent, '')}) → ${o.final ? '**failed** (confirmed' : 'not failed (confirmation'} ${o.confirmation ? `${o.confirmation.confirmed ? 'agreed' : 'disagreed'}: ${fmt(o.confirmation.changePercent)}` : 'none'}), load ${r.load1m.toFixed(1)}`,
    )

  return [
    '### Detection quality in real runner processes (`npm run bench -- detection-runners`)',
    '',
    machineLine(machine),
    '',
    `Kinds ${config.kinds.join(', ')} × sizes ${config.sizes.join(', ')} (one test file per size), measure() ` +
      `${config.timeMs ? `timeMs ${config.timeMs}` : 'defaults'}, absoluteFloorMs ${config.absoluteFloorMs ?? 'default'}; ` +
      `${config.parallel ? 'both runners ran at the same time' : 'runners in turn'}. 1-minute load average during CI runs: ` +
      `${loads.length ? `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (median ${median(loads).toFixed(1)})` : '—'}. ` +
      'A run counts as failed under a rule when any of its measurements does. "rec." = distinct baseline recordings.',
    '',
    markdownTable(['runner · baseline · effect', 'CI runs', ...Object.values(RULES), 'any inconclusive (final)', 'exit ≠ 0'], runRows),
    '',
    'Per measurement (cells: flagged / measurements; columns per baseline kind: naive, gate without confirmation, gate + confirmation, inconclusive):',
    '',
    markdownTable(
      ['runner measurement effect', ...kinds.flatMap((k) => [`${k} naive`, `${k} gate`, `${k} +conf.`, `${k} inconcl.`])],
      measurementRows,
    ),
    '',
    'Cost (wall time, s):',
    '',
    markdownTable(['what', 'n', 'median s', 'range s'], costRows),
    '',
    'Between-process spread in A/A CI runs (identical code) and between baseline recordings:',
    '',
    markdownTable(
      [
        'runner measurement',
        'A/A runs',
        'median',
        'robust CV',
        'max/min head median',
        'max/min baseline medians',
        'head/baseline ratio range',
      ],
      spreadRows,
    ),
    '',
    `A/A candidates (gate before confirmation) — ${candidates.length}:`,
    '',
    ...(candidates.length ? candidates : ['- none']),
  ].join('\n')
}

function fmt(value, sign = '+') {
  return Number.isFinite(value) ? `${value >= 0 ? sign : ''}${value.toFixed(1)}%` : '—'
}

/** The recorded medians of one measurement in a baseline: every process's median, or the entry's one median. */
function baselineMediansOf(baseline, name) {
  const entry = Object.values(baseline?.entries ?? {}).find((e) => e.name === name)
  if (!entry) return []
  return entry.processMediansMs?.length ? entry.processMediansMs : [entry.stats.medianMs]
}
