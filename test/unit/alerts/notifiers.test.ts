import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAlertManager } from '../../../src/alerts/alertManager.js'
import { slowAlert, tempDir } from './alertFixtures.js'
import { fakeClock, startFakeNotifierServer } from './fakeNotifierServer.js'
import type { FakeNotifierServer } from './fakeNotifierServer.js'

const servers: FakeNotifierServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

const profile = { fileName: 'profile.cpuprofile', contentType: 'application/json', content: '{"nodes":[],"startTime":0,"endTime":1}' }

describe('mattermost notifier', () => {
  it('uploads the attachments, then posts to the channel with their file ids and the bearer token', async () => {
    const server = await startFakeNotifierServer('mattermost', 'mm-token-abcdef')
    servers.push(server)
    const manager = createAlertManager(
      { stateDir: false, notifiers: [{ type: 'mattermost', url: server.url, token: 'mm-token-abcdef', channelId: 'chan1' }] },
      { log: () => undefined },
    )
    manager.notify(slowAlert('/slow', 1500, [profile]))
    await manager.flush()
    const [upload, post] = server.delivered()
    expect(upload?.path).toBe('/api/v4/files')
    expect(upload?.body).toContain('filename="profile.cpuprofile"')
    expect(upload?.body).toContain('name="channel_id"')
    expect(post?.path).toBe('/api/v4/posts')
    expect(post?.headers.authorization).toBe('Bearer mm-token-abcdef')
    const body = JSON.parse(post?.body ?? '{}')
    expect(body).toMatchObject({ channel_id: 'chan1', file_ids: ['file1'] })
    expect(body.message).toContain('**perf-sentinel: Slow request: GET /slow took 1500 ms**')
    await manager.close()
  })

  it('retries a post that failed after the upload, uploading again, and posts once', async () => {
    const server = await startFakeNotifierServer('mattermost')
    servers.push(server)
    server.script({ status: 201 }, { status: 500 })
    const clock = fakeClock()
    const manager = createAlertManager(
      { stateDir: await tempDir(), notifiers: [{ type: 'mattermost', url: server.url, token: 'test-token-123456', channelId: 'c' }] },
      { now: clock.now, sleep: clock.sleep, log: () => undefined },
    )
    manager.notify(slowAlert('/slow', 1500, [profile]))
    await manager.flush()
    expect(server.received.map((r) => `${r.path} ${r.answered}`)).toEqual([
      '/api/v4/files 201',
      '/api/v4/posts 500',
      '/api/v4/files 201',
      '/api/v4/posts 201',
    ])
    expect(server.delivered('/api/v4/posts')).toHaveLength(1)
    await manager.close()
  })

  it('gives up on a wrong token (401) without retrying, and never logs the token', async () => {
    const server = await startFakeNotifierServer('mattermost', 'right-token-123')
    servers.push(server)
    const logs: string[] = []
    const manager = createAlertManager(
      { stateDir: false, notifiers: [{ type: 'mattermost', url: server.url, token: 'wrong-token-456', channelId: 'c' }] },
      { log: (line) => logs.push(line) },
    )
    manager.notify(slowAlert())
    await manager.flush()
    expect(server.received).toHaveLength(1)
    expect(logs.join('\n')).toContain('HTTP 401')
    expect(logs.join('\n')).not.toContain('wrong-token-456')
    await manager.close()
  })
})

