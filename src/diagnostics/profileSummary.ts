/**
 * Reading a CPU profile (pure): the top functions by self time, the share of samples spent in the measured
 * function, the effective sampling interval, and which user function was running during a given time window (the
 * blocking matcher's "where").
 */
import { isAbsolute, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CodeLocation, ProfileHotFunction } from '../model/diagnostics.js'
import type { CpuProfile, CpuProfileNode, FunctionLocation } from './cpuProfile.js'
import type { SourceMapper } from './sourceLocations.js'

/** How many functions the summary lists. */
const TOP_FUNCTIONS = 10
const IDLE = '(idle)'
/** V8's pseudo-frames: not code anyone can fix, so never "where" something blocked. */
const PSEUDO_FRAMES = new Set(['(root)', '(program)', '(idle)', '(garbage collector)'])

/** What a profile says, before it is written anywhere. */
export interface ProfileReading {
  durationMs: number
  samples: number
  effectiveIntervalUs: number
  subjectSharePercent?: number
  top: ProfileHotFunction[]
}

/** A profile's nodes by id, with parents. */
interface Indexed {
  byId: Map<number, CpuProfileNode>
  parentOf: Map<number, number>
}

function index(profile: CpuProfile): Indexed {
  const byId = new Map<number, CpuProfileNode>()
  const parentOf = new Map<number, number>()
  for (const node of profile.nodes) {
    byId.set(node.id, node)
    for (const child of node.children ?? []) parentOf.set(child, node.id)
  }
  return { byId, parentOf }
}

function frameKey(node: CpuProfileNode): string {
  const f = node.callFrame
  return `${f.functionName}\u0000${f.url}\u0000${f.lineNumber}\u0000${f.columnNumber}`
}

/** A path or file URL as shown to the reader: relative to `rootDir` when inside it, else as given. */
function displayFile(pathOrUrl: string, rootDir: string): string {
  try {
    const path = pathOrUrl.startsWith('file://') ? fileURLToPath(pathOrUrl) : pathOrUrl
    const inside = isAbsolute(path) ? relative(rootDir, path) : ''
    return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside.split(sep).join('/') : path
  } catch {
    // Not a file URL V8 can be trusted with: keep it as reported.
    return pathOrUrl
  }
}

/**
 * A frame's location: project-relative path when inside `rootDir`, 1-based line and column. With a source mapper,
 * the position in the file the user wrote (Vitest transforms every file; its lines move).
 */
export function codeLocation(node: CpuProfileNode, rootDir: string, mapper?: SourceMapper, line0?: number): CodeLocation {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame
  const line = line0 ?? lineNumber
  const column = line0 === undefined ? columnNumber : 0
  const mapped = url !== '' && line >= 0 ? mapper?.(url, line, column) : undefined
  if (mapped)
    return {
      functionName: functionName || '(anonymous)',
      file: displayFile(mapped.source, rootDir),
      line: mapped.line,
      column: mapped.column,
    }
  return { functionName: functionName || '(anonymous)', file: displayFile(url, rootDir), line: line + 1, column: column + 1 }
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[sorted.length >> 1] as number
}

/** How to recognise the measured function's frames: its source position, else the replay loop that called it. */
export interface SubjectFrames {
  location?: FunctionLocation | undefined
  /** Name of the replay loop's frame: the frames it calls directly are the subject's. */
  marker?: string
}

/**
 * Top self-time functions and the share of the subject: every non-idle sample with one of the subject's frames on
 * its stack (async continuations included, which resume without the replay loop below them).
 */
