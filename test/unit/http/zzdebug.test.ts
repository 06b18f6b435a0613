import { it } from 'vitest'
import { createAlertManager } from '../../../src/alerts/alertManager.js'
import { observe, startApp } from './frameworkApps.js'
it('debug', async () => {
  const logs: string[] = []
  const alerts = createAlertManager({ stateDir: '/dev/full/state', timeoutMs: 200, retries: 1, minIntervalMs: 0, notifiers: [{ type: 'file', dir: '/dev/full/alerts' }] }, { log: (l) => console.log(l) })
  const monitored = await startApp('node:http', { thresholdMs: 0.001, alerts, env: {}, log: (l) => console.log(l), profile: { waitMs: 100 } })
  for (const p of ['/fast', '/slow/7?q=1', '/error', '/health', '/no/such/route']) { console.log('req', p); const r = await Promise.race([observe(monitored.url + p), new Promise((res) => setTimeout(() => res('TIMEOUT'), 3000))]); console.log('got', p, typeof r === 'string' ? r : r.status) }
  console.log('closing'); await monitored.close(); console.log('closed')
}, 30000)
