import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from './fixtureProject.js'

/**
 * Copies examples/http-express into a temp folder with perf-sentinel installed the way npm would (package.json +
 * dist in node_modules/perf-sentinel; express from this repository's node_modules one level up).
 */
function installExample(): string {
  if (!existsSync(join(REPO_ROOT, 'dist', 'http', 'index.js'))) throw new Error('Build first: npx tsup')
  const root = mkdtempSync(join(tmpdir(), 'perf-sentinel-http-example-'))
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir')
  const dir = join(root, 'project')
  cpSync(join(REPO_ROOT, 'examples', 'http-express'), dir, { recursive: true, filter: (path) => !/[\\/](alerts|node_modules)$/.test(path) })
  const installed = join(dir, 'node_modules', 'perf-sentinel')
  mkdirSync(installed, { recursive: true })
  cpSync(join(REPO_ROOT, 'package.json'), join(installed, 'package.json'))
  cpSync(join(REPO_ROOT, 'dist'), join(installed, 'dist'), { recursive: true })
  return dir
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, timeout: 60_000, env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, output: stdout + stderr })
      },
    )
  })
}

describe('examples/http-express (npm start)', () => {
  it('writes an alert file and posts to the fake Mattermost with the CPU profile attached', async () => {
    const dir = installExample()
    const { code, output } = await run('npm', ['start'], dir)
    expect(output).toContain('fake Mattermost received 1 post(s) and 1 file(s): GET-reports-id.cpuprofile')
    expect(code).toBe(0)
    const files = readdirSync(join(dir, 'alerts'))
    const markdown = files.filter((f) => f.endsWith('.md'))
    expect(markdown).toHaveLength(1)
    expect(readFileSync(join(dir, 'alerts', markdown[0] as string), 'utf8')).toMatch(
      /^# Slow request: GET \/reports\/:id took \d+ ms \(threshold 200 ms\)/,
    )
    const profile = JSON.parse(readFileSync(join(dir, 'alerts', files.find((f) => f.endsWith('.cpuprofile')) as string), 'utf8'))
    const names = new Set(profile.nodes.map((n: { callFrame: { functionName: string } }) => n.callFrame.functionName))
    expect(names.has('reportRoute')).toBe(true)
    expect(output).toMatch(/GET \/fast\s+│ 20 /)
  })
})

describe('perf-sentinel/http entry (built package)', () => {
  it('loads as ESM and as CommonJS with the documented exports', async () => {
    const dir = installExample()
    const names =
      "['httpMonitor','expressMonitor','fastifyMonitor','koaMonitor','createHttpMonitor','createAlertManager','alertsFromEnv'].map((n) => n + ':' + typeof m[n]).join(',')"
    const esm = await run(
      process.execPath,
      ['--input-type=module', '-e', `import * as m from 'perf-sentinel/http'; console.log(${names})`],
      dir,
    )
    const cjs = await run(process.execPath, ['-e', `const m = require('perf-sentinel/http'); console.log(${names})`], dir)
    const expected =
      'httpMonitor:function,expressMonitor:function,fastifyMonitor:function,koaMonitor:function,createHttpMonitor:function,createAlertManager:function,alertsFromEnv:function'
    expect(esm.output.trim()).toBe(expected)
    expect(cjs.output.trim()).toBe(expected)
  })
})
