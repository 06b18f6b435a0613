import { cpus, loadavg, totalmem } from 'node:os'
import { describeRevision } from './revision.mjs'

/** The facts a reader needs to judge the numbers: cores, CPU, memory, Node, load at the start, code revision. */
export function describeMachine() {
  const list = cpus()
  return {
    date: new Date().toISOString(),
    nproc: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    totalMemoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)),
    revision: describeRevision(),
  }
}

/** One Markdown line with the machine facts, printed above every table. */
export function machineLine(machine) {
  const { commit, dirtyFiles } = machine.revision
  const dirty = dirtyFiles > 0 ? ` + ${dirtyFiles} uncommitted source files` : ''
  return (
    `${machine.date.slice(0, 16).replace('T', ' ')} UTC · ${machine.nproc} × ${machine.cpuModel} · ` +
    `${machine.totalMemoryGiB} GiB · Node ${machine.node} · load ${machine.loadAverage1m} at start · ` +
    `commit ${commit}${dirty}`
  )
}
