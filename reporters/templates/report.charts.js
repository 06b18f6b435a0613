/* Charts of the perf-sentinel HTML report: row sparklines (inline SVG) and, when a row is opened, the sample
 * histogram and the trend over commits (chart.js, inlined before this script). reporters/render/html.ts wraps this
 * file and report.client.js in one function scope. Data only reaches the page through textContent, SVG number
 * attributes and canvas drawing, never through innerHTML. */

const SVG_NS = 'http://www.w3.org/2000/svg'
const SPARK_WIDTH = 80
const SPARK_HEIGHT = 20
/** One point per pixel is all a sparkline can show; more only costs DOM size. */
const SPARK_MAX_POINTS = 80

function cssColor(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim()
}

/** `#rrggbb` plus an alpha, for translucent overlaid bars. */
function withAlpha(hex, alpha) {
  const n = parseInt(hex.slice(1), 16)
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`
}

/** Three significant digits without exponent notation, like htmlFormat.ts's formatNumber. */
function formatNumber(value) {
  const abs = Math.abs(value)
  if (abs >= 100) return value.toFixed(0)
  if (abs >= 10) return value.toFixed(1)
  if (abs >= 1 || abs === 0) return value.toFixed(2)
  return String(Number(value.toPrecision(3)))
}

if (window.Chart) {
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily
  Chart.defaults.font.size = 11
  Chart.defaults.color = cssColor('--muted')
  // Static report: animations would only delay the first paint of each chart.
  Chart.defaults.animation = false
}

/** A trend's medians in steps of `stepMs`: the page data is delta-coded (trendSteps.ts `quantize`). Memoised. */
function decodeTrend(trend) {
  if (!trend.values) {
    let value = 0
    trend.values = trend.median.map((delta) => (delta === null ? null : (value += delta)))
  }
  return trend.values
}

/** Draws a measurement's trend into its row's empty `<svg>`: averaged to ≤ 80 points, baseline point as a dot. */
function drawSparkline(svg, trend) {
  // Quantized steps are proportional to the medians, which is all a unitless sparkline needs.
  const values = decodeTrend(trend)
  const step = Math.max(1, values.length / SPARK_MAX_POINTS)
  const points = []
  for (let start = 0; start < values.length; start += step) {
    let sum = 0
    let count = 0
    for (let i = Math.floor(start); i < Math.min(values.length, Math.floor(start + step)); i++) {
      if (values[i] !== null) {
        sum += values[i]
        count++
      }
    }
    if (count > 0) points.push({ at: start + step / 2 - 0.5, value: sum / count })
  }
  if (points.length < 2) return
  let min = Infinity
  let max = -Infinity
  for (const p of points) {
    min = Math.min(min, p.value)
    max = Math.max(max, p.value)
  }
  const span = max - min || Math.abs(max) || 1
  const x = (at) => ((at / Math.max(1, values.length - 1)) * (SPARK_WIDTH - 4) + 2).toFixed(1)
  const y = (value) => (SPARK_HEIGHT - 2 - ((value - min) / span) * (SPARK_HEIGHT - 4)).toFixed(1)
  const line = document.createElementNS(SVG_NS, 'polyline')
  line.setAttribute('points', points.map((p) => `${x(p.at)},${y(p.value)}`).join(' '))
  svg.append(line)
  const baseline = values[trend.baseline]
  if (baseline !== undefined && baseline !== null) {
    const dot = document.createElementNS(SVG_NS, 'circle')
    dot.setAttribute('cx', x(trend.baseline))
    dot.setAttribute('cy', y(Math.min(max, Math.max(min, baseline))))
    dot.setAttribute('r', '1.8')
    svg.append(dot)
  }
}

/** Histogram of this run's samples over the baseline's, as % of each side's samples (their n differ). */
function histogramChart(canvas, m, data) {
  const h = m.histogram
  const unit = m.unit
  const perMs = data.perMs[unit]
  // Enough decimals to tell neighbouring bins apart: three significant digits repeat when bins are narrow.
  const binWidth = h.binMs * perMs
  const decimals = Math.min(8, Math.max(0, 1 - Math.floor(Math.log10(binWidth))))
  const label = (value) => {
    const short = formatNumber(value)
    return Math.abs(Number(short) - value) <= binWidth / 4 ? short : value.toFixed(decimals)
  }
  const labels = h.current.map((_, i) => label((h.startMs + (i + 0.5) * h.binMs) * perMs))
  // The outer bins also count the outliers beyond the fences.
  if (h.underflow) labels[0] = `≤${labels[0]}`
  if (h.overflow) labels[labels.length - 1] += '+'
  const share = (counts) => {
    const total = counts.reduce((sum, c) => sum + c, 0)
    return counts.map((c) => (total === 0 ? 0 : (c / total) * 100))
  }
  const current = cssColor('--current')
  const datasets = [{ label: 'this run', data: share(h.current), backgroundColor: withAlpha(current, 0.55), borderColor: current }]
  if (h.baseline) {
    const baseline = cssColor('--baseline')
    datasets.push({ label: 'baseline', data: share(h.baseline), backgroundColor: withAlpha(baseline, 0.45), borderColor: baseline })
  }
  for (const d of datasets) Object.assign(d, { borderWidth: 1, barPercentage: 1, categoryPercentage: 1, grouped: false })
  return new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { title: { display: true, text: `time per operation (${unit})` }, ticks: { maxRotation: 0, autoSkipPadding: 8 } },
        y: { beginAtZero: true, title: { display: true, text: '% of samples' } },
      },
      plugins: {
        legend: { position: 'top', align: 'end', labels: { boxWidth: 12, boxHeight: 8 } },
        tooltip: {
          callbacks: {
            title: (items) => `≈ ${items[0].label} ${unit}`,
            label: (item) => `${item.dataset.label}: ${item.parsed.y.toFixed(1)}%`,
          },
        },
      },
    },
  })
}

/** Median per recorded run (x = short commit), with the baseline run and change points marked. */
function trendChart(canvas, m, data) {
  const trend = m.trend
  const unit = m.unit
  const scale = trend.stepMs * data.perMs[unit]
  const runs = data.sequences[trend.sequence].map((i) => data.runs[i])
  const values = decodeTrend(trend).map((v) => (v === null ? null : v * scale))
  const changePoints = new Set(trend.changePoints)
  const fg = cssColor('--fg')
  const datasets = [
    {
      label: 'median',
      data: values,
      borderColor: fg,
      backgroundColor: fg,
      borderWidth: 1.5,
      // Dots only while they stay distinguishable; a 200-run line reads better without them.
      pointRadius: values.length > 60 ? 0 : 2,
      pointHoverRadius: 4,
      spanGaps: true,
      order: 2,
    },
  ]
  if (trend.baseline >= 0) {
    datasets.push(marker('baseline', values, (i) => i === trend.baseline, cssColor('--current'), 'rectRot'))
  }
  if (changePoints.size > 0) {
    datasets.push(marker('change point', values, (i) => changePoints.has(i), cssColor('--regressed'), 'triangle'))
  }
  return new Chart(canvas, {
    type: 'line',
    data: { labels: runLabels(runs), datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { ticks: { maxRotation: 0, autoSkipPadding: 12 }, title: { display: true, text: 'commit (oldest → newest)' } },
        y: { title: { display: true, text: `median (${unit})` } },
      },
      plugins: {
        legend: { position: 'top', align: 'end', labels: { boxWidth: 12, boxHeight: 8, usePointStyle: true } },
        tooltip: {
          filter: (item) => item.raw !== null,
          callbacks: {
            title: (items) => {
              const run = runs[items[0].dataIndex]
              return `${run[0]} · ${run[2].slice(0, 16).replace('T', ' ')}${run[3] ? ` · ${run[3]}` : ''}`
            },
            label: (item) => `${item.dataset.label}: ${formatNumber(item.parsed.y)} ${unit}`,
          },
        },
      },
    },
  })
}

/** Short commit per run; repeated runs of one commit are numbered (abc1234 #2) so the axis tells them apart. */
function runLabels(runs) {
  const seen = new Map()
  return runs.map((run) => {
    const count = (seen.get(run[1]) ?? 0) + 1
    seen.set(run[1], count)
    return count === 1 ? run[0] : `${run[0]} #${count}`
  })
}

/** A points-only dataset that shows `values` where `pick(index)` holds: legend entry and marker in one. */
function marker(label, values, pick, color, pointStyle) {
  return {
    label,
    data: values.map((v, i) => (pick(i) ? v : null)),
    showLine: false,
    order: 1,
    pointStyle,
    pointRadius: 6,
    pointHoverRadius: 7,
    borderColor: color,
    backgroundColor: withAlpha(color, 0.35),
    borderWidth: 2,
  }
}
