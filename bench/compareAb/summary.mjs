/** Summary and Markdown of bench/compareAb.mjs (`perf-sentinel compare` with real runner processes). */
import { machineLine } from '../lib/machine.mjs'
import { markdownTable } from '../lib/markdownTable.mjs'
import { KINDS, MEASURE_TIME_MS } from './suite.mjs'

/** Per runner: false failures, detection by slowdown and size, wall times. */
export function summarize({ comparisons }) {
  const byRunner = {}
  for (const runner of [...new Set(comparisons.map((c) => c.runner))]) {
    const mine = comparisons.filter((c) => c.runner === runner)
    const aa = mine.filter((c) => c.kind === 'A/A')
    const unchanged = mine.flatMap((c) =>
      Object.entries(c.verdicts)
        .filter(([name]) => !(name in c.slowedPercent))
        .map(([, v]) => v.verdict),
    )
    const effect = (percent, sizes) =>
      mine.flatMap((c) =>
        Object.entries(c.slowedPercent)
          .filter(([name, p]) => p === percent && sizes.some((s) => name.endsWith(s)))
          .map(([name]) => c.verdicts[name].verdict),
      )
    const walls = aa.map((c) => c.wallMs).sort((a, b) => a - b)
    byRunner[runner] = {
      aaComparisons: aa.length,
      aaFalseFailures: aa.filter((c) => c.exitCode === 1).length,
      unchangedMeasurements: unchanged.length,
      unchangedRegressed: unchanged.filter((v) => v === 'regressed').length,
      unchangedInconclusive: unchanged.filter((v) => v === 'inconclusive').length,
      detection: Object.fromEntries(
        [['200us'], ['1ms'], ['5ms'], ['200us', '1ms', '5ms']].flatMap((sizes) =>
          [10, 5].map((p) => {
            const verdicts = effect(
              p,
              sizes.map((size) => ` ${size}`),
            )
            return [
              `+${p}% ${sizes.length > 1 ? 'all ≥ 200 µs' : sizes[0]}`,
              {
                n: verdicts.length,
                regressed: verdicts.filter((v) => v === 'regressed').length,
                inconclusive: verdicts.filter((v) => v === 'inconclusive').length,
              },
            ]
          }),
        ),
      ),
      wallSeconds: { median: walls.length ? walls[walls.length >> 1] / 1000 : null, max: walls.length ? walls.at(-1) / 1000 : null },
      allWallSeconds: mine.map((c) => Math.round(c.wallMs / 1000)),
    }
  }
  return byRunner
}

/** The Markdown tables of the results. `budget` is the --budget passed to compare, if any. */
export function render(data, summary, budget) {
  const percent = (k, n) => (n === 0 ? '—' : `${((100 * k) / n).toFixed(0)}% (${k}/${n})`)
  const rows = Object.entries(summary).flatMap(([runner, s]) =>
    Object.entries(s.detection).map(([effect, d]) => [`${runner} ${effect}`, d.n, percent(d.regressed, d.n), percent(d.inconclusive, d.n)]),
  )
  const costs = Object.entries(summary).map(([runner, s]) => [
    runner,
    s.aaComparisons,
    s.aaFalseFailures,
    percent(s.unchangedRegressed, s.unchangedMeasurements),
    percent(s.unchangedInconclusive, s.unchangedMeasurements),
    s.wallSeconds.median?.toFixed(0) ?? '—',
    s.wallSeconds.max?.toFixed(0) ?? '—',
  ])
  return [
    '### `perf-sentinel compare`: detection and cost (real runner processes)',
    '',
    machineLine(data.machine),
    '',
    `20 measurements (${KINDS.join(', ')} × ~10 µs, ~200 µs, ~1 ms, ~5 ms; \`measure()\` timeMs ${MEASURE_TIME_MS}), compare defaults${budget ? `, --budget ${budget}` : ''}. ` +
      'Each comparison is one full `perf-sentinel compare` run.',
    '',
    markdownTable(
      [
        'runner',
        'A/A comparisons',
        'false failures (exit 1)',
        'unchanged measurements regressed',
        'unchanged inconclusive',
        'median wall s (A/A)',
        'max wall s (A/A)',
      ],
      costs,
    ),
    '',
    markdownTable(['runner, slowdown, size', 'n', 'detected (regressed)', 'inconclusive'], rows),
    '',
    markdownTable(
      ['runner', 'kind', 'exit', 'wall s', 'stopped', 'rounds (discovery/sampling/confirmation)', 'A/A control', 'load (1 min)'],
      data.comparisons.map((c) => [
        c.runner,
        `${c.kind} #${c.index + 1}`,
        c.exitCode,
        Math.round(c.wallMs / 1000),
        c.stop,
        `${c.rounds.discovery}/${c.rounds.sampling}/${c.rounds.confirmation}`,
        c.control,
        c.loadAverage?.toFixed(1) ?? '—',
      ]),
    ),
  ].join('\n')
}
