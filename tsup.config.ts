import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { build } from 'esbuild'
import Mustache from 'mustache'
import { defineConfig } from 'tsup'

/**
 * Setup files run once per test file (per fresh module graph under Vitest's isolation, per module registry under
 * Jest), and every module they import is one more round trip to Vitest's main process or one more module Jest
 * loads: they ship as single files (measured: 16–20 ms → 5–8 ms per test file for Vitest's setup). State they share
 * with the engine lives on `globalThis` under registered symbols, so their own copies of those modules are safe.
 */
const SELF_CONTAINED = {
  'vitest/setup': 'src/runners/vitest/setup.ts',
  'vitest/runner': 'src/runners/vitest/runner.ts',
  'jest/setup': 'src/runners/jest/setup.ts',
  // Loaded by the Jest setup file through Node's own require, once per worker (src/runners/jest/workerAgent.ts).
  'jest/worker': 'src/runners/jest/workerAgent.ts',
  // The same way, for the scan that decides where the matchers are registered (src/runners/jest/scopeAgent.ts).
  'jest/scope': 'src/runners/jest/scopeAgent.ts',
}

async function bundleSetupFiles(): Promise<void> {
  const builds = Object.entries(SELF_CONTAINED).flatMap(([out, entry]) =>
    (['esm', 'cjs'] as const).map((format) =>
      build({
        entryPoints: [entry],
        outfile: `dist/${out}.${format === 'esm' ? 'js' : 'cjs'}`,
        bundle: true,
        format,
        platform: 'node',
        target: 'node20',
        // Dependencies and peers (vitest, @jest/globals…) stay imports, as in the rest of the build.
        packages: 'external',
        logLevel: 'warning',
        // tsup's CommonJS shim of import.meta.url (the setup files locate ../engine.js from it).
        ...(format === 'cjs'
          ? {
              define: { 'import.meta.url': '__perfSentinelModuleUrl' },
              banner: { js: "'use strict';\nconst __perfSentinelModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
            }
          : {}),
      }),
    ),
  )
  await Promise.all(builds)
}

/**
 * The browser entry (`browser` export condition): one ESM file for a browser, bundled for that platform so that a
 * Node module reached by mistake fails this build instead of a user's browser test (src/browser.ts).
 */
async function bundleBrowserEntry(): Promise<void> {
  const browser = { bundle: true, format: 'esm', platform: 'browser', target: 'es2022', logLevel: 'warning' } as const
  await Promise.all([
    build({ ...browser, entryPoints: ['src/browser.ts'], outfile: 'dist/browser.js' }),
    // The setup file the plugin gives browser-mode projects (src/record/setupCoverage.ts).
    build({
      ...browser,
      entryPoints: ['src/runners/vitest/browserSetup.ts'],
      outfile: 'dist/vitest/browserSetup.js',
      external: ['vitest'],
    }),
  ])
}

/**
 * The page template's tokens, parsed here once instead of by every run end (Mustache's scanner on a cold JIT: ~10 ms
 * for this 5 KB template), with the template they came from: loadHtmlAssets() uses them only for that exact text.
 */
function writeTemplateTokens(dir: string): void {
  const template = readFileSync(`${dir}/report.html.mustache`, 'utf8')
  writeFileSync(`${dir}/report.html.tokens.json`, JSON.stringify({ template, tokens: Mustache.parse(template) }))
}

// ESM and CJS for every entry: Jest loads setup files and reporters untransformed, often as CommonJS.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    cli: 'src/cli/bin.ts',
    'vitest/index': 'src/runners/vitest/plugin.ts',
    'vitest/setup': SELF_CONTAINED['vitest/setup'],
    'vitest/runner': SELF_CONTAINED['vitest/runner'],
    'vitest/reporter': 'reporters/vitest.ts',
    'jest/setup': SELF_CONTAINED['jest/setup'],
    'jest/worker': SELF_CONTAINED['jest/worker'],
    'jest/scope': SELF_CONTAINED['jest/scope'],
    'jest/reporter': 'reporters/jest.ts',
    'jest/watch-plugin': 'src/runners/jest/watchPlugin.ts',
    'http/index': 'src/http/index.ts',
    // Loaded by the setup files on the first matcher call only (src/runners/engineLoader.ts).
    engine: 'src/runners/engine.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  shims: true,
  // tsup turns the split ESM chunks into CommonJS with sucrase, which rewrites every `?.` and `??` into a helper call
  // that allocates an array and closures (`_optionalChain([m, 'access', _ => _.stats, ...])`): the Jest reporter
  // runs that build, and its run end spent ~25 ms in one two-line predicate. esbuild lowers them first, to inline
  // conditionals, so sucrase finds nothing to rewrite.
  esbuildOptions(options, context) {
    if (context.format === 'cjs') options.supported = { ...options.supported, 'optional-chain': false, 'nullish-coalescing': false }
  },
  // valibot is bundled: its build is one 213 kB file of every schema function, and the reporters and the Vitest plugin
  // load it at start-up (the configuration is checked before any test runs). Bundled, only the functions used remain:
  // requiring the Jest reporter and its run-end pipeline 44.6 → 34.9 ms, importing the Vitest plugin 42.3 → 29.9 ms
  // (fresh processes, medians of 20 alternated; BENCHMARKS.md part 2). It stays a dependency for the declaration files.
  noExternal: ['valibot'],
  outDir: 'dist',
  onSuccess: async () => {
    // The HTML renderer reads its mustache templates, styles and page scripts next to the bundle.
    cpSync('reporters/templates', 'dist/templates', { recursive: true })
    writeTemplateTokens('dist/templates')
    // Replaces the split setup entries (their types from the build above stay).
    await Promise.all([bundleSetupFiles(), bundleBrowserEntry()])
  },
})
