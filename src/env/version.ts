import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** perf-sentinel's own version, read from its package.json (found from this module, in src/ or dist/). */
export function pluginVersion(): string {
  cachedVersion ??= findVersion()
  return cachedVersion
}

let cachedVersion: string | undefined

function findVersion(): string {
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url)
  for (let dir = dirname(here), i = 0; i < 5; dir = dirname(dir), i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string }
      if (pkg.name === 'perf-sentinel' && pkg.version) return pkg.version
    } catch {
      // keep walking up
    }
  }
  return '0.0.0-unknown'
}
