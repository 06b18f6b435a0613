/**
 * Scale of the HTML report (issue: 5,000 measurements × 200 history points): time to generate the page with
 * `renderHtml`, its size, the time until it is interactive in headless Chromium (Debian's /usr/bin/chromium via
 * playwright-core) and until every row is in the table (rows after the first screens are attached while the page is
 * idle). Each figure is the median of several rounds; the report is built by test/helpers/sampleReport.ts.
 *   node bench/html.mjs [--rounds=5] [--measurements=5000] [--points=200] [--against=/path/to/other/checkout]
 * --against renders the same report with another checkout's renderer and templates too (e.g. a `git worktree` of the
 * previous commit), alternating the two page by page (ABBA), and adds the per-round ratio: on a shared machine only
 * figures taken side by side in one session compare.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { bundleSource } from './lib/bundleSource.mjs'
import { describeMachine, machineLine } from './lib/machine.mjs'
import { markdownTable } from './lib/markdownTable.mjs'
import { median } from './lib/median.mjs'
import { REPO_ROOT } from './lib/paths.mjs'
import { SAMPLE_REPORT_ENTRY } from './lib/sampleReport.mjs'
import { writeResults } from './lib/writeResults.mjs'

const flag = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback)
const rounds = flag('rounds', 5)
const measurements = flag('measurements', 5000)
const points = flag('points', 200)
const against = process.argv.find((a) => a.startsWith('--against='))?.slice('--against='.length)

// The renderer and the sample-report builder are TypeScript, not exported from dist: bundle them.
const bundle = await bundleSource(SAMPLE_REPORT_ENTRY, 'html')
const work = mkdtempSync(join(tmpdir(), 'perf-sentinel-bench-html-'))
const { renderHtml, loadHtmlAssets, buildSampleReport } = await import(pathToFileURL(bundle).href)
const assets = loadHtmlAssets({
  templatesDir: join(REPO_ROOT, 'reporters', 'templates'),
  chartJsPath: join(REPO_ROOT, 'node_modules/chart.js/dist/chart.umd.js'),
})
const report = buildSampleReport({ measurements, trendPoints: points, trickyNames: false })
/** Renderers compared: this checkout, and with --against the other one (same report, its own templates). */
const variants = [{ label: 'this checkout', render: () => renderHtml(report, { assets }) }]
if (against !== undefined) variants.push(await otherRenderer(resolve(against)))

async function otherRenderer(root) {
  const outfile = await bundleSource(SAMPLE_REPORT_ENTRY, 'against', root)
  const other = await import(pathToFileURL(outfile).href)
  const otherAssets = other.loadHtmlAssets({
    templatesDir: join(root, 'reporters', 'templates'),
    chartJsPath: join(REPO_ROOT, 'node_modules/chart.js/dist/chart.umd.js'),
  })
  // Its own sample report (the same seed and sizes): report.json's schema may differ between the checkouts (2 since
  // trends index a run table), and a renderer given the other schema's trends draws none.
  const otherReport = other.buildSampleReport({ measurements, trendPoints: points, trickyNames: false })
  return { label: `--against ${root}`, render: () => other.renderHtml(otherReport, { assets: otherAssets }) }
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
})
const machine = describeMachine()
for (const v of variants) Object.assign(v, { generateMs: [], readyMs: [], completeMs: [], firstPaintMs: [], bytes: 0 })
try {
  for (const v of variants) v.render() // warm-up: JIT and mustache's template cache, as in a long-lived reporter
  for (let round = 0; round < rounds; round++) {
    for (const [k, v] of (round % 2 === 0 ? variants : [...variants].reverse()).entries()) {
      const t0 = performance.now()
      const html = v.render()
      v.generateMs.push(performance.now() - t0)
      const file = join(work, `report-${round}-${k}.html`)
      writeFileSync(file, html)
      v.bytes = statSync(file).size
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      // The moment the page script sets data-ready, taken in the page: polling for it from here would add up to a
      // frame, or a whole idle task, of latency.
      await page.addInitScript(() => {
        new MutationObserver((_, observer) => {
          if (document.documentElement.dataset.ready !== 'true') return
          window.__readyAt = performance.now()
          observer.disconnect()
        }).observe(document, { attributes: true, attributeFilter: ['data-ready'], subtree: true })
      })
      await page.goto(pathToFileURL(file).href)
      await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', undefined, { timeout: 60_000 })
      const ready = await page.evaluate(() => window.__readyAt)
      v.readyMs.push(ready)
      v.firstPaintMs.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN))
      // Every row in the table (a renderer that attaches rows later marks the moment; one that does not was complete when ready).
      await page.waitForFunction((count) => document.querySelectorAll('#rows tr.m').length === count, measurements, { timeout: 60_000 })
      v.completeMs.push(
        await page.evaluate((readyAt) => performance.getEntriesByName('perf-sentinel:rows-complete')[0]?.startTime ?? readyAt, ready),
      )
      await page.close()
    }
  }
} finally {
  await browser.close()
  rmSync(work, { recursive: true, force: true })
}

const fmt = (values) => `${median(values).toFixed(0)} ms (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`
const [current, other] = variants
const { generateMs, readyMs, completeMs, firstPaintMs, bytes } = current
const rows = [
  ['HTML generated (`renderHtml`)', fmt(generateMs), '< 1,000 ms', median(generateMs) < 1000 ? 'met' : '**missed**'],
  ['first contentful paint in Chromium', fmt(firstPaintMs), '', ''],
  ['interactive in Chromium (page script done)', fmt(readyMs), '< 2,000 ms', median(readyMs) < 2000 ? 'met' : '**missed**'],
  ['every row in the table (attached while idle)', fmt(completeMs), '', ''],
  ['file size', `${(bytes / 2 ** 20).toFixed(1)} MiB`, '', ''],
]
if (other !== undefined) {
  // Ratios within a round (the two pages were loaded one after the other), then median and range over rounds.
  const ratio = (key) => {
    const r = current[key].map((x, i) => x / other[key][i])
    return `×${median(r).toFixed(2)} (${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)})`
  }
  rows.push(
    ['`--against`: HTML generated', fmt(other.generateMs), `this ÷ against ${ratio('generateMs')}`, ''],
    ['`--against`: interactive in Chromium', fmt(other.readyMs), `this ÷ against ${ratio('readyMs')}`, ''],
    ['`--against`: every row in the table', fmt(other.completeMs), `this ÷ against ${ratio('completeMs')}`, ''],
    ['`--against`: file size', `${(other.bytes / 2 ** 20).toFixed(1)} MiB`, '', ''],
  )
}
const markdown = [
  '### HTML report scale',
  '',
  machineLine(machine),
  '',
  `${measurements.toLocaleString('en')} measurements × ${points} history points, ${rounds} rounds (median, min–max)` +
    (other === undefined ? '.' : `; against ${against}, pages alternated ABBA.`),
  '',
  markdownTable(['what', 'median (min–max)', 'target', 'status'], rows),
].join('\n')
console.log(markdown)
writeResults(
  'html',
  { machine, measurements, points, rounds, generateMs, readyMs, completeMs, firstPaintMs, bytes, against: other },
  markdown,
)
