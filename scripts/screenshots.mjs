// The README's two screenshots of the HTML report, taken in Debian's Chromium (playwright-core):
//   node scripts/screenshots.mjs example [path/to/report.html]   docs/example-report.png: an example project's real
//       report (default examples/vitest-basic/perf-report/report.html; run `npm run example` a few times first so
//       the trend has points), with the second row opened
//   node scripts/screenshots.mjs sample                          docs/report-screenshot.png: the synthetic report of
//       test/helpers/sampleReport.ts (regressions, improvements, change points), with the first row opened
// Without an argument, both.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { bundleSource } from '../bench/lib/bundleSource.mjs'
import { SAMPLE_REPORT_ENTRY } from '../bench/lib/sampleReport.mjs'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..')
const [which, reportArg] = process.argv.slice(2)

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

async function screenshot(reportFile, rowIndex, output) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  await page.goto(pathToFileURL(reportFile).href)
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true')
  await page.click(`#rows tr.m[data-i="${rowIndex}"] .toggle`)
  await page.waitForTimeout(500)
  await page.screenshot({ path: join(repo, output) })
  await page.close()
  console.log(`${output} ← ${reportFile}`)
}

try {
  if (which === undefined || which === 'example') {
    const report = resolve(reportArg ?? join(repo, 'examples/vitest-basic/perf-report/report.html'))
    await screenshot(report, 1, 'docs/example-report.png')
  }
  if (which === undefined || which === 'sample') {
    const { renderHtml, loadHtmlAssets, buildSampleReport } = await import(
      pathToFileURL(await bundleSource(SAMPLE_REPORT_ENTRY, 'sample')).href
    )
    const dir = mkdtempSync(join(tmpdir(), 'perf-sentinel-screenshot-'))
    try {
      // Without tricky names: the CJK and emoji ones need fonts a docs machine may lack.
      const file = join(dir, 'report.html')
      const assets = loadHtmlAssets({
        templatesDir: join(repo, 'reporters/templates'),
        chartJsPath: join(repo, 'node_modules/chart.js/dist/chart.umd.js'),
      })
      const report = buildSampleReport({ measurements: 20, trendPoints: 40, trickyNames: false, seed: 7 })
      writeFileSync(file, renderHtml(report, { assets }))
      await screenshot(file, 0, 'docs/report-screenshot.png')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
} finally {
  await browser.close()
}
