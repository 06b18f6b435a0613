import { randomBytes, randomUUID } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Fills a history folder up to `runs` runs, the way a project that has used perf-sentinel for a while has it: the
 * newest run file (written by a real run of the suite) is copied into older runs, five per commit, every value
 * scaled by a random ±10% (as run-to-run noise would), written as run files of the package's own format
 * (`schemaVersion` 2: single-sample measurements as one number). The next real run's compaction merges them.
 */
export function fillHistory(dir, runs) {
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
  const newest = names.at(-1)
  if (newest === undefined) throw new Error(`no run file in ${dir} to copy: run the suite with the reporter first`)
  const template = JSON.parse(readFileSync(join(dir, newest), 'utf8'))
  if (template.schemaVersion !== 2) throw new Error(`${newest} has schemaVersion ${template.schemaVersion}; this bench writes 2`)
  const startMs = Date.parse(template.time) - runs * 60_000
  const jitter = (ms) => Number((ms * (0.9 + Math.random() * 0.2)).toPrecision(6))
  let commit = ''
  for (let i = 0; i < runs - names.length; i++) {
    if (i % 5 === 0) commit = randomBytes(20).toString('hex')
    const time = new Date(startMs + i * 60_000).toISOString()
    const singles = Object.fromEntries(Object.entries(template.singles).map(([id, ms]) => [id, jitter(ms)]))
    const measurements = Object.fromEntries(
      Object.entries(template.measurements).map(([id, m]) => [
        id,
        { ...m, medianMs: jitter(m.medianMs), samplesMs: m.samplesMs.map(jitter) },
      ]),
    )
    const run = { ...template, runId: randomUUID(), time, git: { ...template.git, commit }, singles, measurements }
    const name = `${time.replace(/[-:.]/g, '')}-${commit.slice(0, 7)}-${process.pid}-${randomBytes(4).toString('hex')}.json`
    writeFileSync(join(dir, name), `${JSON.stringify(run)}\n`)
  }
}