describe('webhook notifier', () => {
  it('posts { text, alert } with an idempotency key that stays the same across retries', async () => {
    const server = await startFakeNotifierServer('webhook')
    servers.push(server)
    server.script({ status: 503 })
    const clock = fakeClock()
    const manager = createAlertManager(
      {
        stateDir: await tempDir(),
        notifiers: [{ type: 'webhook', url: `${server.url}/hook`, headers: { authorization: 'Bearer hook-secret-xyz' } }],
      },
      { now: clock.now, sleep: clock.sleep, log: () => undefined },
    )
    manager.notify(slowAlert('/w', 1200, [profile]))
    await manager.flush()
    const [first, second] = server.received
    expect(first?.headers['idempotency-key']).toBeDefined()
    expect(second?.headers['idempotency-key']).toBe(first?.headers['idempotency-key'])
    expect(second?.headers.authorization).toBe('Bearer hook-secret-xyz')
    const body = JSON.parse(second?.body ?? '{}')
    expect(body.alert).toMatchObject({ kind: 'slow-request', subject: 'GET /w', attachments: ['profile.cpuprofile'] })
    expect(body.text).toContain('Slow request: GET /w')
    await manager.close()
  })
})

describe('file notifier', () => {
  it('writes a Markdown alert and its profile under unique timestamped names, and logs the path', async () => {
    const dir = await tempDir()
    const logs: string[] = []
    const manager = createAlertManager({ stateDir: false, notifiers: [{ type: 'file', dir }] }, { log: (line) => logs.push(line) })
    manager.notify(slowAlert('/users/:id', 1500, [profile]))
    manager.notify(slowAlert('/other', 1500))
    await manager.flush()
    const files = (await readdir(dir)).sort()
    expect(files).toHaveLength(3)
    const markdown = files.find((f) => f.includes('users') && f.endsWith('.md')) as string
    expect(markdown).toMatch(/^2026-11-01T00-00-00-000Z-GET-users-id-[0-9a-f]{8}\.md$/)
    const text = await readFile(join(dir, markdown), 'utf8')
    expect(text).toContain('# Slow request: GET /users/:id took 1500 ms')
    expect(text).toContain('| Route | /users/:id |')
    expect(text).toContain(`(./${markdown.replace('.md', '-profile.cpuprofile')})`)
    expect(logs.filter((l) => l.startsWith('perf-sentinel: alert written to '))).toHaveLength(2)
    await manager.close()
  })

  it('writes HTML when asked, escaping what it shows', async () => {
    const dir = await tempDir()
    const manager = createAlertManager({ stateDir: false, notifiers: [{ type: 'file', dir, format: 'html' }] }, { log: () => undefined })
    manager.notify(slowAlert('/<script>'))
    await manager.flush()
    const [file] = await readdir(dir)
    expect(file).toMatch(/\.html$/)
    const html = await readFile(join(dir, file as string), 'utf8')
    expect(html).toContain('&lt;script&gt;')
    expect(html).not.toContain('<script>')
    await manager.close()
  })

  it('logs a disk that cannot be written once, with the reason, and throws nowhere', async () => {
    const logs: string[] = []
    const manager = createAlertManager(
      { stateDir: false, notifiers: [{ type: 'file', dir: '/dev/full/alerts' }] },
      { log: (line) => logs.push(line) },
    )
    expect(() => {
      manager.notify(slowAlert('/a'))
      manager.notify(slowAlert('/b'))
    }).not.toThrow()
    await manager.flush()
    expect(manager.stats()).toMatchObject({ sent: 2, failed: 2, delivered: 0 })
    expect(logs).toHaveLength(1)
    expect(logs[0]).toMatch(/file \(\/dev\/full\/alerts\) refused the alert .*could not write in \/dev\/full\/alerts: (ENOTDIR|EEXIST)/)
    await manager.close()
  })

  it('still de-duplicates (in memory) and delivers when the state directory cannot be written', async () => {
    const dir = await tempDir()
    const logs: string[] = []
    const manager = createAlertManager(
      { stateDir: '/dev/full/state', notifiers: [{ type: 'file', dir }] },
      { log: (line) => logs.push(line) },
    )
    manager.notify(slowAlert())
    await manager.flush()
    manager.notify(slowAlert())
    await manager.flush()
    expect((await readdir(dir)).filter((f) => f.endsWith('.md'))).toHaveLength(1)
    expect(logs.some((l) => l.includes('de-duplicating in memory only'))).toBe(true)
    await manager.close()
  })
})
