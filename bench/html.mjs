/**
 * Scale of the HTML report (issue: 5,000 measurements × 200 history points): time to generate the page with
 * `renderHtml`, its size, and the time until it is interactive in headless Chromium (Debian's /usr/bin/chromium via
 * playwright-core). Each figure is the median of several rounds; the report is built by test/helpers/sampleReport.ts.
 *   node bench/html.mjs [--rounds=5] [--measurements=5000] [--points=200]
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

// The renderer and the sample-report builder are TypeScript, not exported from dist: bundle them.
const bundle = await bundleSource(SAMPLE_REPORT_ENTRY, 'html')
const work = mkdtempSync(join(tmpdir(), 'perf-sentinel-bench-html-'))
const { renderHtml, loadHtmlAssets, buildSampleReport } = await import(pathToFileURL(bundle).href)
const assets = loadHtmlAssets({ templatesDir: join(REPO_ROOT, 'reporters', 'templates'), chartJsPath: join(REPO_ROOT, 'node_modules/chart.js/dist/chart.umd.js') })
const report = buildSampleReport({ measurements, trendPoints: points, trickyNames: false })

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
const machine = describeMachine()
const generateMs = []
const readyMs = []
const firstPaintMs = []
let bytes = 0
try {
  renderHtml(report, { assets }) // warm-up: JIT and mustache's template cache, as in a long-lived reporter
  for (let round = 0; round < rounds; round++) {
    const t0 = performance.now()
    const html = renderHtml(report, { assets })
    generateMs.push(performance.now() - t0)
    const file = join(work, `report-${round}.html`)
    writeFileSync(file, html)
    bytes = statSync(file).size
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(pathToFileURL(file).href)
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', undefined, { timeout: 60_000 })
    readyMs.push(await page.evaluate(() => performance.now()))
    firstPaintMs.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN))
    await page.close()
  }
} finally {
  await browser.close()
  rmSync(work, { recursive: true, force: true })
}

const fmt = (values) => `${median(values).toFixed(0)} ms (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`
const rows = [
  ['HTML generated (`renderHtml`)', fmt(generateMs), '< 1,000 ms', median(generateMs) < 1000 ? 'met' : '**missed**'],
  ['first contentful paint in Chromium', fmt(firstPaintMs), '', ''],
  ['interactive in Chromium (page script done)', fmt(readyMs), '< 2,000 ms', median(readyMs) < 2000 ? 'met' : '**missed**'],
  ['file size', `${(bytes / 2 ** 20).toFixed(1)} MiB`, '', ''],
]
const markdown = [
  '### HTML report scale',
  '',
  machineLine(machine),
  '',
  `${measurements.toLocaleString('en')} measurements × ${points} history points, ${rounds} rounds (median, min–max).`,
  '',
  markdownTable(['what', 'median (min–max)', 'target', 'status'], rows),
].join('\n')
console.log(markdown)
writeResults('html', { machine, measurements, points, rounds, generateMs, readyMs, firstPaintMs, bytes }, markdown)
