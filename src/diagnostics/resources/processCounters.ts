import { closeSync, openSync, readSync } from 'node:fs'
import { getHeapStatistics } from 'node:v8'
import { threadSlot } from './threadSlots.js'

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

/** Reads the counters. Holds nothing to release: the thread's /proc descriptors are shared (see `threadFile`). */
export interface CounterReader {
  read(): ProcessCounters
  /** Whose CPU time `cpuMicros` is: `thread` only where the platform tells it cheaply (else `process`). */
  readonly scope: CounterScope
}

/**
 * A reader of CPU time, RSS and JS heap. With `scope: 'thread'` it never asks the kernel for the whole process's
 * CPU time: that question (`process.cpuUsage()`, and `/proc/self/stat`, which `process.memoryUsage()` reads for the
 * RSS) sums over every thread of the process, and in a Jest worker on this 2-vCPU VM, with the other worker busy, it
 * stalled for 2–12 ms in ~30% of the readings (85–150 ms per worker over 150 readings, most of the sampler's cost),
 * while this thread's own time (`/proc/thread-self/schedstat`, ns) and `/proc/self/status` never took 0.1 ms. Thread
 * time comes from `process.threadCpuUsage()` where Node has it (22.19, 23.9 and later), else that Linux file; with
 * neither (macOS, Windows, a kernel without schedstats) the reader falls back to the process scope. The thread's
 * time advances at the scheduler's tick (~4 ms here) while it runs: readings tens of ms apart are rough, and the
 * 250 ms ones within ~2%. The process scope stays for fresh processes: there the first read of those files costs
 * ~0.4 ms more than the process counters (lazy compilation), and Vitest starts a process per test file by default.
 */
export function openCounterReader(scope: CounterScope): CounterReader {
  if (scope !== 'thread') return processReader()
  const threadCpuUsage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage
  const sched = threadCpuUsage === undefined ? threadFile(SCHEDSTAT) : undefined
  const status = threadCpuUsage !== undefined || sched !== undefined ? threadFile(STATUS) : undefined
  if (status === undefined) return processReader()
  // The last good values: a reading that cannot be parsed (it should not happen) repeats them rather than jumping.
  let lastCpuMicros: number | undefined
  let lastRssBytes: number | undefined
  const threadCpuMicros = (): number => {
    if (threadCpuUsage !== undefined) {
      const usage = threadCpuUsage.call(process)
      return usage.user + usage.system
    }
    // schedstat: "<ns on CPU> <ns waiting> <timeslices>\n"
    const into = readBuffer()
    const ns = leadingNumber(into, 0, readSync(sched as number, into, 0, into.length, 0))
    if (ns !== undefined) lastCpuMicros = ns / 1000
    return lastCpuMicros ?? processCpuMicros()
  }
  const rssBytes = (): number => {
    const into = readBuffer()
    const length = readSync(status, into, 0, into.length, 0)
    const at = lineAfter(into, length, VM_RSS)
    const kb = at < 0 ? undefined : leadingNumber(into, at, length)
    if (kb !== undefined) lastRssBytes = kb * 1024
    return lastRssBytes ?? process.memoryUsage.rss()
  }
  return {
    scope: 'thread',
    read: () => ({ cpuMicros: threadCpuMicros(), rssBytes: rssBytes(), heapUsedBytes: getHeapStatistics().used_heap_size }),
  }
}

function processCpuMicros(): number {
  const cpu = process.cpuUsage()
  return cpu.user + cpu.system
}

function processReader(): CounterReader {
  return {
    scope: 'process',
    read(): ProcessCounters {
      const cpuMicros = processCpuMicros()
      const memory = process.memoryUsage()
      return { cpuMicros, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed }
    },
  }
}

const SCHEDSTAT = '/proc/thread-self/schedstat'
const STATUS = '/proc/self/status'

/** Room for /proc/self/status with a long `Groups:` line (it is ~1.5 KB usually); made on first use. */
let buffer: Buffer = Buffer.alloc(0)
function readBuffer(): Buffer {
  if (buffer.length === 0) buffer = Buffer.allocUnsafe(16 * 1024)
  return buffer
}

/**
 * The thread's descriptor of `path`, opened and checked on first use; undefined off Linux or when unusable. Kept in
 * a thread slot (a number: no sandbox stays reachable) and open for the thread's life, so a test file whose `afterAll`
 * never ran leaks nothing and later files pay no `open`. −1 marks a file that cannot be used here.
 */
function threadFile(path: typeof SCHEDSTAT | typeof STATUS): number | undefined {
  if (process.platform !== 'linux') return undefined
  const slot = threadSlot<number>(`procFile.${path}`)
  const known = slot.get()
  if (known !== undefined) return known < 0 ? undefined : known
  let fd = -1
  try {
    fd = openSync(path, 'r')
    // A kernel without scheduler statistics answers "0 0 0": this thread, running now, has used some CPU time.
    const into = readBuffer()
    if (path === SCHEDSTAT && !((leadingNumber(into, 0, readSync(fd, into, 0, into.length, 0)) ?? 0) > 0)) {
      closeSync(fd)
      fd = -1
    }
  } catch {
    fd = -1
  }
  slot.set(fd)
  return fd < 0 ? undefined : fd
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

/**
 * The run of ASCII digits starting at `from` (blanks before it skipped) in `buffer[from, to)`, when a blank or a
 * newline ends it; undefined when there is no digit or the data ends inside the number (a truncated read).
 */
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
  const end = buffer[i]
  return digits > 0 && i < to && (end === 0x20 || end === 0x0a || end === 0x09) ? value : undefined
}
