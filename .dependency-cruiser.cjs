// Imports go one way along the data path (README "How it works"): entry points → pipeline → stages → core.
// `npm run lint` runs this; CI fails when an import bends back.
const entry = '^(src/runners|src/cli|src/http|src/(index|browser)\\.ts|reporters/(vitest|jest)\\.ts)'
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: { path: '^(src|matchers|reporters)' }, to: { circular: true } },
    {
      name: 'nothing-imports-entry-points',
      comment: 'Runner adapters, the CLI and the HTTP entry sit on top: nothing below them may import them.',
      severity: 'error',
      from: { path: '^(src|matchers|reporters)', pathNot: entry },
      to: { path: entry },
    },
    {
      name: 'pipeline-not-up',
      severity: 'error',
      from: { path: '^src/pipeline' },
      to: { path: '^(src/runners|src/cli|src/http|matchers)' },
    },
    {
      name: 'stages-not-up',
      comment: 'Verdict policy, stores, git, alerts and renderers do not reach back into the pipeline or the adapters.',
      severity: 'error',
      from: { path: '^(src/compare|src/stores|src/git|src/alerts|reporters/render)' },
      to: { path: '^(src/pipeline|src/runners|src/cli|src/http|matchers|src/measure|src/diagnostics)' },
    },
    {
      name: 'renderers-are-pure',
      comment: 'Renderers turn a report into text: no stores, git or comparison policy.',
      severity: 'error',
      from: { path: '^reporters/render' },
      to: { path: '^(src/stores|src/git|src/compare|src/config|src/record)' },
    },
    {
      name: 'core-imports-core-only',
      comment: 'Maths and data shapes depend on nothing but each other (and the error class and formatting).',
      severity: 'error',
      from: { path: '^(src/stats|src/model)' },
      to: { path: '^(src|matchers|reporters)', pathNot: '^(src/stats|src/model|src/errors\\.ts|src/format\\.ts)' },
    },
    {
      name: 'measuring-side-not-run-end',
      comment: 'Matchers, measurement and diagnostics run in test workers: they never load the run-end machinery.',
      severity: 'error',
      from: { path: '^(matchers|src/measure|src/diagnostics|src/record)' },
      to: { path: '^(src/pipeline|src/stores|src/git|src/cli|reporters|src/compare)' },
    },
    {
      name: 'tests-not-benchmarks',
      severity: 'error',
      from: { path: '^test' },
      to: { path: '^bench' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|test/fixtures|test/compat|examples)/' },
    tsConfig: { fileName: 'tsconfig.test.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'] },
  },
}
