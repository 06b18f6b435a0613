import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import type { EnvironmentFingerprint, MeasurementRecord } from '../../../src/model/types.js'

const made: string[] = []

/** A fresh temp directory, removed after the current test. */
export async function tempDir(prefix = 'perf-sentinel-stores-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

/** Runs real git with a fixed identity; returns trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim()
}

/** A temp repository on branch `main` with `commits` real commits; returns its path. */
export async function repoWithCommits(commits: number): Promise<string> {
  const dir = await tempDir('perf-sentinel-repo-')
  git(dir, 'init', '-q', '-b', 'main')
  for (let i = 1; i <= commits; i++) {
    await commitFile(dir, 'file.txt', `version ${i}\n`, `commit ${i}`)
  }
  return dir
}

export async function commitFile(dir: string, name: string, content: string, message: string): Promise<string> {
  await writeFile(join(dir, name), content)
  git(dir, 'add', name)
  git(dir, 'commit', '-q', '-m', message)
  return git(dir, 'rev-parse', 'HEAD')
}

export const environment: EnvironmentFingerprint = {
  hard: {
    os: 'linux 6.1',
    arch: 'x64',
    cpuModel: 'Test CPU @ 3.0GHz',
    cores: 8,
    totalMemoryGiB: 16,
    node: 'v20.20.2',
    v8: '11.3',
    runner: 'vitest',
    runnerVersion: '4.1.12',
    pluginVersion: '0.1.0',
    flags: [],
  },
  soft: { loadAverage1m: 0.5, cpuSpeedMHz: 3000 },
}

/** A measurement whose samples lie evenly around `medianMs` (±10%). */
export function record(file: string, testName: string, name: string, medianMs: number, sampleCount = 21): MeasurementRecord {
  const samplesMs = Array.from({ length: sampleCount }, (_, i) => medianMs * (0.9 + (0.2 * i) / (sampleCount - 1)))
  return {
    file,
    testName,
    name,
    kind: 'measure',
    concurrent: false,
    result: {
      n: sampleCount,
      minMs: medianMs * 0.9,
      maxMs: medianMs * 1.1,
      meanMs: medianMs,
      medianMs,
      p75Ms: medianMs * 1.05,
      p90Ms: medianMs * 1.08,
      p95Ms: medianMs * 1.09,
      p99Ms: medianMs * 1.1,
      sdMs: medianMs * 0.06,
      madMs: medianMs * 0.05,
      rmePercent: 2.7,
      opsPerSecond: 1000 / medianMs,
      outliers: 0,
      name,
      subject: 'sync',
      samplesMs,
      batchSize: 4,
      operations: sampleCount * 4,
      warmupOperations: 10,
      sampledForMs: medianMs * sampleCount * 4,
    },
  }
}
