import { randomBytes } from 'node:crypto'
import { link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { processAlive } from '../env/processAlive.js'
import { PerfSentinelError } from '../errors.js'

/** Waiting and staleness limits of `withFileLock()`, and its injected clock. */
export interface FileLockOptions {
  /** Give up waiting after this long. @default 60_000 */
  timeoutMs?: number
  /** A lock file older than this was left by a crashed process and is taken over. @default 20_000 */
  staleMs?: number
  /** Wall clock in ms since the epoch; compared with the lock file's mtime, so it must be real. @default Date.now */
  now?: () => number
  sleep?: (ms: number) => Promise<void>
  /** Told when a stale lock is taken over (who held it, why it counts as stale). @default a line on stderr */
  onTakeover?: (message: string) => void
  /** Whether a process id is alive on this host. @default process.kill(pid, 0) */
  isAlive?: (pid: number) => boolean
  /** Hard-links the written lock into place (fails with EEXIST when it exists). @default fs.promises.link */
  link?: (existingPath: string, newPath: string) => Promise<void>
}

/** Critical sections here are one read-merge-write of a small file (milliseconds), so 20 s means a dead holder. */
const DEFAULT_STALE_MS = 20_000
const DEFAULT_TIMEOUT_MS = 60_000
const FIRST_BACKOFF_MS = 5
const MAX_BACKOFF_MS = 250

/**
 * Runs `critical` while holding the lock file `lockPath`, and always releases it. Works across processes: the lock
 * is taken by creating the file exclusively (a hard link, which fails when it exists), waiting with jittered
 * backoff while another holder has it.
 */
export async function withFileLock<T>(lockPath: string, critical: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const token = await acquire(lockPath, options)
  try {
    return await critical()
  } finally {
    await release(lockPath, token)
  }
}

async function acquire(lockPath: string, options: FileLockOptions): Promise<string> {
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? ((ms: number) => delay(ms))
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const token = `${hostname()}:${process.pid}:${randomBytes(8).toString('hex')}`
  const startedAt = now()
  let backoffMs = FIRST_BACKOFF_MS
  await mkdir(dirname(lockPath), { recursive: true }).catch(() => undefined)
  for (;;) {
    if (await tryCreate(lockPath, token, options)) return token
    const holder = await stat(lockPath).catch(() => undefined)
    // Stale takeover is best effort (two waiters may both see the same stale file); stale locks only follow crashes.
    const stale =
      holder === undefined ? undefined : await staleReason(lockPath, now() - holder.mtimeMs, staleMs, options.isAlive ?? processAlive)
    if (stale !== undefined) {
      await rm(lockPath, { force: true })
      ;(options.onTakeover ?? ((line: string) => process.stderr.write(`${line}\n`)))(
        `perf-sentinel: took over the stale lock ${lockPath}: ${stale}.`,
      )
      continue
    }
    if (now() - startedAt > timeoutMs) {
      const owner = await readFile(lockPath, 'utf8').catch(() => 'unknown holder')
      const message = `Timed out after ${timeoutMs} ms waiting for the lock ${lockPath} (${owner})`
      throw new PerfSentinelError('E_LOCK', message, {
        fix: `if no other perf-sentinel process is running, delete ${lockPath}`,
      })
    }
    await sleep(backoffMs * (0.5 + Math.random()))
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS)
  }
}

/**
 * Creates the lock file with its holder already written in, or returns false when it exists. The content goes to a
 * file of our own first and is hard-linked into place (link fails with EEXIST like O_EXCL), so no other process ever
 * sees a lock file without its holder: one killed between an O_EXCL create and the write left an empty lock that
 * only its age could clear, and waiters gave up first.
 */
async function tryCreate(lockPath: string, token: string, options: FileLockOptions): Promise<boolean> {
  const holder = JSON.stringify({ token, pid: process.pid, host: hostname(), since: new Date((options.now ?? Date.now)()) })
  const draft = `${lockPath}.${token.slice(token.lastIndexOf(':') + 1)}.tmp`
  try {
    await writeFile(draft, holder, { flag: 'wx' })
    try {
      await (options.link ?? link)(draft, lockPath)
    } catch (error) {
      // A filesystem without hard links (some network and FAT mounts): created exclusively, then written, as before.
      if (!NO_HARD_LINKS.some((code) => isCode(error, code))) throw error
      await writeFile(lockPath, holder, { flag: 'wx' })
    }
    return true
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false
    throw new PerfSentinelError('E_LOCK', `Could not create the lock file ${lockPath}: ${String(error)}`, {
      fix: `check that ${dirname(lockPath)} exists and is writable`,
      cause: error,
    })
  } finally {
    await rm(draft, { force: true })
  }
}

/** What `link` fails with where the filesystem has no hard links. */
const NO_HARD_LINKS = ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']

/**
 * Why a lock file no longer protects anything, or undefined while its holder may still be working: its process is
 * gone (same host), it is older than `staleMs`, or its time lies in the future (a skewed clock would otherwise
 * keep it "fresh" for as long as the skew).
 */
async function staleReason(lockPath: string, ageMs: number, staleMs: number, alive: (pid: number) => boolean): Promise<string | undefined> {
  const content = await readFile(lockPath, 'utf8').catch(() => '')
  let owner: { pid?: unknown; host?: unknown } = {}
  try {
    owner = JSON.parse(content) as { pid?: unknown; host?: unknown }
  } catch {
    // Half-written (a holder killed mid-write where links are unavailable, or an older version): judged by age alone.
  }
  if (typeof owner.pid === 'number' && owner.host === hostname() && owner.pid !== process.pid && !alive(owner.pid)) {
    return `its holder (pid ${owner.pid}) is no longer running`
  }
  if (ageMs > staleMs) return `it is ${Math.round(ageMs / 1000)} s old`
  if (ageMs < -staleMs) return `its time lies ${Math.round(-ageMs / 1000)} s in the future`
  return undefined
}

/** Removes the lock only if it is still ours: after a stale takeover it belongs to someone else. */
async function release(lockPath: string, token: string): Promise<void> {
  const content = await readFile(lockPath, 'utf8').catch(() => undefined)
  if (content?.includes(token)) {
    await rm(lockPath, { force: true })
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code
}
