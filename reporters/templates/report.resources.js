/* Process-resource chart of the perf-sentinel HTML report (reporters/render/sections/resourceSection.ts): one line
 * per worker for the chosen metric over the run, and along the bottom each worker's test files as alternating bars,
 * named in the tooltip — so a climb of RSS points at the file that ran then. Runs last of the page scripts, in
 * their shared function scope (cssColor, withAlpha, formatNumber from report.charts.js). Data only reaches the page
 * through canvas drawing. */

const RESOURCE_COLORS = ['--current', '--regressed', '--improved', '--inconclusive', '--removed', '--unchanged']
const RESOURCE_UNITS = { rssMiB: 'MiB', heapMiB: 'MiB', cpuPercent: '%', eluPercent: '%', delayMs: 'ms' }
const RESOURCE_AXES = {
  rssMiB: 'resident set size (MiB)',
  heapMiB: 'JS heap used (MiB)',
  cpuPercent: 'CPU (% of one core)',
  eluPercent: 'event loop busy (%)',
  delayMs: 'worst event-loop delay (ms)',
}
/** Height and gap of one worker's file bars under the plot, px. */
const FILE_BAR = 4

const resourceBlock = document.getElementById('perf-resources')
const resourceCanvas = document.getElementById('resource-chart')
if (resourceBlock && resourceCanvas && window.Chart) drawResources(JSON.parse(resourceBlock.textContent), resourceCanvas)

/** The file a worker ran at `seconds`, or undefined. */
function fileAt(worker, seconds) {
  for (const [start, end, file] of worker.files) if (seconds >= start && seconds <= end) return file
  return undefined
}

function drawResources(data, canvas) {
  const inputs = [...document.querySelectorAll('input[name="resource-metric"]')]
  let metric = inputs.find((input) => input.checked)?.value ?? 'rssMiB'
  const colors = data.workers.map((_, i) => cssColor(RESOURCE_COLORS[i % RESOURCE_COLORS.length]) || '#0969da')
  const points = (worker) => worker.t.map((t, j) => ({ x: t, y: worker[metric][j] }))
  const datasets = data.workers.map((worker, i) => ({
    label: worker.worker,
    data: points(worker),
    borderColor: colors[i],
    backgroundColor: colors[i],
    borderWidth: 1.5,
    pointRadius: worker.t.length > 150 ? 0 : 2,
    pointHoverRadius: 4,
  }))
  const fileBars = {
    id: 'perfSentinelFiles',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea } = chart
      const x = chart.scales.x
      ctx.save()
      data.workers.forEach((worker, i) => {
        // Along the bottom of the plot, one row per worker (RSS and the heap never get down there).
        const y = chartArea.bottom - (i + 1) * (FILE_BAR + 2)
        worker.files.forEach(([start, end], j) => {
          const left = x.getPixelForValue(start)
          const right = x.getPixelForValue(end)
          ctx.fillStyle = withAlpha(colors[i], j % 2 === 0 ? 0.8 : 0.4)
          ctx.fillRect(left, y, Math.max(1.5, right - left), FILE_BAR)
        })
      })
      ctx.restore()
    },
  }
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets },
    plugins: [fileBars],
    options: {
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          title: { display: true, text: 'seconds since the first reading (bars along the bottom: test files per worker)' },
          ticks: { maxRotation: 0, autoSkipPadding: 12 },
        },
        y: { beginAtZero: true, title: { display: true, text: RESOURCE_AXES[metric] } },
      },
      plugins: {
        legend: { position: 'top', align: 'end', labels: { boxWidth: 12, boxHeight: 8 } },
        tooltip: {
          callbacks: {
            title: (items) => `${formatNumber(items[0].parsed.x)} s`,
            label: (item) => `${item.dataset.label}: ${formatNumber(item.parsed.y)} ${RESOURCE_UNITS[metric]}`,
            afterLabel: (item) => {
              const file = fileAt(data.workers[item.datasetIndex], item.parsed.x)
              return file === undefined ? '' : `file: ${file}`
            },
          },
        },
      },
    },
  })
  // For readers and tests: how much the chart shows.
  canvas.dataset.points = String(datasets.reduce((sum, d) => sum + d.data.length, 0))
  canvas.dataset.files = String(data.workers.reduce((sum, w) => sum + w.files.length, 0))
  for (const input of inputs) {
    input.addEventListener('change', () => {
      if (!input.checked) return
      metric = input.value
      chart.data.datasets.forEach((dataset, i) => {
        dataset.data = points(data.workers[i])
      })
      chart.options.scales.y.title.text = RESOURCE_AXES[metric]
      chart.update()
    })
  }
}
