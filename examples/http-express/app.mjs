// The example application: one fast route, one slow route, monitored by perf-sentinel.
import express from 'express'
import { expressMonitor } from 'perf-sentinel/http'

/** CPU work standing in for a slow report: this function is what the CPU profile attached to the alert shows. */
function buildReport(id) {
  let total = 0
  const end = performance.now() + 250
  while (performance.now() < end) for (let i = 0; i < 1000; i++) total += Math.sqrt(i * id)
  return { id, total: Math.round(total) }
}

/** The app and its monitor. `alerts` are the notifiers; everything else is the monitor's defaults but the threshold. */
export function createApp(alerts) {
  const app = express()
  const monitor = expressMonitor({
    thresholdMs: 200,
    statsPath: '/__perf',
    alerts,
    // Hold a slow request's alert up to 5 s for a profile of the next request of its endpoint.
    profile: { waitMs: 5000 },
  })
  app.use(monitor)
  app.get('/fast', (_req, res) => res.send('fast'))
  app.get('/reports/:id', function reportRoute(req, res) {
    res.json(buildReport(Number(req.params.id)))
  })
  return { app, monitor }
}
