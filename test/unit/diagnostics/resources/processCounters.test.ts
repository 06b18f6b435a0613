import { readdirSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { openCounterReader } from '../../../../src/diagnostics/resources/processCounters.js'

const MIB = 1024 * 1024
const linux = process.platform === 'linux'
const openDescriptors = (): number => readdirSync('/proc/self/fd').length

function spin(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end) {}
}

/** A worker thread that keeps a core busy for `ms`, started and running before this resolves. */
async function busyThread(ms: number): Promise<Worker> {
  const worker = new Worker(
    `require('node:worker_threads').parentPort.postMessage('go'); const end = Date.now() + ${ms}; while (Date.now() < end) {}`,
    {
      eval: true,
    },
  )
  await new Promise((resolve) => worker.once('message', resolve))
  return worker
}

describe('openCounterReader()', () => {
  it.runIf(linux)('thread scope: counts this thread’s CPU time, not another busy thread’s', async () => {
    const reader = openCounterReader('thread')
    expect(reader.scope).toBe('thread')
    const before = reader.read()
    const processBefore = process.cpuUsage()
    const worker = await busyThread(300)
    // The main thread sleeps while the worker burns: thread time hardly moves, process time does.
    await new Promise((resolve) => setTimeout(resolve, 250))
    const after = reader.read()
    const processAfter = process.cpuUsage(processBefore)
    await worker.terminate()
    const threadMs = (after.cpuMicros - before.cpuMicros) / 1000
    const processMs = (processAfter.user + processAfter.system) / 1000
    expect(processMs).toBeGreaterThan(100)
    expect(threadMs).toBeLessThan(processMs / 2)
  })

  it.runIf(linux)('thread scope: a busy loop on this thread shows as its CPU time', () => {
    const reader = openCounterReader('thread')
    const before = reader.read()
    const t0 = performance.now()
    spin(80)
    const wallMs = performance.now() - t0
    const cpuMs = (reader.read().cpuMicros - before.cpuMicros) / 1000
    // A shared machine may take the core away for part of it, never give more than the wall time.
    expect(cpuMs).toBeGreaterThan(20)
    expect(cpuMs).toBeLessThan(wallMs + 5)
  })

  it.runIf(linux)('thread scope: RSS and heap agree with process.memoryUsage()', () => {
    const reader = openCounterReader('thread')
    const counted = reader.read()
    const memory = process.memoryUsage()
    expect(counted.rssBytes).toBeGreaterThan(memory.rss * 0.8)
    expect(counted.rssBytes).toBeLessThan(memory.rss * 1.25)
    expect(Math.abs(counted.heapUsedBytes - memory.heapUsed)).toBeLessThan(32 * MIB)
  })

  it.runIf(linux)('opens its /proc files once per thread: more readers hold no more descriptors', () => {
    openCounterReader('thread').read()
    const before = openDescriptors()
    const readers = [openCounterReader('thread'), openCounterReader('thread'), openCounterReader('thread')]
    for (const reader of readers) expect(reader.read().rssBytes).toBeGreaterThan(10 * MIB)
    expect(openDescriptors()).toBe(before)
    expect(openCounterReader('thread').read().cpuMicros).toBeGreaterThan(0)
  })

  it('process scope: the whole process’s CPU time, as process.cpuUsage() counts it', () => {
    const reader = openCounterReader('process')
    expect(reader.scope).toBe('process')
    const a = process.cpuUsage()
    const counted = reader.read().cpuMicros
    const b = process.cpuUsage()
    expect(counted).toBeGreaterThanOrEqual(a.user + a.system)
    expect(counted).toBeLessThanOrEqual(b.user + b.system)
  })
})
