import { access } from 'node:fs/promises'
import { isMissingFile } from '../errors.js'

/** Whether `path` exists. A missing file is `false`; any other failure (a permission error…) is thrown, not hidden. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch (error) {
    if (isMissingFile(error)) return false
    throw error
  }
}
