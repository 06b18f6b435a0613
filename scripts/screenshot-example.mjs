// Screenshot of an example project's real HTML report (docs/example-report.png, shown in the README), with the
// first row opened. Run after a few `npm run example` runs so the trend has points:
//   node scripts/screenshot-example.mjs [examples/vitest-basic/perf-report/report.html]
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..')
const report = resolve(process.argv[2] ?? join(repo, 'examples/vitest-basic/perf-report/report.html'))
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  await page.goto(pathToFileURL(report).href)
  await page.click('#rows tr.m[data-i="1"] .toggle')
  await page.waitForTimeout(500)
  await page.screenshot({ path: join(repo, 'docs/example-report.png') })
  console.log(`docs/example-report.png ← ${report}`)
} finally {
  await browser.close()
}
