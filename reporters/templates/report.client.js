/* Table behaviour of the perf-sentinel HTML report: sorting, filtering, sparklines drawn as rows scroll into view,
 * and a detail row with charts built the first time a row is opened (so 5,000 rows load quickly).
 * Runs after report.charts.js in the same function scope. */

const data = JSON.parse(document.getElementById('perf-data').textContent)
const table = document.getElementById('measurements')
const tbody = document.getElementById('rows')
const COLUMN_COUNT = table.querySelectorAll('thead th').length
const VERDICT_RANK = { regressed: 0, inconclusive: 1, improved: 2, unchanged: 3, new: 4, duration: 5 }
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

const rows = Array.from(tbody.rows, (tr) => {
  const index = Number(tr.dataset.i)
  const m = data.measurements[index]
  return { tr, m, index, open: false, detail: null, haystack: `${m.name}\n${m.test}\n${m.file}`.toLowerCase() }
})

// ---- Sorting: first click on a header sorts (numbers largest first), second reverses, third restores report order.

const SORT_KEYS = {
  name: (m) => m.name, test: (m) => m.test, file: (m) => m.file, kind: (m) => m.kind,
  median: (m) => m.medianMs, change: (m) => m.changePercent, p95: (m) => m.p95Ms, n: (m) => m.n,
  verdict: (m) => VERDICT_RANK[m.verdict],
}
const DESCENDING_FIRST = new Set(['median', 'change', 'p95', 'n'])
let sort = { key: null, direction: 0 }

table.tHead.addEventListener('click', (event) => {
  const th = event.target.closest('th[data-key]')
  if (!th) return
  const key = th.dataset.key
  const first = DESCENDING_FIRST.has(key) ? -1 : 1
  if (sort.key !== key) sort = { key, direction: first }
  else if (sort.direction === first) sort = { key, direction: -first }
  else sort = { key: null, direction: 0 }
  for (const header of table.tHead.querySelectorAll('th[data-key]')) {
    const active = header.dataset.key === sort.key
    header.setAttribute('aria-sort', !active ? 'none' : sort.direction > 0 ? 'ascending' : 'descending')
  }
  applySort()
})

function applySort() {
  const ordered = rows.slice()
  if (sort.key !== null) {
    const value = SORT_KEYS[sort.key]
    ordered.sort((a, b) => {
      const x = value(a.m)
      const y = value(b.m)
      // Missing values (no baseline → no change) stay at the bottom in both directions.
      if (x === null || x === undefined || y === null || y === undefined) {
        return (x === null || x === undefined) - (y === null || y === undefined) || a.index - b.index
      }
      const order = typeof x === 'number' ? x - y : collator.compare(x, y)
      return order * sort.direction || a.index - b.index
    })
  }
  const fragment = document.createDocumentFragment()
  for (const row of ordered) {
    fragment.append(row.tr)
    if (row.detail) fragment.append(row.detail)
  }
  tbody.append(fragment)
}

// ---- Filtering by text (name, test, file) and by verdict.

const filterText = document.getElementById('filter-text')
const verdictBoxes = Array.from(document.querySelectorAll('.verdict-filter input'))
const shownCount = document.getElementById('shown-count')

function applyFilter() {
  const query = filterText.value.trim().toLowerCase()
  const verdicts = new Set(verdictBoxes.filter((box) => box.checked).map((box) => box.value))
  let shown = 0
  for (const row of rows) {
    const visible = verdicts.has(row.m.verdict) && (query === '' || row.haystack.includes(query))
    row.tr.hidden = !visible
    if (row.detail) row.detail.hidden = !visible || !row.open
    if (visible) shown++
  }
  shownCount.textContent = shown === rows.length ? `${shown} shown` : `${shown} of ${rows.length} shown`
}
filterText.addEventListener('input', applyFilter)
for (const box of verdictBoxes) box.addEventListener('change', applyFilter)

// ---- Sparklines, drawn when their row comes near the viewport.

const sparklines = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    if (!entry.isIntersecting) continue
    sparklines.unobserve(entry.target)
    const row = rows[Number(entry.target.closest('tr').dataset.i)]
    if (row.m.trend) drawSparkline(entry.target, row.m.trend)
  }
}, { rootMargin: '300px 0px' })
// One query for all rows: 5,000 per-row querySelector calls cost a second in Chromium.
for (const svg of tbody.querySelectorAll('.spark svg')) sparklines.observe(svg)

// ---- Detail rows: built, and their charts drawn, the first time a row is opened.

tbody.addEventListener('click', (event) => {
  const tr = event.target.closest('tr.m')
  if (!tr || event.target.closest('a')) return
  // A click that ends a text selection is not a request to open the row.
  if (!event.target.closest('.toggle') && !window.getSelection().isCollapsed) return
  toggleRow(rows[Number(tr.dataset.i)])
})

function toggleRow(row) {
  row.open = !row.open
  row.tr.querySelector('.toggle').setAttribute('aria-expanded', String(row.open))
  if (row.open && !row.detail) {
    row.detail = detailRow(row.m)
    row.tr.after(row.detail)
    // Charts need their canvas in the document to measure it.
    row.charts = drawCharts(row.detail, row.m)
  }
  if (row.detail) row.detail.hidden = !row.open
}

function element(tag, className, text) {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

function detailRow(m) {
  const tr = element('tr', `detail v-${m.verdict}`)
  const td = element('td')
  td.colSpan = COLUMN_COUNT
  const grid = element('div', 'detail-grid')
  const stats = element('div', 'detail-stats')
  stats.append(element('p', 'id', m.id))
  if (m.reason) stats.append(element('p', 'reason', m.reason))
  const list = element('dl')
  for (const [label, value] of m.details) {
    const pair = element('div')
    pair.append(element('dt', null, data.detailLabels[label]), element('dd', null, value))
    list.append(pair)
  }
  stats.append(list)
  if (m.profileHref) {
    const link = element('a', null, 'CPU profile')
    link.setAttribute('href', m.profileHref)
    stats.append(link, element('span', 'hint', ' · open in Chrome DevTools › Performance'))
  }
  grid.append(
    stats,
    figure('Distribution · this run vs baseline', m.histogram ? 'histogram' : 'Fewer than two samples: no distribution to show.'),
    figure('Trend · median per run', m.trend ? 'trend' : 'No history recorded for this measurement yet.'),
  )
  td.append(grid)
  tr.append(td)
  return tr
}

/** A captioned chart slot: a canvas tagged with its chart kind, or a note when there is nothing to draw. */
function figure(caption, chartOrNote) {
  const node = element('figure')
  node.append(element('figcaption', null, caption))
  if (chartOrNote === 'histogram' || chartOrNote === 'trend') {
    const box = element('div', 'chart-box')
    const canvas = element('canvas')
    canvas.dataset.chart = chartOrNote
    box.append(canvas)
    node.append(box)
  } else {
    node.append(element('p', 'no-chart', chartOrNote))
  }
  return node
}

function drawCharts(detail, m) {
  if (!window.Chart) return []
  return Array.from(detail.querySelectorAll('canvas[data-chart]'), (canvas) =>
    canvas.dataset.chart === 'histogram' ? histogramChart(canvas, m, data) : trendChart(canvas, m, data))
}

document.documentElement.dataset.ready = 'true'
