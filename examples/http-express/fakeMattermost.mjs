// A stand-in for a Mattermost server, on 127.0.0.1: the two REST endpoints the notifier uses.
//   POST /api/v4/files  (multipart: channel_id, files) → 201 { file_infos: [{ id, name }] }
//   POST /api/v4/posts  (JSON: channel_id, message, file_ids) → 201 { id }
// It checks the bearer token like the real server and keeps what it received, for the demo to print.
import { createServer } from 'node:http'

export async function startFakeMattermost(token) {
  const posts = []
  const files = []
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const reply = (status, json) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json))
      if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { message: 'Invalid or expired session' })
      if (req.method === 'POST' && req.url === '/api/v4/files') {
        const infos = [...body.matchAll(/filename="([^"]+)"/g)].map((m) => ({
          id: `file${files.length + 1}`,
          name: m[1],
          size: body.length,
        }))
        files.push(...infos)
        return reply(201, { file_infos: infos })
      }
      if (req.method === 'POST' && req.url === '/api/v4/posts') {
        const post = { id: `post${posts.length + 1}`, ...JSON.parse(body) }
        posts.push(post)
        return reply(201, post)
      }
      reply(404, { message: 'not found' })
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    posts,
    files,
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}
