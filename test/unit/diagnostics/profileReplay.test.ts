import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { profileSubject, REPLAY_MARKER, REPLAY_SOURCE_URL } from '../../../src/diagnostics/profileReplay.js'

/** A CPU-bound subject with a distinctive name, so the profile can be checked for it. */
function sqrtSumHot(n: number): number {
  let sum = 0
  for (let i = 0; i < n; i++) sum += Math.sqrt(i ^ sum)
  return sum
}

const env = { PERF_SENTINEL_PROFILE_DIR: 'profiles' }
const lineOf = (text: string): number =>
  readFileSync(new URL(import.meta.url), 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(text)) + 1
const roots: string[] = []
function tempRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'perf-sentinel-profile-'))
  roots.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('profileSubject()', () => {
  it('profiles a sync subject synchronously and finds it on ≥ 90% of the non-idle samples', () => {
    const rootDir = tempRoot()
    const summary = profileSubject({
      fn: () => sqrtSumHot(20_000),
      kind: 'sync',
      operationMs: 0.05,
      nameParts: ['a.test.ts', 'hot', 'm'],
      rootDir,
      env,
    })
    if (summary instanceof Promise) throw new Error('a sync subject must be profiled synchronously')
    expect(summary.operations).toBeGreaterThan(0)
    // Fewer than the ~2,000 a 200 ms replay takes at 100 µs when the machine is loaded (the sampler thread waits too).
    expect(summary.samples).toBeGreaterThan(20)
    expect(summary.subjectSharePercent).toBeGreaterThanOrEqual(90)
    expect(summary.top[0]?.functionName).toBe('sqrtSumHot')
    expect(summary.top[0]?.file).toMatch(/profileReplay\.test\.ts$/)
    // The line in this file as written, not in Vitest's transformed copy (source-mapped).
    expect(summary.top[0]?.line).toBe(lineOf('function sqrtSumHot'))
    expect(summary.path).toMatch(/^profiles\/a-test-ts-hot-m-[0-9a-f]{8}\.cpuprofile$/)
    const written = JSON.parse(readFileSync(join(rootDir, summary.path ?? ''), 'utf8')) as {
      nodes: Array<{ callFrame: { functionName: string } }>
    }
    expect(written.nodes.some((n) => n.callFrame.functionName === 'sqrtSumHot')).toBe(true)
  })

  it('profiles an async subject, counting its continuations as the subject', async () => {
    const rootDir = tempRoot()
    const summary = await profileSubject({
      fn: async () => {
        await null
        return sqrtSumHot(50_000)
      },
      kind: 'async',
      operationMs: 0.2,
      nameParts: ['async'],
      rootDir,
      env,
    })
    expect(summary.top[0]?.functionName).toBe('sqrtSumHot')
    expect(summary.subjectSharePercent).toBeGreaterThanOrEqual(80)
  })

  it('names its own replay loop as perf-sentinel’s when a trivial async subject leaves it most of the time', async () => {
    const summary = await profileSubject({
      fn: async () => 1,
      kind: 'async',
      operationMs: 0.0005,
      nameParts: ['trivial'],
      rootDir: tempRoot(),
      env,
    })
    const loop = summary.top.find((f) => f.functionName === REPLAY_MARKER)
    expect(loop?.file).toBe(REPLAY_SOURCE_URL)
  })

  it('stops the profiler and rethrows when the replay throws', () => {
    let stopped = false
    const startProfile = () => ({
      stop: () => {
        stopped = true
        return { nodes: [], startTime: 0, endTime: 0 }
      },
    })
    expect(() =>
      profileSubject({
        fn: () => {
          throw new Error('replay broke')
        },
        kind: 'sync',
        operationMs: 1,
        nameParts: ['x'],
        startProfile,
        env,
      }),
    ).toThrow('replay broke')
    expect(stopped).toBe(true)
  })

  it('turns a profiler that cannot start into a note, not an error', () => {
    const summary = profileSubject({
      fn: () => 1,
      kind: 'sync',
      operationMs: 1,
      nameParts: ['x'],
      startProfile: () => {
        throw new Error('inspector unavailable')
      },
      env,
    })
    expect(summary).toMatchObject({ notes: ['no CPU profile: inspector unavailable'], samples: 0, top: [] })
  })
})
