import { EventEmitter } from 'node:events'
import { writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createScheduleCommand } from '../../../src/cli/commands/schedule.js'
import { runCli } from '../../../src/cli/main.js'
import type { ScheduleAlert } from '../../../src/cli/schedule/scheduleAlerts.js'
import { auditAlerts } from '../../../src/cli/schedule/scheduleAlerts.js'
import type { AuditFinding } from '../../../src/cli/trend/historyAnalysis.js'
import type { MeasurementRecord } from '../../../src/model/types.js'
import { appendRun, buildHistoryRun } from '../../../src/stores/history/index.js'
import { environment, record, tempDir } from '../stores/fixtures.js'

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
})

/** A Slack-style incoming webhook on 127.0.0.1 that answers 200 and keeps every JSON body it receives. */
async function webhook(): Promise<{ url: string; bodies: Array<{ text: string; alert: { title: string; key: string } }> }> {
  const bodies: Array<{ text: string; alert: { title: string; key: string } }> = []
  const server = createServer((request, response) => {
    let text = ''
    request.on('data', (chunk: Buffer) => (text += chunk.toString()))
    request.on('end', () => {
      bodies.push(JSON.parse(text) as (typeof bodies)[number])
      response.writeHead(200).end('ok')
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies }
}

const sha = (i: number): string => i.toString(16).padStart(7, '0').repeat(6).slice(0, 40)

/** History of 12 commits a day apart: "parse 1 KB" 1.00 ms, then from commit 6 on 1.5 ms (+50%). */
async function projectWithRegression(): Promise<string> {
  const cwd = await tempDir('perf-sentinel-schedule-alerts-')
  const parse = record('test/parse.test.ts', 'parser', 'parse 1 KB', 1)
  const at = (r: MeasurementRecord, medianMs: number): MeasurementRecord => ({
    ...r,
    result: { ...r.result, medianMs, samplesMs: r.result.samplesMs.map((s) => s * medianMs) },
  })
  const day = 86_400_000
  for (let i = 0; i < 12; i++) {
    const run = buildHistoryRun({
      records: [at(parse, i < 6 ? 1 : 1.5)],
      git: { commit: sha(i + 1), branch: 'main', dirty: false },
      environment,
      time: new Date(Date.now() - (13 - i) * day),
      runId: `run-${i}`,
    })
    await appendRun(join(cwd, '.perf-sentinel/history'), run)
  }
  return cwd
}

/** Runs `schedule` every second until its first run has ended (and been audited), then stops it as SIGTERM would. */
async function scheduleOneRun(cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; log: Array<Record<string, unknown>> }> {
  const signals = new EventEmitter()
  const log: Array<Record<string, unknown>> = []
  const command = createScheduleCommand({ signals: signals as unknown as Pick<NodeJS.Process, 'once' | 'off'> })
  const code = await command.run({
    values: { cron: '* * * * * *', json: true },
    positionals: [],
    rest: [process.execPath, '-e', '0'],
    cwd,
    env: { PATH: process.env.PATH, ...env },
    out: (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>
      log.push(entry)
      if (entry.event === 'run-end') signals.emit('SIGTERM', 'SIGTERM')
    },
    err: () => undefined,
  })
  return { code, log }
}

describe('perf-sentinel schedule → alert notifiers', () => {
  it('sends the audit findings of a run to the configured webhook, and not again after a restart within the window', async () => {
    const cwd = await projectWithRegression()
    const hook = await webhook()
    writeFileSync(join(cwd, 'perf-sentinel.config.json'), JSON.stringify({ alerts: { notifiers: [{ type: 'webhook', url: hook.url }] } }))
    const first = await scheduleOneRun(cwd, {})
    expect(first.code).toBe(0)
    expect(first.log.find((e) => e.event === 'run-end')?.findings).toEqual([
      expect.stringMatching(/^parser > parse 1 KB: 50\.0% slower since 0000007/),
    ])
    expect(hook.bodies).toHaveLength(1)
    expect(hook.bodies[0]?.alert.title).toMatch(/^Performance audit: parser > parse 1 KB: 50\.0% slower since 0000007/)
    expect(hook.bodies[0]?.text).toContain('test/parse.test.ts > parser > parse 1 KB')
    expect(first.log.find((e) => e.event === 'alerts')?.note).toMatch(/^1 finding\(s\): 1 alerted, 0 already alerted/)

    // A restart: the same change point is held back by the de-duplication state next to the history.
    const second = await scheduleOneRun(cwd, {})
    expect(second.code).toBe(0)
    expect(hook.bodies).toHaveLength(1)
    expect(second.log.find((e) => e.event === 'alerts')?.note).toMatch(/^1 finding\(s\): 0 alerted, 1 already alerted within the window/)
  }, 30_000)

  it('uses PERF_SENTINEL_WEBHOOK_URL when the config file has no alerts', async () => {
    const cwd = await projectWithRegression()
    const hook = await webhook()
    const run = await scheduleOneRun(cwd, { PERF_SENTINEL_WEBHOOK_URL: hook.url })
    expect(run.code).toBe(0)
    expect(hook.bodies.map((b) => b.alert.title)).toEqual([expect.stringContaining('parse 1 KB: 50.0% slower')])
  }, 30_000)

  it('refuses to start with a bad notifier (exit 2), naming the option, the value and what is accepted', async () => {
    const cwd = await projectWithRegression()
    writeFileSync(join(cwd, 'perf-sentinel.config.json'), JSON.stringify({ alerts: { notifiers: [{ type: 'webhook', url: 'nowhere' }] } }))
    const err: string[] = []
    const code = await runCli(['schedule', '--every', '5', '--', process.execPath, '-e', '0'], {
      cwd,
      env: { PATH: process.env.PATH },
      out: () => undefined,
      err: (line) => err.push(line),
    })
    expect(code).toBe(2)
    expect(err.join('\n')).toMatch(/perf-sentinel\.config\.json: option "alerts\.notifiers\[0\]\.url" is "nowhere"/)

    // A file notifier whose folder cannot be created (a path through a file): also at start-up, not at the first finding.
    writeFileSync(join(cwd, 'perf-sentinel.config.json'), '{}')
    err.length = 0
    const badDir = await runCli(['schedule', '--every', '5', '--', process.execPath, '-e', '0'], {
      cwd,
      env: { PATH: process.env.PATH, PERF_SENTINEL_ALERT_DIR: 'perf-sentinel.config.json/alerts' },
      out: () => undefined,
      err: (line) => err.push(line),
    })
    expect(badDir).toBe(2)
    expect(err.join('\n')).toMatch(/alert folder .*perf-sentinel\.config\.json\/alerts cannot be created: ENOTDIR/)
  })
})

describe('auditAlerts()', () => {
  const finding = (id: string, sinceCommit: string, changePercent: number): AuditFinding => ({
    id,
    file: id.split(' > ')[0] as string,
    name: id.split(' > ').pop() as string,
    changePercent,
    sinceCommit,
    kind: 'step',
    thresholdPercent: 10,
    currentMs: 2,
    message: `${id}: ${changePercent.toFixed(1)}% slower since ${sinceCommit.slice(0, 7)}`,
  })
  const alert = (findings: AuditFinding[]): ScheduleAlert => ({ slot: new Date(0), exitCode: 0, timedOut: false, findings, cwd: '/p' })

  it('keys an alert by measurement and change point: the same step keeps its key, a new step gets a new one', () => {
    const now = new Date('2026-11-30T06:00:00Z')
    const [a] = auditAlerts(alert([finding('f > t > parse', sha(3), 20)]), now)
    const [again] = auditAlerts(alert([finding('f > t > parse', sha(3), 45)]), now)
    const [later] = auditAlerts(alert([finding('f > t > parse', sha(9), 20)]), now)
    expect(a?.key).toBe(again?.key)
    expect(later?.key).not.toBe(a?.key)
    expect(again?.severity).toBe(45)
    expect(a).toMatchObject({ kind: 'regression', subject: 'f > t > parse', time: now.toISOString() })
    expect(a?.fields).toContainEqual({ label: 'Change', value: '+20.0% since 0000003' })
  })
})
