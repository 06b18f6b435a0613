// Makes `import … from 'perf-sentinel/http'` resolve to this repository's build, as `npm install` of the published
// package would: node_modules/perf-sentinel → the repository root (its package.json exports map points into dist/).
import { existsSync, mkdirSync, symlinkSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const repo = join(here, '..', '..')
const link = join(here, 'node_modules', 'perf-sentinel')
if (existsSync(link)) process.exit(0)
if (!existsSync(join(repo, 'dist', 'http', 'index.js'))) {
  console.error('perf-sentinel is not built: run `npm run build` at the repository root first.')
  process.exit(1)
}
mkdirSync(dirname(link), { recursive: true })
symlinkSync(relative(dirname(link), repo), link, 'dir')