export function readProfile(profile: CpuProfile, rootDir: string, subject?: SubjectFrames, mapper?: SourceMapper): ProfileReading {
  const { byId, parentOf } = index(profile)
  const samples = profile.samples ?? []
  const effectiveIntervalUs = median((profile.timeDeltas ?? []).slice(1))
  const self = new Map<string, { node: CpuProfileNode; count: number }>()
  let nonIdle = 0
  for (const id of samples) {
    const node = byId.get(id)
    if (!node || node.callFrame.functionName === IDLE) continue
    nonIdle++
    const key = frameKey(node)
    const entry = self.get(key)
    if (entry) entry.count++
    else self.set(key, { node, count: 1 })
  }
  const top = [...self.values()]
    .sort((a, b) => b.count - a.count)
    .slice(0, TOP_FUNCTIONS)
    .map(({ node, count }) => ({
      ...codeLocation(node, rootDir, mapper),
      selfPercent: nonIdle === 0 ? 0 : (100 * count) / nonIdle,
      selfMs: (count * effectiveIntervalUs) / 1000,
    }))
  const reading: ProfileReading = {
    durationMs: (profile.endTime - profile.startTime) / 1000,
    samples: samples.length,
    effectiveIntervalUs,
    top,
  }
  if (subject !== undefined) {
    const subjectKeys = new Set<string>()
    const { location } = subject
    for (const node of profile.nodes) {
      const f = node.callFrame
      if (
        location &&
        f.scriptId === location.scriptId &&
        f.lineNumber === location.lineNumber &&
        f.columnNumber === location.columnNumber
      ) {
        subjectKeys.add(frameKey(node))
      }
      // The loop's direct callees, when the position is unknown (bound functions, no inspector Runtime).
      if (location || subject.marker === undefined || f.functionName !== subject.marker) continue
      for (const child of node.children ?? []) {
        const childNode = byId.get(child)
        if (childNode && !PSEUDO_FRAMES.has(childNode.callFrame.functionName)) subjectKeys.add(frameKey(childNode))
      }
    }
    if (subjectKeys.size > 0 && nonIdle > 0) {
      let inSubject = 0
      for (const id of samples) {
        const node = byId.get(id)
        if (!node || node.callFrame.functionName === IDLE) continue
        for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
          const frame = byId.get(at)
          if (frame && subjectKeys.has(frameKey(frame))) {
            inSubject++
            break
          }
        }
      }
      reading.subjectSharePercent = (100 * inSubject) / nonIdle
    }
  }
  return reading
}

/** True for a frame of the user's own code: a real file, not Node's internals nor a dependency. */
function isUserFrame(node: CpuProfileNode): boolean {
  const { url, functionName } = node.callFrame
  return url !== '' && !PSEUDO_FRAMES.has(functionName) && !url.startsWith('node:') && !url.includes('/node_modules/')
}

/**
 * The user function most often running inside the windows (`[startUs, endUs]` pairs, monotonic µs: the profile's
 * clock): for each sample in a window, the innermost frame that is the user's own code; its line is the function's
 * hottest line. Undefined when no sample fell inside (or only GC and runtime frames did).
 */
export function hottestUserFrame(
  profile: CpuProfile,
  windows: ReadonlyArray<readonly [number, number]>,
  rootDir: string,
  mapper?: SourceMapper,
): CodeLocation | undefined {
  const { byId, parentOf } = index(profile)
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  const counts = new Map<string, { node: CpuProfileNode; count: number }>()
  let at = profile.startTime
  for (let i = 0; i < samples.length; i++) {
    at += deltas[i] ?? 0
    const sampledAt = at
    if (!windows.some(([startUs, endUs]) => sampledAt >= startUs && sampledAt <= endUs)) continue
    for (let id: number | undefined = samples[i]; id !== undefined; id = parentOf.get(id)) {
      const node = byId.get(id)
      if (!node || !isUserFrame(node)) continue
      const key = frameKey(node)
      const entry = counts.get(key)
      if (entry) entry.count++
      else counts.set(key, { node, count: 1 })
      break
    }
  }
  let best: { node: CpuProfileNode; count: number } | undefined
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry
  if (!best) return undefined
  // The hottest line inside the function beats its first line: when V8 inlined the blocking callee (code optimized
  // before the profiler started carries no inlining info), that line is the call to it.
  let hottest: { line: number; ticks: number } | undefined
  const own = ownLines(best.node, mapper)
  for (const tick of best.node.positionTicks ?? []) if (own(tick.line) && (!hottest || tick.ticks > hottest.ticks)) hottest = tick
  return codeLocation(best.node, rootDir, mapper, hottest ? hottest.line - 1 : undefined)
}

/**
 * Which 1-based lines of a frame's positionTicks are the function's own. Optimized code can report lines of functions
 * V8 inlined into it from other scripts (seen in Vitest: a 20-line file's busy loop "hottest" at lines 139 and 530,
 * Node's own performance.now()): a line before the function's first line, or one that the script's source map does
 * not know while it knows the function's first line, is not the function's.
 */
function ownLines(node: CpuProfileNode, mapper: SourceMapper | undefined): (line: number) => boolean {
  const { url, lineNumber, columnNumber } = node.callFrame
  const mapped = mapper !== undefined && mapper(url, lineNumber, columnNumber) !== undefined
  return (line) => line >= lineNumber + 1 && (!mapped || mapper?.(url, line - 1, 0) !== undefined)
}
