import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isMissingFile } from '../../errors.js'

/**
 * The Node version CI should run: the Node version is part of the environment fingerprint, so a workflow on another
 * Node than the project's cannot gate against baselines recorded on the project's own.
 */
export interface NodeChoice {
  /** A version file of the project (`actions/setup-node`'s `node-version-file`). */
  file?: '.nvmrc' | '.node-version'
  /** The major version, for images (`node:<major>`) and `node-version` when there is no file. */
  major: string
  /** Where it came from, for the command's output. */
  reason: string
}

const VERSION_FILES = ['.nvmrc', '.node-version'] as const

/**
 * `.nvmrc`, then `.node-version`, then the lowest major `engines.node` names, then the Node running this command
 * (the one that records local baselines). A version file with an alias (`lts/*`) keeps the file for setup-node; the
 * image takes the running Node's major.
 */
export async function detectNode(cwd: string, engines: unknown, running: string = process.versions.node): Promise<NodeChoice> {
  const runningMajor = running.split('.')[0] ?? running
  for (const file of VERSION_FILES) {
    let text: string
    try {
      text = (await readFile(join(cwd, file), 'utf8')).trim()
    } catch (error) {
      if (isMissingFile(error)) continue
      throw error
    }
    const major = /^v?(\d+)/.exec(text)?.[1]
    return major === undefined
      ? { file, major: runningMajor, reason: `Node from ${file} ("${text}"; images: ${runningMajor}, the Node running this command)` }
      : { file, major, reason: `Node ${major}: ${file}` }
  }
  if (typeof engines === 'string') {
    const majors = [...engines.matchAll(/(?:^|[\s|^~>=<]|\.x)(\d+)/g)].map((m) => Number(m[1]))
    const lowest = majors.length > 0 ? Math.min(...majors) : undefined
    if (lowest !== undefined) return { major: String(lowest), reason: `Node ${lowest}: package.json engines.node "${engines}"` }
  }
  return { major: runningMajor, reason: `Node ${runningMajor}: the Node running this command (no .nvmrc, .node-version or engines.node)` }
}
