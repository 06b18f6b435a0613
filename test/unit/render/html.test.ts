import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import Mustache from 'mustache'
import { afterAll, describe, expect, it } from 'vitest'
import type { PerfReport } from '../../../src/model/report.js'
import { renderHtml, serializeJsonForHtml } from '../../../reporters/render/html.js'
import { findTemplatesDir, loadHtmlAssets, resolveChartJs } from '../../../reporters/render/htmlAssets.js'
import { binSamples } from '../../../reporters/render/htmlHistogram.js'
import {
  buildHtmlPayload,
  payloadMeasurement,
  relativeHref,
  type HtmlPayload,
  type HtmlPayloadMeasurement,
} from '../../../reporters/render/htmlPayload.js'
import { decodeTrendSteps } from '../../../reporters/render/trendSteps.js'
import { formatMs, sixSignificantDigits } from '../../../src/format.js'
import { legacyMeasurementId } from '../../../src/model/types.js'
import { timeUnitFor } from '../../../reporters/render/htmlFormat.js'
import { buildSampleReport, TRICKY_NAMES, withTestDurations } from '../../helpers/sampleReport.js'

const report = buildSampleReport({ measurements: 24, trendPoints: 30 })
const html = renderHtml(report)

/** The text of `<script type="application/json" id="perf-data">`, up to the first `</script>` as a browser reads it. */
function dataBlock(page: string): string {
  const open = '<script type="application/json" id="perf-data">'
  const start = page.indexOf(open) + open.length
  return page.slice(start, page.indexOf('</script>', start))
}

/** The table rows written as markup (the page scripts hold the same text for the rows they build). */
function markupRows(page: string): string[] {
  return page.slice(0, page.indexOf('<script')).match(/<tr class="m [^"]*"/g) ?? []
}

/** The page's own reader of its data block (report.data.js), run here on the block's text. */
function lazyReader(block: string): HtmlPayload & {
  measurement: (i: number) => HtmlPayloadMeasurement
  summary: (i: number) => Pick<HtmlPayloadMeasurement, 'name' | 'test' | 'verdict' | 'medianMs'>
} {
  const source = readFileSync(join(findTemplatesDir(), 'report.data.js'), 'utf8')
  return (new Function(`${source}\nreturn lazyPayload`)() as (text: string) => ReturnType<typeof lazyReader>)(block)
}

function inlineScripts(page: string): string[] {
  return [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '')
}

