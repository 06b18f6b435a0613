/** Entry for `bundleSource`: the HTML renderer, its assets and the tests' sample-report builder. */
export const SAMPLE_REPORT_ENTRY = `
export { renderHtml } from './reporters/render/html.ts'
export { loadHtmlAssets, resolveChartJs } from './reporters/render/htmlAssets.ts'
export { buildSampleReport } from './test/helpers/sampleReport.ts'
`
