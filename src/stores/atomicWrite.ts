import { randomBytes } from 'node:crypto'
import { writeSync } from 'node:fs'
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { processAlive } from '../env/processAlive.js'
import { errorMessage, PerfSentinelError } from '../errors.js'

/**
 * Writes `data` to `path` so that readers see either the old file or the complete new one, never a torn write:
 * write a uniquely named temp file in the same directory, fsync it, then rename it over `path`.
 * Parent directories are created. Failures throw `PerfSentinelError('E_WRITE')` naming the path.
 * Text given in parts (the reports) is written as UTF-8 part by part, never joined (`writeTextSync`).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array | readonly string[]): Promise<void> {
  const directory = dirname(path)
  // Same directory as the target: rename is only atomic within one file system.
  // pid + random keeps concurrent writers (Vitest workers, shards) from sharing a temp file.
  const tempPath = join(directory, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  const existing = await stat(path).catch(() => undefined)
  // A rename replaces even a read-only file (and root ignores permissions): a file the user made read-only stays.
  if (existing?.isFile() && (existing.mode & 0o222) === 0) {
    throw new PerfSentinelError('E_WRITE', `${path} is read-only, so perf-sentinel leaves it as it is`, {
      fix: `make it writable (chmod u+w ${path}) if perf-sentinel should update it`,
    })
  }
  await removeLeftoverTempFiles(directory, basename(path))
  try {
    await mkdir(directory, { recursive: true })
    const handle = await open(tempPath, 'wx', existing?.isFile() ? existing.mode & 0o777 : 0o666)
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data)
      else writeTextSync(handle.fd, data)
      // Flush before the rename, or a crash could leave a renamed but empty file.
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(tempPath, path)
  } catch (error) {
    await rm(tempPath, { force: true }).catch(() => undefined)
    throw new PerfSentinelError('E_WRITE', `Could not write ${path}: ${errorMessage(error)}`, {
      fix: `check that ${directory} is writable and the disk is not full`,
      cause: error,
    })
  }
  await syncDirectory(directory)
}

/** Bytes of the buffer `writeTextSync` encodes into: allocated once, reused by every write. */
const SCRATCH_BYTES = 256 * 1024
let scratch: Buffer | undefined

/**
 * Writes text parts to `fd` as UTF-8 through one reused buffer. A report of a few MB written as one string costs a
 * joined copy of it and a Buffer of its bytes, both in fresh memory (large objects are mapped anew each time), and
 * first touches of fresh pages were most of the write's time (3 ms per MB on the 2-core VM of BENCHMARKS.md). Here
 * the only new memory is the parts themselves. Synchronous, so two writes in flight never share the buffer.
 */
export function writeTextSync(fd: number, parts: Iterable<string>): void {
  scratch ??= Buffer.allocUnsafeSlow(SCRATCH_BYTES)
  const buffer = scratch
  let used = 0
  const flush = (): void => {
    for (let done = 0; done < used; ) done += writeSync(fd, buffer, done, used - done)
    used = 0
  }
  const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff
  // A part ending in the first half of a surrogate pair: that half waits for the next part (which holds the second).
  let held = ''
  for (const given of parts) {
    let part = held === '' ? given : held + given
    held = ''
    if (part.length > 0 && isHighSurrogate(part.charCodeAt(part.length - 1))) {
      held = part.slice(-1)
      part = part.slice(0, -1)
    }
    for (let start = 0; start < part.length; ) {
      // A UTF-16 unit takes at most 3 bytes (a surrogate pair 4 for two units): this many units always fit.
      if (SCRATCH_BYTES - used < 3 * 1024) flush()
      let end = Math.min(part.length, start + Math.floor((SCRATCH_BYTES - used) / 3))
      // A surrogate pair split across two writes would become two replacement characters.
      if (end < part.length && isHighSurrogate(part.charCodeAt(end - 1))) end--
      used += buffer.write(start === 0 && end === part.length ? part : part.slice(start, end), used)
      start = end
    }
  }
  // A lone half at the very end is written as the joined text's encoding writes it (a replacement character).
  if (held !== '') used += buffer.write(held, used)
  flush()
}

/**
 * Removes temp files of `name` left by writers that were killed mid-write (their process is gone): a SIGKILL
 * between open and rename leaves `.name.<pid>.<random>.tmp`, up to megabytes each, next to the file.
 */
async function removeLeftoverTempFiles(directory: string, name: string): Promise<void> {
  const prefix = `.${name}.`
  const entries = await readdir(directory).catch(() => [] as string[])
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue
    const pid = Number(entry.slice(prefix.length).split('.')[0])
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processAlive(pid)) {
      await rm(join(directory, entry), { force: true }).catch(() => undefined)
    }
  }
}

/** Makes the rename itself durable. Best effort: some platforms (Windows) cannot open a directory. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // The data is written and renamed; only durability across a power cut is weaker here.
  }
}
