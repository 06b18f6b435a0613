import { spawn } from 'node:child_process'
import { chmod, mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../../../src/stores/atomicWrite.js'
import { withFileLock } from '../../../src/stores/fileLock.js'
import { planBaselineUpdate, readBaseline, updateBaselineFile } from '../../../src/stores/baseline/index.js'
import type { BaselineUpdateMeta } from '../../../src/stores/baseline/index.js'
import { PerfSentinelError } from '../../../src/errors.js'
import { environment, record, tempDir } from './fixtures.js'

const meta: BaselineUpdateMeta = { git: { commit: 'c'.repeat(40) }, environment, now: new Date('2026-11-23T10:00:00Z') }

function addOne(path: string, file: string, name: string): Promise<unknown> {
  return updateBaselineFile(path, (existing) => planBaselineUpdate(existing, [record(file, 'concurrent', name, 1)], meta, { prune: false }))
}

describe('updateBaselineFile()', () => {
  it('loses no update when many writers in one process run at once', async () => {
    const path = join(await tempDir(), 'baseline.json')
    await Promise.all(Array.from({ length: 12 }, (_, i) => addOne(path, 'a.test.ts', `writer ${i}`)))
    expect(Object.keys((await readBaseline(path))?.entries ?? {})).toHaveLength(12)
    expect(await readdir(join(path, '..'))).toEqual(['baseline.json'])
  })

  it('loses no update when separate processes write at once (O_EXCL lock file)', async () => {
    const dir = await tempDir()
    const { build } = await import('esbuild')
    // Node 20 cannot import TypeScript: bundle the real module into plain ESM for the child processes.
    await build({
      entryPoints: [fileURLToPath(new URL('../../../src/stores/baseline/baselineStore.ts', import.meta.url))],
      outfile: join(dir, 'store.mjs'),
      bundle: true,
      format: 'esm',
      platform: 'node',
      logLevel: 'silent',
    })
    await writeFile(join(dir, 'input.json'), JSON.stringify({ template: record('x.test.ts', 'procs', 'm', 2), meta }))
    await writeFile(
      join(dir, 'worker.mjs'),
      `import { readFileSync } from 'node:fs'
import { planBaselineUpdate, updateBaselineFile } from './store.mjs'
const [path, worker, count] = process.argv.slice(2)
const { template, meta } = JSON.parse(readFileSync(new URL('./input.json', import.meta.url), 'utf8'))
for (let i = 0; i < Number(count); i++) {
  const rec = { ...template, name: 'worker ' + worker + ' #' + i }
  await updateBaselineFile(path, (existing) =>
    planBaselineUpdate(existing, [rec], { ...meta, now: new Date(meta.now) }, { prune: false }))
}
`,
    )
    const path = join(dir, 'out', 'baseline.json')
    const workers = 4
    const perWorker = 8
    const exitCodes = await Promise.all(
      Array.from({ length: workers }, (_, worker) => {
        const child = spawn(process.execPath, [join(dir, 'worker.mjs'), path, String(worker), String(perWorker)], {
          stdio: ['ignore', 'inherit', 'inherit'],
        })
        return new Promise<number | null>((resolve) => child.on('close', resolve))
      }),
    )
    expect(exitCodes).toEqual(Array(workers).fill(0))
    expect(Object.keys((await readBaseline(path))?.entries ?? {})).toHaveLength(workers * perWorker)
    expect(await readdir(join(dir, 'out'))).toEqual(['baseline.json'])
  })

  it('takes over a stale lock left by a crashed process, and releases it', async () => {
    const path = join(await tempDir(), 'baseline.json')
    await writeFile(`${path}.lock`, '{"pid":999999}')
    const longAgo = new Date(Date.now() - 120_000)
    await utimes(`${path}.lock`, longAgo, longAgo)
    await addOne(path, 'a.test.ts', 'after crash')
    expect(await readdir(join(path, '..'))).toEqual(['baseline.json'])
  })

  it('gives up on a live lock after timeoutMs with the lock path and the fix, writing nothing', async () => {
    const path = join(await tempDir(), 'baseline.json')
    await writeFile(`${path}.lock`, '{"pid":1,"host":"ci"}')
    const error = await updateBaselineFile(path, () => planBaselineUpdate(undefined, [], meta, { prune: false }), {
      timeoutMs: 150,
    }).catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(PerfSentinelError)
    expect((error as PerfSentinelError).code).toBe('E_LOCK')
    expect((error as PerfSentinelError).message).toContain(`waiting for the lock ${path}.lock ({"pid":1,"host":"ci"})`)
    expect((error as PerfSentinelError).fix).toBe(`if no other perf-sentinel process is running, delete ${path}.lock`)
    expect(await readBaseline(path)).toBeUndefined()
  })

  it('releases the lock when the update throws', async () => {
    const path = join(await tempDir(), 'baseline.json')
    await expect(updateBaselineFile(path, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await readdir(join(path, '..'))).toEqual([])
    await addOne(path, 'a.test.ts', 'next writer')
  })
})

describe('writeFileAtomic()', () => {
  it('creates parent directories and leaves no temp file', async () => {
    const dir = await tempDir()
    const path = join(dir, 'a', 'b', 'file.json')
    await writeFileAtomic(path, 'one')
    await writeFileAtomic(path, 'two')
    expect(await readFile(path, 'utf8')).toBe('two')
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['file.json'])
  })

  it('throws E_WRITE naming the path and cleans its temp file when the rename fails', async () => {
    const dir = await tempDir()
    const path = join(dir, 'taken')
    await mkdir(join(path, 'child'), { recursive: true })
    const error = await writeFileAtomic(path, 'data').catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(PerfSentinelError)
    expect((error as PerfSentinelError).code).toBe('E_WRITE')
    expect((error as PerfSentinelError).message).toContain(`Could not write ${path}:`)
    expect(await readdir(dir)).toEqual(['taken'])
  })

  it('writes text given in parts byte for byte as the joined text, across buffer refills and at any split', async () => {
    const dir = await tempDir()
    const path = join(dir, 'parts.txt')
    // Parts far larger than the reused 256 KB buffer, multi-byte characters and surrogate pairs at every offset
    // near the refill boundaries (one UTF-16 unit = up to 3 bytes, so pieces of ~87,000 units are cut).
    const pair = '𝄞'
    const big = `${'a'.repeat(87_380)}${pair}${'é'.repeat(70_000)}${pair.repeat(40_000)}–>`
    const parts = ['{"é":', big, '', pair, 'x'.repeat(5), big.slice(1), '\n']
    for (let shift = 0; shift < 4; shift++) {
      const shifted = ['y'.repeat(shift), ...parts]
      await writeFileAtomic(path, shifted)
      const bytes = await readFile(path)
      expect(bytes.equals(Buffer.from(shifted.join(''), 'utf8'))).toBe(true)
    }
    // A pair split between two parts, and a lone half at the end, come out as the joined text's bytes.
    const split = ['a\ud834', '\udd1eb', '', 'c\ud834']
    await writeFileAtomic(path, split)
    expect((await readFile(path)).equals(Buffer.from(split.join(''), 'utf8'))).toBe(true)
    expect((await readFile(path, 'utf8')).startsWith('a𝄞b')).toBe(true)
    // An empty list writes an empty file.
    await writeFileAtomic(path, [])
    expect(await readFile(path, 'utf8')).toBe('')
  })
})

describe('stale locks and leftovers', () => {
  it('never shows a lock file without its holder, and leaves nothing behind', async () => {
    const dir = await tempDir()
    const lockPath = join(dir, 'state.lock')
    // Another process polling the lock's content as soon as it exists: the holder is always there to read.
    const seen = await withFileLock(lockPath, async () => {
      const holder = JSON.parse(await readFile(lockPath, 'utf8')) as { pid: number; host: string }
      expect(await readdir(dir)).toEqual(['state.lock'])
      return holder
    })
    expect(seen).toMatchObject({ pid: process.pid, host: hostname() })
    expect(await readdir(dir)).toEqual([])
  })

  it('still locks where the filesystem has no hard links (created exclusively, then written)', async () => {
    const dir = await tempDir()
    const lockPath = join(dir, 'state.lock')
    const noLinks = async (): Promise<void> => {
      throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' })
    }
    const order: string[] = []
    const hold = (name: string, ms: number) =>
      withFileLock(
        lockPath,
        async () => {
          order.push(`${name} in`)
          expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: process.pid })
          await new Promise((done) => setTimeout(done, ms))
          order.push(`${name} out`)
        },
        { link: noLinks },
      )
    await Promise.all([hold('a', 30), hold('b', 0)])
    // One holder at a time: each leaves before the other enters.
    expect(order).toEqual(order[0] === 'a in' ? ['a in', 'a out', 'b in', 'b out'] : ['b in', 'b out', 'a in', 'a out'])
    expect(await readdir(dir)).toEqual([])
  })

  it('takes over at once a lock whose holder on this host is gone, and says so', async () => {
    const path = join(await tempDir(), 'baseline.json')
    await writeFile(`${path}.lock`, JSON.stringify({ pid: 999_999_99, host: hostname() }))
    const said: string[] = []
    const started = Date.now()
    await updateBaselineFile(path, () => planBaselineUpdate(undefined, [], meta, { prune: false }), {
      onTakeover: (line) => said.push(line),
    })
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(said).toEqual([`perf-sentinel: took over the stale lock ${path}.lock: its holder (pid 99999999) is no longer running.`])
  })

  it('takes over a lock whose time lies in the future (a skewed clock) instead of failing every run', async () => {
    const path = join(await tempDir(), 'baseline.json')
    await writeFile(`${path}.lock`, '{"pid":1,"host":"another-machine"}')
    const inAnHour = new Date(Date.now() + 3_600_000)
    await utimes(`${path}.lock`, inAnHour, inAnHour)
    const said: string[] = []
    await updateBaselineFile(path, () => planBaselineUpdate(undefined, [], meta, { prune: false }), {
      onTakeover: (line) => said.push(line),
      timeoutMs: 2_000,
    })
    expect(said[0]).toMatch(/its time lies \d+ s in the future\.$/)
  })
})

