/** A fixed amount of CPU work (not a wall-clock wait: on a shared machine, descheduling would shorten it). */
export function work(iterations) {
  let x = 0
  for (let i = 0; i < iterations; i++) x += Math.sqrt(x + i)
  return x
}

/** Iterations of `work` that take `ms` of CPU time here, measured with process.cpuUsage (CPU, not wall time). */
export function calibrate(ms) {
  work(1e6)
  const iterations = 2e6
  const before = process.cpuUsage()
  work(iterations)
  const used = process.cpuUsage(before)
  return Math.round((iterations * ms * 1000) / (used.user + used.system))
}

/** The benchmark routes on a Fastify app: `/hello`, and `/work` doing `iterations` of `work`. */
export function addFastifyRoutes(app, iterations) {
  app.get('/hello', async () => 'hello world')
  app.get('/work', async () => {
    work(iterations)
    return 'done'
  })
}

/** The same routes on an Express app. */
export function addExpressRoutes(app, iterations) {
  app.get('/hello', (_req, res) => res.send('hello world'))
  app.get('/work', (_req, res) => {
    work(iterations)
    res.send('done')
  })
}

/** The same routes as a node:http request listener. */
export function httpListener(iterations) {
  return (req, res) => {
    if (req.url === '/work') work(iterations)
    res.end(req.url === '/work' ? 'done' : 'hello world')
  }
}
