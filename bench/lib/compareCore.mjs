import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { REPO_ROOT } from './paths.mjs'

/**
 * The compare core (src/compare) and the environment fingerprint are not exported from dist yet, so they are bundled
 * from source into a temp dir on the fly. Same code the reporters run, no dependency on a future export.
 */
const ENTRY = `
export { compareRun, compareMeasurement, resolveCompareOptions, hodgesLehmannShift, DEFAULT_TIMER_RESOLUTION_MS,
  TIMER_RESOLUTION_MULTIPLE } from './src/compare/index.ts'
export { environmentFingerprint } from './src/environment.ts'
`

/**
 * Bundles the compare core and returns the path of the ESM file (children import it by path). The temp dir goes
 * away when this process exits, after its children are done with it.
 */
export async function bundleCompareCore() {
  const dir = mkdtempSync(join(tmpdir(), 'perf-sentinel-bench-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  const outfile = join(dir, 'compareCore.mjs')
  await build({
    stdin: { contents: ENTRY, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: 'compareCoreEntry.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  })
  return outfile
}

/** Imports a bundle made by `bundleCompareCore()` (or makes one). */
export async function loadCompareCore(bundlePath) {
  const path = bundlePath ?? (await bundleCompareCore())
  return { path, ...(await import(pathToFileURL(path).href)) }
}
