/**
 * The Jest reporter's sidecar folders in the OS temp folder: one per run, named after the process that owns it, so
 * the next run can remove those a killed run left behind (19 of them, 5 MB, were found after kills). A run only ever
 * reads its own folder, so a stale one never leaks records into another run; removing it only frees the space.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { processAlive } from '../env/processAlive.js'

/** Prefix of every sidecar folder, in the OS temp folder. */
export const SIDECAR_DIR_PREFIX = 'perf-sentinel-jest-'
/** A folder older than this is stale whoever owns it: its process id may have been reused since. */
export const SIDECAR_DIR_MAX_AGE_MS: number = 24 * 3_600_000
/** Folders of earlier versions carry no owner: removed once this old (no Jest run lasts that long in practice). */
export const UNOWNED_SIDECAR_DIR_MAX_AGE_MS: number = 6 * 3_600_000

/** `<prefix><pid>-<host hash>-<random>`: whose folder it is, checkable without opening it. */
const OWNED = /^perf-sentinel-jest-(\d+)-([0-9a-f]{8})-/

/** What `createSidecarDir()` may be told instead of the real machine. */
export interface SidecarDirOptions {
  /** @default os.tmpdir() */
  tmp?: string
  /** @default process.pid */
  pid?: number
  /** @default os.hostname() */
  host?: string
  /** @default Date.now() */
  now?: number
  /** @default processAlive */
  isAlive?: (pid: number) => boolean
}

function hostHash(host: string): string {
  return createHash('sha1').update(host).digest('hex').slice(0, 8)
}

/**
 * Why a sidecar folder no longer belongs to a running Jest, or undefined while it may: its owner on this host is
 * gone, or it is older than its age limit. Folders of other hosts (a shared temp folder) are judged by age alone.
 */
export function staleReason(
  name: string,
  ageMs: number,
  options: Required<Pick<SidecarDirOptions, 'host' | 'isAlive'>>,
): string | undefined {
  if (!name.startsWith(SIDECAR_DIR_PREFIX)) return undefined
  const owned = OWNED.exec(name)
  if (owned === null) return ageMs > UNOWNED_SIDECAR_DIR_MAX_AGE_MS ? 'left by an earlier version' : undefined
  if (owned[2] === hostHash(options.host) && !options.isAlive(Number(owned[1]))) return `its run (pid ${owned[1]}) ended`
  return ageMs > SIDECAR_DIR_MAX_AGE_MS ? 'older than a day' : undefined
}

/** Removes the stale sidecar folders in `tmp` (best effort: a folder removed meanwhile is fine); returns their paths. */
export function removeStaleSidecarDirs(options: SidecarDirOptions = {}): string[] {
  const tmp = options.tmp ?? tmpdir()
  const judge = { host: options.host ?? hostname(), isAlive: options.isAlive ?? processAlive }
  const now = options.now ?? Date.now()
  let names: string[]
  try {
    names = readdirSync(tmp).filter((name) => name.startsWith(SIDECAR_DIR_PREFIX))
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    const path = join(tmp, name)
    try {
      if (staleReason(name, now - statSync(path).mtimeMs, judge) === undefined) continue
      rmSync(path, { recursive: true, force: true })
      removed.push(path)
    } catch {
      // Gone meanwhile, or not ours to remove: nothing to do.
    }
  }
  return removed
}

/** Removes stale sidecar folders, then creates this run's own. */
export function createSidecarDir(options: SidecarDirOptions = {}): string {
  removeStaleSidecarDirs(options)
  const owner = `${options.pid ?? process.pid}-${hostHash(options.host ?? hostname())}-`
  return mkdtempSync(join(options.tmp ?? tmpdir(), `${SIDECAR_DIR_PREFIX}${owner}`))
}
