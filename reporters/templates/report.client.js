/* Table behaviour of the perf-sentinel HTML report: sorting, filtering, sparklines drawn as rows scroll into view,
 * and a detail row with charts built the first time a row is opened. Runs after report.data.js and
 * report.charts.js in the same function scope.
 *
 * So that 5,000 rows load quickly, the page does the least it can before it is usable: the first rows arrive as
 * markup, the rest as the text of a <noscript> (a table for readers without JavaScript; one string for the parser
 * here) and, for the plain test durations that end the table, built here from the data (htmlView.ts
 * clientRowsFrom), attached in chunks when the page is idle, or at once when sorting or filtering needs them all;
 * the data block is parsed one measurement at a time, the test durations at its end as columns (report.data.js). */

const data = lazyPayload(document.getElementById('perf-data').textContent)
const table = document.getElementById('measurements')
const tbody = document.getElementById('rows')
const COLUMN_COUNT = table.querySelectorAll('thead th').length
const VERDICT_RANK = { regressed: 0, inconclusive: 1, improved: 2, unchanged: 3, new: 4, duration: 5 }
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/** Per table row, by index into the report's measurements: { tr, index, open, detail }, summary `m` when read. */
const rows = []

function track(tr) {
  const index = Number(tr.dataset.i)
  rows[index] = { tr, index, open: false, detail: null, m: null, haystack: null }
}
for (const tr of tbody.rows) track(tr)

/** Name, kind, verdict and the statistics sorting reads (report.data.js `summary`), parsed the first time. */
function summaryOf(row) {
  row.m ??= data.summary(row.index)
  return row.m
}

function haystackOf(row) {
  if (row.haystack === null) {
    const m = summaryOf(row)
    row.haystack = `${m.name}\n${m.test}\n${m.file}`.toLowerCase()
  }
  return row.haystack
}

// ---- The rows after the first ones: attached in chunks while the page is idle.

const ROW_OPEN = '<tr class="m'
const CHUNK_ROWS = 100
const moreRows = document.getElementById('more-rows')
let pendingHtml = moreRows === null ? '' : moreRows.textContent
let pendingAt = pendingHtml.indexOf(ROW_OPEN)
const pendingEnd = pendingHtml.lastIndexOf('</tr>') + '</tr>'.length
moreRows?.remove()

/** The rows built here from the data: the next one, and one past the last (none in a page without them). */
const builtRowsEnd = data.measurementCount ?? 0
let nextBuiltRow = Math.min(data.clientRowsFrom ?? builtRowsEnd, builtRowsEnd)

function rowsPending() {
  return pendingAt >= 0 || nextBuiltRow < builtRowsEnd
}

/** Appends up to `count` rows: markup from the <noscript> first (names are escaped, so ROW_OPEN only ever opens a
 * row), then rows built from the data. */
function attachRows(count) {
  if (!rowsPending()) return
  const first = tbody.rows.length
  if (pendingAt >= 0) {
    let end = pendingAt
    for (let n = 0; n < count && end >= 0; n++) end = pendingHtml.indexOf(ROW_OPEN, end + 1)
    if (end < 0) end = pendingEnd
    tbody.insertAdjacentHTML('beforeend', pendingHtml.slice(pendingAt, end))
    pendingAt = end === pendingEnd ? -1 : end
    if (pendingAt < 0) pendingHtml = ''
  } else {
    const end = Math.min(builtRowsEnd, nextBuiltRow + count)
    let html = ''
    for (let index = nextBuiltRow; index < end; index++) html += builtRowHtml(index)
    nextBuiltRow = end
    tbody.insertAdjacentHTML('beforeend', html)
  }
  for (let i = first; i < tbody.rows.length; i++) {
    const tr = tbody.rows[i]
    if (tr.classList.contains('m')) {
      track(tr)
      watchSparkline(tr)
    }
  }
  if (!rowsPending()) {
    document.documentElement.dataset.rows = 'complete'
    performance.mark('perf-sentinel:rows-complete') // read by bench/html.mjs
  }
}

