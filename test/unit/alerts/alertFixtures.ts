import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Alert } from '../../../src/alerts/alert.js'
import { alertKey } from '../../../src/alerts/alertKey.js'

/** A slow-request alert for `route`, with `durationMs` as its severity. */
export function slowAlert(route = '/users/:id', durationMs = 1500, attachments: Alert['attachments'] = []): Alert {
  return {
    key: alertKey(['slow-request', 'GET', route]),
    kind: 'slow-request',
    title: `Slow request: GET ${route} took ${durationMs} ms`,
    subject: `GET ${route}`,
    severity: durationMs,
    time: '2026-11-01T00:00:00.000Z',
    fields: [
      { label: 'Route', value: route },
      { label: 'Duration', value: `${durationMs} ms` },
    ],
    attachments,
  }
}

export function tempDir(prefix = 'perf-sentinel-alerts-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}