describe('writeFileAtomic() and what the user owns', () => {
  it('refuses to replace a read-only file and leaves it as it was (mode included)', async () => {
    const path = join(await tempDir(), 'perf-baseline.json')
    await writeFile(path, 'mine')
    await chmod(path, 0o444)
    const error = await writeFileAtomic(path, 'theirs').catch((reason: unknown) => reason)
    expect((error as PerfSentinelError).code).toBe('E_WRITE')
    expect((error as PerfSentinelError).message).toContain(`${path} is read-only`)
    expect(await readFile(path, 'utf8')).toBe('mine')
    expect((await stat(path)).mode & 0o777).toBe(0o444)
  })

  it('keeps the file mode on rewrite', async () => {
    const path = join(await tempDir(), 'report.json')
    await writeFile(path, 'one')
    await chmod(path, 0o600)
    await writeFileAtomic(path, 'two')
    expect((await stat(path)).mode & 0o777).toBe(0o600)
  })

  it('removes temp files left by a writer killed mid-write, and only those', async () => {
    const dir = await tempDir()
    const path = join(dir, 'perf-baseline.json')
    await writeFile(join(dir, '.perf-baseline.json.99999999.abcdef.tmp'), 'torn')
    await writeFile(join(dir, `.perf-baseline.json.${process.pid}.abcdef.tmp`), 'a live writer of this process')
    await writeFileAtomic(path, 'new')
    expect((await readdir(dir)).sort()).toEqual([`.perf-baseline.json.${process.pid}.abcdef.tmp`, 'perf-baseline.json'])
  })
})
