import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { PerfSentinelError } from '../errors.js'

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
  try {
    await mkdir(directory, { recursive: true })
    const handle = await open(tempPath, 'wx')
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

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
