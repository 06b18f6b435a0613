/**
 * Writes `.cpuprofile` files: the JSON V8 returns, which speedscope and Chrome DevTools (Performance panel, "Load
 * profile") open as is. Names are stable per measurement, so a re-run replaces its own file instead of piling up.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import type { CpuProfile } from './cpuProfile.js'

/** Larger profiles are not written: DevTools and speedscope slow down, and a report folder is no place for them. */
export const PROFILE_SIZE_CAP_BYTES: number = 5 * 1024 * 1024

/** A readable, stable, collision-free file name from the measurement's identity (test file, test, name). */
export function profileFileName(parts: readonly string[]): string {
  const slug = parts
    .join(' ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
  const hash = createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 8)
  return `${slug || 'profile'}-${hash}.cpuprofile`
}

/** Writes the profile under `rootDir/dir`; returns the path relative to `rootDir`, or why it was not written. */
export function writeCpuProfile(
  profile: CpuProfile,
  options: { rootDir: string; dir: string; fileName: string },
): { path?: string; notes: string[] } {
  const text = JSON.stringify(profile)
  if (text.length > PROFILE_SIZE_CAP_BYTES) {
    return { notes: [`profile not written: ${(text.length / 2 ** 20).toFixed(1)} MiB is over the 5 MiB cap (shorten profileReplayMs)`] }
  }
  const dir = resolve(options.rootDir, options.dir)
  const absolute = join(dir, options.fileName)
  try {
    mkdirSync(dir, { recursive: true })
    writeFileSync(absolute, text)
  } catch (error) {
    return { notes: [`profile not written to ${absolute}: ${error instanceof Error ? error.message : String(error)}`] }
  }
  return { path: relative(options.rootDir, absolute).split(sep).join('/'), notes: [] }
}
