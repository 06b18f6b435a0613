import { pathToFileURL } from 'node:url'
import { bundleSource } from './bundleSource.mjs'

/**
 * The compare core (src/compare) and the environment fingerprint are not exported from dist yet, so they are bundled
 * from source into a temp dir on the fly. Same code the reporters run, no dependency on a future export.
 */
const ENTRY = `
export { compareRun, compareMeasurement, resolveCompareOptions, hodgesLehmannShift, DEFAULT_TIMER_RESOLUTION_MS,
  TIMER_RESOLUTION_MULTIPLE } from './src/compare/index.ts'
export { environmentFingerprint } from './src/env/fingerprint.ts'
`

/** Bundles the compare core and returns the path of the ESM file (children import it by path). */
export function bundleCompareCore() {
  return bundleSource(ENTRY, 'compareCore')
}

/** Imports a bundle made by `bundleCompareCore()` (or makes one). */
export async function loadCompareCore(bundlePath) {
  const path = bundlePath ?? (await bundleCompareCore())
  return { path, ...(await import(pathToFileURL(path).href)) }
}
