import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync, cpSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startFakeNotifierServer } from '../unit/alerts/fakeNotifierServer.js'
import type { FakeNotifierServer } from '../unit/alerts/fakeNotifierServer.js'
import { REPO_ROOT } from './fixtureProject.js'

/**
 * One process's life: create a manager on the shared state directory, raise the alert, flush, exit. `CLOCK_OFFSET_MS`
 * shifts its clock (a restart "ten minutes later", past the dead process's lease, without waiting ten minutes).
 */
const PROCESS_SCRIPT = `
import { createAlertManager } from 'perf-sentinel/http'
const offset = Number(process.env.CLOCK_OFFSET_MS ?? 0)
const manager = createAlertManager(
  { stateDir: process.env.STATE_DIR, notifiers: [{ type: 'slack', webhookUrl: process.env.WEBHOOK_URL }], timeoutMs: 2000 },
  { now: () => Date.now() + offset, log: (line) => console.log(line) },
)
manager.notify({
  key: 'checkout-slow', kind: 'slow-request', title: 'Slow request: POST /checkout took 2.1 s', subject: 'POST /checkout',
  severity: 2100, time: new Date().toISOString(), fields: [{ label: 'Endpoint', value: 'POST /checkout' }], attachments: [],
})
await manager.flush()
console.log('STATS ' + JSON.stringify(manager.stats()))
`

function installProject(): string {
  if (!existsSync(join(REPO_ROOT, 'dist', 'http', 'index.js'))) throw new Error('Build first: npx tsup')
  const root = mkdtempSync(join(tmpdir(), 'perf-sentinel-alerts-restart-'))
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir')
  const dir = join(root, 'project')
  const installed = join(dir, 'node_modules', 'perf-sentinel')
  mkdirSync(installed, { recursive: true })
  cpSync(join(REPO_ROOT, 'package.json'), join(installed, 'package.json'))
  cpSync(join(REPO_ROOT, 'dist'), join(installed, 'dist'), { recursive: true })
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }')
  writeFileSync(join(dir, 'alertOnce.mjs'), PROCESS_SCRIPT)
  return dir
}

interface Child {
  output: () => string
  exited: Promise<number | null>
  kill(): void
}

function startProcess(dir: string, env: Record<string, string>): Child {
  let output = ''
  const child = spawn(process.execPath, ['alertOnce.mjs'], { cwd: dir, env: { PATH: process.env.PATH, ...env } })
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return {
    output: () => output,
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    kill: () => child.kill('SIGKILL'),
  }
}

const servers: FakeNotifierServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

describe('alert delivery across processes (built package)', () => {
  it('delivers exactly once when the first process is killed mid-retry and a restarted one takes over', async () => {
    const server = await startFakeNotifierServer('webhook')
    servers.push(server)
    // Two 500s: should A be delayed past its first backoff (a loaded machine), its retry fails too and it is still
    // killed before any delivery; B's own retries get past the second.
    server.script({ status: 500 }, { status: 500 })
    const dir = installProject()
    const env = { STATE_DIR: join(dir, 'state'), WEBHOOK_URL: `${server.url}/services/T1/B1/restart-secret` }

    // Process A: the first attempt gets a 500; it is killed (SIGKILL: no clean-up) while waiting to retry.
    const first = startProcess(dir, env)
    await server.waitFor(1, 20_000)
    first.kill()
    await first.exited
    expect(server.delivered()).toHaveLength(0)
    expect(readdirSync(join(dir, 'state', 'outbox'))).toHaveLength(1)

    // Process B, "ten minutes later": the same alert is suppressed (already claimed), the outbox item is delivered.
    const second = startProcess(dir, { ...env, CLOCK_OFFSET_MS: String(10 * 60_000) })
    expect(await second.exited).toBe(0)
    // Its output says why, should it not deliver (an unreadable outbox, a lock it could not take…).
    expect(server.delivered(), second.output()).toHaveLength(1)
    expect(second.output()).toContain('"suppressed":1')
    expect(readdirSync(join(dir, 'state', 'outbox'))).toEqual([])

    // Process C, a day later: still inside the 10-day window, nothing more is sent.
    const third = startProcess(dir, { ...env, CLOCK_OFFSET_MS: String(24 * 3_600_000) })
    expect(await third.exited).toBe(0)
    expect(server.delivered()).toHaveLength(1)
    // A's 500 (or two, when it was slow to be killed), B's 500 or delivery: one delivery and nothing sent by C.
    expect(server.received.length).toBeGreaterThanOrEqual(2)
    expect(server.received.length).toBeLessThanOrEqual(3)
    expect(server.received.filter((r) => r.answered === 200)).toHaveLength(1)
    for (const child of [first, second, third]) expect(child.output()).not.toContain('restart-secret')
  })
})
