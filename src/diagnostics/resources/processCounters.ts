import { closeSync, openSync, readSync } from 'node:fs'
import { getHeapStatistics } from 'node:v8'

/** One reading of the counters a resource sample is made of. */
export interface ProcessCounters {
  /** CPU time (user + system), µs: of the whole process, or of the reading thread (see `CounterScope`). */
  cpuMicros: number
  /** Resident set size of the whole process. */
  rssBytes: number
  /** This isolate's JS heap in use. */
  heapUsedBytes: number
}

/**
 * Whose CPU time a reader counts. `process`: every thread's (`process.cpuUsage()`), RSS and heap from
 * `process.memoryUsage()`. `thread`: the reading thread's only, and the RSS from `/proc/self/status` — never a
 * question about the whole process's CPU time, which stalls on a busy VM (see `openCounterReader`).
 */
export type CounterScope = 'thread' | 'process'

/** Reads the counters; `close()` releases what it holds (up to two file descriptors). */
export interface CounterReader {
  read(): ProcessCounters
  /** Whose CPU time `cpuMicros` is: `thread` only where the platform tells it cheaply (else `process`). */
  readonly scope: CounterScope
  close(): void
}

/**
 * A reader of CPU time, RSS and JS heap. With `scope: 'thread'` it never asks the kernel for the whole process's
 * CPU time: that question (`process.cpuUsage()`, and `/proc/self/stat`, which `process.memoryUsage()` reads for the
 * RSS) sums over every thread of the process, and in a Jest worker on this 2-vCPU VM, with the other worker busy, it
 * stalled for 2–12 ms in ~30% of the readings (85–150 ms per worker over 150 readings, most of the sampler's cost),
 * while this thread's own time (`/proc/thread-self/schedstat`, ns) and `/proc/self/status` never took 0.1 ms. Thread
 * time comes from `process.threadCpuUsage()` where Node has it (22.19, 23.9 and later), else that Linux file; with
 * neither (macOS, Windows) the reader falls back to the process scope. The process scope stays for fresh processes:
 * there the first read of those files costs ~0.4 ms more than the process counters (lazy compilation), and Vitest
 * starts a process per test file by default.
 */
export function openCounterReader(scope: CounterScope): CounterReader {
  const threadCpuUsage = scope === 'thread' ? (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage : undefined
  const sched = scope === 'thread' && threadCpuUsage === undefined ? openProc('/proc/thread-self/schedstat') : undefined
  const status = threadCpuUsage !== undefined || sched !== undefined ? openProc('/proc/self/status') : undefined
  if (status === undefined) {
    if (sched !== undefined) closeSync(sched)
    return processReader()
  }
  const buffer = Buffer.allocUnsafe(4096)
  let open = true
  const threadCpuMicros = (): number => {
    if (threadCpuUsage !== undefined) {
      const usage = threadCpuUsage.call(process)
      return usage.user + usage.system
    }
    // schedstat: "<ns on CPU> <ns waiting> <timeslices>"
    return (leadingNumber(buffer, 0, readSync(sched as number, buffer, 0, buffer.length, 0)) ?? 0) / 1000
  }
  const rssBytes = (): number => {
    const length = readSync(status, buffer, 0, buffer.length, 0)
    const at = lineAfter(buffer, length, VM_RSS)
    const kb = at < 0 ? undefined : leadingNumber(buffer, at, length)
    return kb === undefined ? process.memoryUsage.rss() : kb * 1024
  }
  return {
    scope: 'thread',
    read(): ProcessCounters {
      if (!open) return processReader().read()
      return { cpuMicros: threadCpuMicros(), rssBytes: rssBytes(), heapUsedBytes: getHeapStatistics().used_heap_size }
    },
    close(): void {
      if (!open) return
      open = false
      closeSync(status)
      if (sched !== undefined) closeSync(sched)
    },
  }
}

function processReader(): CounterReader {
  return {
    scope: 'process',
    read(): ProcessCounters {
      const cpu = process.cpuUsage()
      const memory = process.memoryUsage()
      return { cpuMicros: cpu.user + cpu.system, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed }
    },
    close(): void {},
  }
}

/** A descriptor of a Linux /proc file, or undefined elsewhere (and where /proc is not mounted). */
function openProc(path: string): number | undefined {
  if (process.platform !== 'linux') return undefined
  try {
    return openSync(path, 'r')
  } catch {
    return undefined
  }
}

/** `VmRSS:` as bytes, the label of the RSS line of /proc/self/status. */
const VM_RSS = Buffer.from('VmRSS:')

/** Index just past `label` at the start of a line of `buffer[0, length)`, or −1 (a byte loop: no string decoding). */
function lineAfter(buffer: Buffer, length: number, label: Buffer): number {
  for (let start = 0; start < length; ) {
    let i = 0
    while (i < label.length && buffer[start + i] === label[i]) i++
    if (i === label.length) return start + i
    const end = buffer.indexOf(0x0a, start)
    if (end < 0 || end >= length) return -1
    start = end + 1
  }
  return -1
}

/** The first run of ASCII digits in `buffer[from, to)`, skipping blanks before it; undefined when there is none. */
function leadingNumber(buffer: Buffer, from: number, to: number): number | undefined {
  let i = from
  while (i < to && (buffer[i] === 0x20 || buffer[i] === 0x09)) i++
  let value = 0
  let digits = 0
  for (; i < to; i++, digits++) {
    const byte = buffer[i] as number
    if (byte < 0x30 || byte > 0x39) break
    value = value * 10 + (byte - 0x30)
  }
  return digits > 0 ? value : undefined
}
