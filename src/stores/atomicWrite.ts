import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { processAlive } from '../env/processAlive.js'
import { errorMessage, PerfSentinelError } from '../errors.js'

/**
 * Writes `data` to `path` so that readers see either the old file or the complete new one, never a torn write:
 * write a uniquely named temp file in the same directory, fsync it, then rename it over `path`.
 * Parent directories are created. Failures throw `PerfSentinelError('E_WRITE')` naming the path.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
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
      await handle.writeFile(data)
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
