import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { REPO_ROOT } from './paths.mjs'

/**
 * Bundles TypeScript sources of this repository that dist/ does not export (the compare core, the HTML renderer,
 * the sample-report builder of the tests) into one ESM file in a temp dir, and returns its path. `entry` is the
 * source of an entry module, with imports relative to the repository root (or `root`, another checkout). The temp dir goes away when this process
 * exits, after any children are done with it.
 */
export async function bundleSource(entry, name, root = REPO_ROOT) {
  const dir = mkdtempSync(join(tmpdir(), 'perf-sentinel-bundle-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  const outfile = join(dir, `${name}.mjs`)
  await build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: `${name}Entry.ts` },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  })
  return outfile
}