describe('renderHtml()', () => {
  it('renders one document with a row per measurement and the removed ones listed', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html.match(/<html/g)).toHaveLength(1)
    expect(markupRows(html)).toHaveLength(report.measurements.length)
    const removedSection = html.slice(html.indexOf('id="removed-title"'))
    for (const removed of report.removed) expect(removedSection).toContain(removed.name)
  })

  it('puts verdict counts, commit, branch, date, runner, environment and notes in the header', () => {
    const header = html.slice(html.indexOf('<header'), html.indexOf('</header>'))
    for (const [verdict, count] of Object.entries(report.summary.byVerdict)) {
      expect(header).toContain(`<strong>${count}</strong> ${verdict}`)
    }
    expect(header).toContain(report.run.git.shortCommit)
    expect(header).toContain('feature&#x2F;faster-parser')
    expect(header).toContain('2025-01-07 14:00 UTC')
    expect(header).toContain('vitest 4.1.12')
    expect(header).toContain('AMD EPYC 7763 64-Core Processor × 4')
    expect(header).toContain('--expose-gc')
    for (const note of report.run.notes) expect(header).toContain(note)
  })

  it('keeps the regressions first and marks them, concurrent measurements and budgets', () => {
    const rows = markupRows(html)
    expect(rows[0]).toContain('v-regressed')
    expect(rows.some((row) => row.includes('concurrent'))).toBe(true)
    expect(html).toContain('class="tag tag-concurrent"')
    expect(html).toMatch(/class="budget-ok"[^>]*>✓ p95/)
    expect(html).toMatch(/class="budget-fail"[^>]*>✗ p95/)
  })

  it('escapes hostile names in the table and never emits them raw anywhere', () => {
    expect(html).not.toContain(TRICKY_NAMES.xss)
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;&#x2F;script&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;')
    expect(html).toContain('{{mustache}}')
  })

  it('embeds the data as JSON that no value can break out of, and that parses back to the exact names', () => {
    const block = dataBlock(html)
    // The block ends exactly where the serialized data ends: no value closed the element early.
    expect(block).toBe(serializeJsonForHtml(buildHtmlPayload(report)))
    expect(block).not.toMatch(/[<>&\u2028\u2029]/)
    const data = JSON.parse(block) as HtmlPayload
    expect(data.measurements.map((m) => m.name)).toEqual(report.measurements.map((m) => m.name))
    expect(data.measurements.map((m) => m.file)).toEqual(report.measurements.map((m) => m.file))
    for (const name of Object.values(TRICKY_NAMES)) {
      expect(data.measurements.some((m) => m.name === name || m.test.includes(name) || m.file.includes(name))).toBe(true)
    }
    // The same for the test durations' columns (rows from 100 on).
    const long = withTestDurations(buildSampleReport({ measurements: 100, trendPoints: 3 }), 60)
    const longBlock = dataBlock(renderHtml(long))
    expect(longBlock).not.toMatch(/[<>&\u2028\u2029]/)
    const longData = JSON.parse(longBlock) as HtmlPayload
    expect(longData.durations.test).toHaveLength(60)
    const all = long.measurements.map((_, i) => payloadMeasurement(longData, i))
    expect(all.map((m) => [m.name, m.test, m.file])).toEqual(long.measurements.map((m) => [m.name, m.testName, m.file]))
    for (const name of Object.values(TRICKY_NAMES))
      expect(all.slice(100).some((m) => m.test.includes(name) || m.file.includes(name))).toBe(true)
  })

  it('lays the data out so the page reads one measurement without parsing the others (report.data.js)', () => {
    // 104 measurements, then test durations: the page builds rows from the durations' columns from ~100 on.
    const hostile = withTestDurations(buildSampleReport({ measurements: 104, trendPoints: 5 }), 40)
    const jsonKeys = (i: number): string => (i % 2 === 0 ? `x{"id":"y"},"details":[1] #${i}` : `"measurements":[ ${i}`)
    hostile.measurements.forEach((m, i) => {
      if (m.kind !== 'test-duration') m.name = jsonKeys(i)
      else {
        // Ids that are `file > test > name` stay so (the page rebuilds those); the others are kept as they are.
        const derived = m.id === legacyMeasurementId(m)
        m.testName = `${jsonKeys(i)} ${m.testName}`
        if (derived) m.id = legacyMeasurementId(m)
      }
    })
    const lazy = lazyReader(dataBlock(renderHtml(hostile)))
    const data = buildHtmlPayload(hostile)
    expect(data.clientRowsFrom).toBeLessThanOrEqual(104)
    expect(data.measurementCount).toBe(144)
    expect([lazy.runs, lazy.sequences, lazy.detailLabels, lazy.perMs]).toEqual([data.runs, data.sequences, data.detailLabels, data.perMs])
    // Last first: the reader finds elements on demand, in any order.
    for (const i of [143, 5, 0, 120, 99, 3, 100, 1, 4, 2, 101, data.clientRowsFrom, data.clientRowsFrom - 1]) {
      const { name, test, verdict, medianMs } = lazy.summary(i)
      const want = payloadMeasurement(data, i)
      expect({ name, test, verdict, medianMs }).toEqual({
        name: want.name,
        test: want.test,
        verdict: want.verdict,
        medianMs: want.medianMs,
      })
      expect(lazy.measurement(i)).toEqual(want)
    }
    for (let i = 0; i < data.measurementCount; i++) {
      expect(lazy.measurement(i)).toEqual(payloadMeasurement(data, i))
      expect(lazy.measurement(i).id).toBe(hostile.measurements[i]?.id)
    }
    expect(data.durations.id.filter((id) => id === 0).length).toBeGreaterThan(20)
  })

  it('keeps a test duration with more than names and figures as markup, with its whole data', () => {
    for (const extra of ['samples', 'profile', 'baseline samples', 'per yield'] as const) {
      const report = withTestDurations(buildSampleReport({ measurements: 104, trendPoints: 5 }), 30)
      const last = report.measurements.at(-1)
      if (last === undefined) throw new Error('no measurements')
      if (extra === 'samples') {
        last.stats = { ...last.stats, n: 3, p99Ms: last.stats.medianMs * 2 }
        last.samplesMs = [1, 2, 3]
      } else if (extra === 'profile') last.profilePath = 'profiles/x.cpuprofile'
      else if (extra === 'baseline samples') last.baselineSamplesMs = [1, 2, 3]
      else last.perYield = last.stats
      const data = buildHtmlPayload(report)
      // The row that stops the run of plain durations is the last one: every row is markup, none in the columns.
      expect([extra, data.clientRowsFrom, data.durations.test.length]).toEqual([extra, report.measurements.length, 0])
      const kept = data.measurements.at(-1)
      if (extra === 'samples') expect(kept?.details.map(([label]) => data.detailLabels[label])).toContain('p99')
      if (extra === 'samples') expect(kept?.histogram).toBeDefined()
      if (extra === 'profile') expect(kept?.profileHref).toBe('profiles/x.cpuprofile')
      if (extra === 'per yield') expect(kept?.details.map(([label]) => data.detailLabels[label])).toContain('per yield')
      expect(markupRows(renderHtml(report))).toHaveLength(report.measurements.length)
    }
  })

  it('gives the test durations that end the table as columns, and each row back as the object it stands for', () => {
    const long = withTestDurations(buildSampleReport({ measurements: 110, trendPoints: 5 }), 300)
    const data = buildHtmlPayload(long)
    const from = data.clientRowsFrom
    expect(from).toBeLessThanOrEqual(110)
    expect(data.measurements).toHaveLength(from)
    expect(data.durations.test).toHaveLength(long.measurements.length - from)
    const ids = new Set<string>()
    let p95Differs = 0
    let otherUnit = 0
    for (const [i, m] of long.measurements.entries()) {
      const got = payloadMeasurement(data, i)
      expect([got.id, got.name, got.file, got.test, got.kind]).toEqual([m.id, m.name, m.file, m.testName, m.kind])
      ids.add(got.id)
      if (i < from) continue
      expect(got.verdict).toBe('duration')
      expect([got.medianMs, got.p95Ms, got.n, got.unit, got.changePercent]).toEqual([
        sixSignificantDigits(m.stats.medianMs),
        sixSignificantDigits(m.stats.p95Ms),
        m.stats.n,
        timeUnitFor(m.stats.medianMs).label,
        null,
      ])
      expect(got.cells).toEqual([formatMs(m.stats.medianMs), formatMs(m.stats.p95Ms), '1', (m.trend?.runs.length ?? 0) > 1 ? 1 : 0])
      if (m.stats.p95Ms !== m.stats.medianMs) p95Differs++
      if (timeUnitFor(m.stats.medianMs).label !== 'ms') otherUnit++
      expect(got.details).toEqual([[data.detailLabels.indexOf('subject'), m.subject]])
      expect(got.trend === undefined).toBe(m.trend === undefined)
      if (m.trend === undefined || got.trend === undefined) continue
      expect(data.sequences[got.trend.sequence]).toEqual(m.trend.runs)
      expect([got.trend.baseline, got.trend.changePoints]).toEqual([m.trend.baseline ?? -1, m.trend.changePoints ?? []])
      const restored = decodeTrendSteps(got.trend.median).map((step) => (step ?? 0) * (got.trend?.stepMs ?? 0))
      for (const [j, ms] of restored.entries()) expect(Math.abs(ms / (m.trend?.medianMs[j] ?? 0) - 1)).toBeLessThan(1e-3)
    }
    // Every id survived (those with a project or a " > " in a title are kept as they are), every kind of trend is there.
    expect(ids.size).toBe(long.measurements.length)
    expect([p95Differs, otherUnit].every((count) => count > 10)).toBe(true)
    expect(data.durations.id.filter((id) => id !== 0).length).toBeGreaterThan(40)
    expect(Object.keys(data.durations.trendBaseline).length).toBeGreaterThan(10)
    expect(Object.keys(data.durations.trendChangePoints).length).toBeGreaterThan(5)
    // A few dozen bytes beyond the test's own name: the same rows as objects took ~470 bytes each.
    const columns = serializeJsonForHtml(data.durations).length
    const names = data.durations.test.reduce((sum, test) => sum + serializeJsonForHtml(test).length, 0)
    expect((columns - names) / 300).toBeLessThan(110)
  })

  it('inlines chart.js without its source map comment', () => {
    const chartJs = readFileSync(resolveChartJs(), 'utf8')
    expect(html).toContain(chartJs.slice(0, 2000))
    expect(html).toContain('Chart.js v4')
    expect(html).not.toContain('sourceMappingURL')
  })

  it('references no external resource and allows only its own scripts by hash', () => {
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i)
    expect(html).not.toMatch(/<link\b|@import|url\(\s*["']?https?:/i)
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/
      .exec(html)?.[1]
      ?.replace(/&#39;/g, "'")
      .replace(/&#x2F;/g, '/')
      .replace(/&#x3D;/g, '=')
    expect(csp).toContain("default-src 'none'")
    const scripts = inlineScripts(html)
    expect(scripts).toHaveLength(2)
    for (const script of scripts) {
      expect(csp).toContain(`'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`)
    }
  })

  it('is deterministic', () => {
    expect(renderHtml(buildSampleReport({ measurements: 24, trendPoints: 30 }))).toBe(html)
  })

  it('renders a run without git, baseline, measurements or removed ones', () => {
    const empty: PerfReport = {
      ...report,
      run: { ...report.run, git: { notes: ['not a git repository'] }, notes: [] },
      summary: {
        total: 0,
        byVerdict: { regressed: 0, improved: 0, unchanged: 0, inconclusive: 0, new: 0, removed: 0 },
        budgetsFailed: 0,
        failed: false,
      },
      measurements: [],
      removed: [],
    }
    delete empty.run.baseline
    const page = renderHtml(empty)
    expect(page).toContain('This run recorded no measurements.')
    expect(page).toContain('not a git repository')
    expect(page).toContain('No regressions')
    expect(page).not.toContain('id="removed-title"')
  })

  // How fast: `npm run bench -- html` (BENCHMARKS.md part 5). Here only that the scale renders completely.
  it('renders 5,000 measurements × 200 trend points, every row and every trend', () => {
    const big = buildSampleReport({ measurements: 5000, trendPoints: 200 })
    const page = renderHtml(big)
    const data = JSON.parse(dataBlock(page)) as HtmlPayload
    expect(data.measurementCount).toBe(5000)
    // Every row: as markup, or built by the page script from its data (the plain test durations that end it).
    expect(markupRows(page)).toHaveLength(data.clientRowsFrom)
    expect(data.measurements.length + data.durations.test.length).toBe(5000)
    const all = Array.from({ length: 5000 }, (_, i) => payloadMeasurement(data, i))
    expect(big.measurements.slice(data.clientRowsFrom).every((m) => m.kind === 'test-duration')).toBe(true)
    expect(all.filter((m) => m.trend !== undefined && m.trend.median.length === 200).length).toBeGreaterThan(4000)
  })
})

describe('serializeJsonForHtml()', () => {
  it('escapes <, >, &, U+2028 and U+2029 and round-trips through JSON.parse', () => {
    const value = { s: '</script><!-- & \u2028\u2029 "q" \\ 日本語 🚀' }
    const text = serializeJsonForHtml(value)
    expect(text).toBe('{"s":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 \\"q\\" \\\\ 日本語 🚀"}')
    expect(JSON.parse(text)).toEqual(value)
  })
})

describe('buildHtmlPayload()', () => {
  it('stores the shared history once and marks the baseline and change points', () => {
    const data = buildHtmlPayload(report)
    expect(data.runs).toHaveLength(30)
    expect(data.sequences).toHaveLength(1)
    const regressed = data.measurements[0]
    expect(regressed?.trend?.baseline).toBe(28)
    // Measurement 0 had a lasting ×1.3 shift at run 19 (sampleReport.ts); this run's own jump is one point, no change.
    expect(regressed?.trend?.changePoints).toEqual([19])
    const source = report.measurements[0]?.trend?.medianMs[5] ?? 0
    const stored = (decodeTrendSteps(regressed?.trend?.median ?? [])[5] ?? 0) * (regressed?.trend?.stepMs ?? 0)
    expect(Math.abs(stored / source - 1)).toBeLessThan(1e-3)
  })
})

describe('buildHtmlPayload() details', () => {
  it('lists the spread of a sampled measurement, and not the repeats of a single sample', () => {
    const sampled = buildSampleReport({ measurements: 2, trendPoints: 3, trickyNames: false })
    const [many, one] = sampled.measurements
    if (many === undefined || one === undefined) throw new Error('sample report without measurements')
    one.stats = { ...one.stats, n: 1 }
    const data = buildHtmlPayload(sampled)
    const labels = (index: number): string[] => (data.measurements[index]?.details ?? []).map(([label]) => data.detailLabels[label] ?? '?')
    expect(labels(0)).toEqual(expect.arrayContaining(['min', 'p99', 'MAD', 'outliers', 'subject']))
    expect(labels(1)).toContain('subject')
    expect(labels(1)).not.toContain('min')
    expect(labels(1)).not.toContain('MAD')
  })
})

describe('buildHtmlPayload() trend precision', () => {
  it('keeps small medians when one run was far slower (the step follows the smallest value)', () => {
    const small = buildSampleReport({ measurements: 1, trendPoints: 12, trickyNames: false })
    const medians = small.measurements[0]?.trend?.medianMs ?? []
    expect(medians).toHaveLength(12)
    for (let i = 0; i < medians.length; i++) medians[i] = i === 3 ? 100 : 0.00123 + i * 0.00001
    const stored = buildHtmlPayload(small).measurements[0]?.trend
    const restored = decodeTrendSteps(stored?.median ?? []).map((v) => (v ?? 0) * (stored?.stepMs ?? 0))
    for (const [i, median] of medians.entries()) expect(Math.abs((restored[i] ?? 0) / median - 1)).toBeLessThan(1e-3)
  })
})

describe('buildHtmlPayload() whole-millisecond trends', () => {
  it('keeps whole milliseconds exact in steps of 1 ms (short deltas), and finer values to 0.05%', () => {
    const report = buildSampleReport({ measurements: 2, trendPoints: 6, trickyNames: false })
    const [whole, fine] = report.measurements
    if (whole?.trend === undefined || fine?.trend === undefined) throw new Error('sample report without trends')
    whole.trend.medianMs = [3, 4, 3, 250, 3, 5]
    fine.trend.medianMs = [3, 4, 3.5, 250, 3, 5]
    const [w, f] = buildHtmlPayload(report).measurements
    expect([w?.trend?.stepMs, w?.trend?.median]).toEqual([1, [3, 1, -1, 247, -247, 2]])
    expect(decodeTrendSteps(w?.trend?.median ?? [])).toEqual(whole.trend.medianMs)
    expect(f?.trend?.stepMs).toBe(0.003)
    const restored = decodeTrendSteps(f?.trend?.median ?? []).map((v) => (v ?? 0) * (f?.trend?.stepMs ?? 0))
    for (const [i, ms] of restored.entries()) expect(Math.abs(ms / (fine.trend?.medianMs[i] ?? 0) - 1)).toBeLessThan(5e-4)
  })
})

describe('relativeHref()', () => {
  it('cannot produce a scheme or a host, and keeps relative paths working', () => {
    expect(relativeHref('javascript:alert(1)')).toBe('javascript%3Aalert(1)')
    expect(relativeHref('//evil.example/x.cpuprofile')).toBe('/evil.example/x.cpuprofile')
    expect(relativeHref('profiles\\a b#1.cpuprofile')).toBe('profiles/a%20b%231.cpuprofile')
  })
})

describe('binSamples()', () => {
  it('puts both sides on the same bins and folds far outliers into the last bin', () => {
    const current = Array.from({ length: 100 }, (_, i) => 10 + (i % 10) * 0.1)
    const histogram = binSamples(
      [...current, 500],
      current.map((x) => x - 0.5),
    )
    expect(histogram?.current.reduce((a, b) => a + b, 0)).toBe(101)
    expect(histogram?.baseline?.reduce((a, b) => a + b, 0)).toBe(100)
    expect(histogram?.current.length).toBe(histogram?.baseline?.length)
    expect(histogram?.overflow).toBe(true)
    expect((histogram?.startMs ?? 0) + (histogram?.binMs ?? 0) * (histogram?.current.length ?? 0)).toBeLessThan(20)
  })

  it('keeps a wider current run in view when the baseline is tight (each side has its own fences)', () => {
    const baseline = Array.from({ length: 100 }, (_, i) => 10 + (i % 10) * 0.01)
    // This run: most samples near 10, a third spread up to 30 — the change the chart must show, not fold away.
    const current = Array.from({ length: 90 }, (_, i) => (i % 3 === 0 ? 10 + (i / 90) * 20 : 10 + (i % 10) * 0.01))
    const histogram = binSamples(current, baseline)
    const upper = (histogram?.startMs ?? 0) + (histogram?.binMs ?? 0) * (histogram?.current.length ?? 0)
    // Pooled quartiles would stop near 10.2 and fold all 30 spread samples into the last bar.
    expect(upper).toBeGreaterThan(25)
    expect(histogram?.current.at(-1) ?? 0).toBeLessThan(10)
  })

  it('widens to the 1st–99th percentiles when a side has many samples beyond its fences', () => {
    // Batched ns timings: three quarters identical, a quarter spread higher.
    const current = Array.from({ length: 200 }, (_, i) => (i % 4 === 3 ? 0.6 + (i / 200) * 0.2 : 0.54))
    const histogram = binSamples(current)
    const upper = (histogram?.startMs ?? 0) + (histogram?.binMs ?? 0) * (histogram?.current.length ?? 0)
    // The fences alone (IQR ≈ 0) would end just above 0.54; the 99th percentile is ~0.79.
    expect(upper).toBeGreaterThan(0.78)
  })

  it('draws one bar when every sample is equal, and nothing under two samples', () => {
    expect(binSamples([2, 2, 2])?.current).toEqual([3])
    expect(binSamples([2])).toBeUndefined()
  })
})

describe('findTemplatesDir()', () => {
  const root = mkdtempSync(join(tmpdir(), 'perf-sentinel-templates-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('finds dist/templates from a bundled entry in dist/<entry>/', () => {
    mkdirSync(join(root, 'dist', 'templates'), { recursive: true })
    mkdirSync(join(root, 'dist', 'vitest'), { recursive: true })
    writeFileSync(join(root, 'dist', 'templates', 'report.html.mustache'), '')
    expect(findTemplatesDir(pathToFileURL(join(root, 'dist', 'vitest', 'reporter.js')).href)).toBe(join(root, 'dist', 'templates'))
    expect(findTemplatesDir(pathToFileURL(join(root, 'dist', 'chunk-abc.js')).href)).toBe(join(root, 'dist', 'templates'))
  })

  it('finds reporters/templates from the source tree', () => {
    expect(findTemplatesDir()).toMatch(/reporters[\\/]templates$/)
  })

  it('says where it looked and how to fix it when the templates are missing', () => {
    expect(() => findTemplatesDir(pathToFileURL(join(root, 'elsewhere', 'x.js')).href)).toThrow(/templates not found[\s\S]*Fix: reinstall/)
  })

  it('renders from explicitly loaded assets', () => {
    const assets = loadHtmlAssets({ templatesDir: findTemplatesDir() })
    expect(renderHtml(report, { assets })).toBe(html)
  })

  it('renders from the tokens shipped with the template, and only for the text they were parsed from', () => {
    const dir = join(root, 'with-tokens')
    cpSync(findTemplatesDir(), dir, { recursive: true })
    const template = readFileSync(join(dir, 'report.html.mustache'), 'utf8')
    const tokensFile = join(dir, 'report.html.tokens.json')
    writeFileSync(tokensFile, JSON.stringify({ template, tokens: Mustache.parse(template) }))
    const assets = loadHtmlAssets({ templatesDir: dir })
    expect(assets.templateTokens).toEqual(Mustache.parse(template))
    expect(renderHtml(report, { assets })).toBe(html)
    // The tokens are what is rendered (not a fresh parse): tokens of another text come out as that text.
    writeFileSync(tokensFile, JSON.stringify({ template, tokens: Mustache.parse('<p>{{title}}</p>') }))
    expect(renderHtml(report, { assets: loadHtmlAssets({ templatesDir: dir }) })).toMatch(/^<p>[^<]*<\/p>$/)
    // An edited template (or an unreadable tokens file) is parsed from its text.
    writeFileSync(join(dir, 'report.html.mustache'), `<!-- edited -->${template}`)
    const edited = loadHtmlAssets({ templatesDir: dir })
    expect(edited.templateTokens).toBeUndefined()
    expect(renderHtml(report, { assets: edited })).toBe(`<!-- edited -->${html}`)
    writeFileSync(tokensFile, '{ torn')
    expect(loadHtmlAssets({ templatesDir: dir }).templateTokens).toBeUndefined()
  })

  it('the build ships the packaged template parsed (dist/templates)', () => {
    const dist = join(findTemplatesDir(), '..', '..', 'dist', 'templates')
    if (!existsSync(dist)) throw new Error('Build first: npx tsup')
    const template = readFileSync(join(dist, 'report.html.mustache'), 'utf8')
    expect(template).toBe(readFileSync(join(findTemplatesDir(), 'report.html.mustache'), 'utf8'))
    expect(loadHtmlAssets({ templatesDir: dist }).templateTokens).toEqual(Mustache.parse(template))
  })
})