/** What Mustache's `{{…}}` makes of a value, so a built row is the row the report would have written. */
const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '/': '&#x2F;', '`': '&#x60;', '=': '&#x3D;' }
function escapeText(value) {
  return String(value).replace(/[&<>"'`=/]/g, (char) => HTML_ESCAPES[char])
}

/** A plain test duration's row, as templates/row.mustache writes one (test/e2e/htmlBrowser.test.ts compares them). */
function builtRowHtml(index) {
  const m = data.summary(index)
  const [median, p95, n, hasTrend] = m.cells
  const verdict = escapeText(m.verdict)
  const file = m.file
    .split(/(?<=\/)/)
    .map((part) => `${escapeText(part)}<wbr>`)
    .join('')
  return (
    `<tr class="m v-${verdict}" data-i="${index}">\n` +
    '<td class="expand"><button type="button" class="toggle" aria-expanded="false" aria-label="Show charts and statistics">▸</button></td>\n' +
    `<td class="text"><span class="name">${escapeText(m.name)}</span></td>\n` +
    `<td class="text test">${escapeText(m.test)}</td>\n` +
    `<td class="text file">${file}</td>\n` +
    `<td class="kind">${escapeText(m.kind)}</td>\n` +
    `<td class="num">${escapeText(median)}</td>\n` +
    '<td class="num change ">—</td>\n' +
    '<td class="num interval" title="interval of the change"></td>\n' +
    `<td class="num">${escapeText(p95)}</td>\n` +
    `<td class="num">${escapeText(n)}</td>\n` +
    `<td class="spark${hasTrend === 1 ? ' has-trend' : ''}"></td>\n` +
    `<td><span class="badge v-${verdict}">${verdict}</span></td>\n` +
    '<td class="budget"></td>\n' +
    '</tr>\n'
  )
}

const whenIdle = window.requestIdleCallback ?? ((callback) => setTimeout(() => callback({ timeRemaining: () => 8 }), 1))

/** A chunk or a few per idle period, never much more than a frame's worth: a click meanwhile waits at most that. */
function attachWhileIdle(deadline) {
  const start = performance.now()
  do attachRows(CHUNK_ROWS)
  while (rowsPending() && deadline.timeRemaining() > 5 && performance.now() - start < 12)
  if (rowsPending()) whenIdle(attachWhileIdle, { timeout: 100 })
}

/** Sorting and filtering act on every row: attach the remaining ones first. */
function attachAllRows() {
  while (rowsPending()) attachRows(Number.POSITIVE_INFINITY)
}

// ---- Sorting: first click on a header sorts (numbers largest first), second reverses, third restores report order.

const SORT_KEYS = {
  name: (m) => m.name,
  test: (m) => m.test,
  file: (m) => m.file,
  kind: (m) => m.kind,
  median: (m) => m.medianMs,
  change: (m) => m.changePercent,
  p95: (m) => m.p95Ms,
  n: (m) => m.n,
  verdict: (m) => VERDICT_RANK[m.verdict],
}
const DESCENDING_FIRST = new Set(['median', 'change', 'p95', 'n'])
let sort = { key: null, direction: 0 }

table.tHead.addEventListener('click', (event) => {
  const th = event.target.closest('th[data-key]')
  if (!th) return
  attachAllRows()
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
      const x = value(summaryOf(a))
      const y = value(summaryOf(b))
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
  attachAllRows()
  const query = filterText.value.trim().toLowerCase()
  const verdicts = new Set(verdictBoxes.filter((box) => box.checked).map((box) => box.value))
  let shown = 0
  for (const row of rows) {
    const visible = verdicts.has(summaryOf(row).verdict) && (query === '' || haystackOf(row).includes(query))
    row.tr.hidden = !visible
    if (row.detail) row.detail.hidden = !visible || !row.open
    if (visible) shown++
  }
  shownCount.textContent = shown === rows.length ? `${shown} shown` : `${shown} of ${rows.length} shown`
}
filterText.addEventListener('input', applyFilter)
for (const box of verdictBoxes) box.addEventListener('change', applyFilter)

// ---- Sparklines, drawn when their row comes near the viewport.

/** Draws into a `.spark.has-trend` cell, once. Its `<svg>` is made here: 5,000 empty ones would only cost parsing. */
function drawRowSparkline(cell) {
  if (cell.firstChild) return
  const trend = data.measurement(Number(cell.parentElement.dataset.i)).trend
  if (!trend) return
  const svg = document.createElementNS(SVG_NS, 'svg')
  svg.setAttribute('viewBox', `0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`)
  svg.setAttribute('preserveAspectRatio', 'none')
  svg.setAttribute('aria-hidden', 'true')
  cell.append(svg)
  drawSparkline(svg, trend)
}

// Rows have `content-visibility: auto`, so the browser already tracks which are near the viewport and says so with
// an event per state change: nothing to observe. Browsers without the event get an IntersectionObserver.
const sparklines =
  'ContentVisibilityAutoStateChangeEvent' in window
    ? null
    : new IntersectionObserver(
        (entries) => {
          for (const entry of entries) {
            if (!entry.isIntersecting) continue
            sparklines.unobserve(entry.target)
            drawRowSparkline(entry.target)
          }
        },
        { rootMargin: '300px 0px' },
      )
if (sparklines === null) {
  // The event does not bubble; a capturing listener still sees it.
  tbody.addEventListener(
    'contentvisibilityautostatechange',
    (event) => {
      if (event.skipped || !event.target.classList.contains('m')) return
      const cell = event.target.querySelector('.has-trend')
      if (cell) drawRowSparkline(cell)
    },
    true,
  )
  // Rows laid out while the page was still parsing had their events before this listener existed.
  for (const cell of tbody.querySelectorAll('.has-trend')) {
    if (cell.checkVisibility({ contentVisibilityAuto: true })) drawRowSparkline(cell)
  }
}

function watchSparkline(tr) {
  if (sparklines === null) return
  const cell = tr.querySelector('.has-trend')
  if (cell) sparklines.observe(cell)
}
for (const row of rows) if (row) watchSparkline(row.tr)

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
    const m = data.measurement(row.index)
    row.detail = detailRow(m)
    row.tr.after(row.detail)
    // Charts need their canvas in the document to measure it.
    row.charts = drawCharts(row.detail, m)
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
    canvas.dataset.chart === 'histogram' ? histogramChart(canvas, m, data) : trendChart(canvas, m, data),
  )
}

document.documentElement.dataset.ready = 'true'
if (rowsPending()) whenIdle(attachWhileIdle, { timeout: 100 })
else document.documentElement.dataset.rows = 'complete'
