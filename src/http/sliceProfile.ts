/** The parts of a V8 `.cpuprofile` that slicing reads and rewrites (times in µs on V8's monotonic clock). */
export interface CpuProfile {
  nodes: unknown[]
  startTime: number
  endTime: number
  samples?: number[]
  timeDeltas?: number[]
}

/**
 * Keeps the samples of `profile` taken between `fromUs` and `toUs` (V8's clock): the profiler records across a
 * longer window than the request it is for (it starts before, off the request path), so the request's own
 * window is cut out of it. Nodes are kept whole (DevTools and speedscope ignore nodes without samples). Pure.
 */
export function sliceProfile(profile: CpuProfile, fromUs: number, toUs: number): CpuProfile {
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  const kept: number[] = []
  const keptDeltas: number[] = []
  let time = profile.startTime
  let previous = Math.max(profile.startTime, fromUs)
  for (let i = 0; i < samples.length; i++) {
    time += deltas[i] ?? 0
    if (time < fromUs) continue
    if (time > toUs) break
    kept.push(samples[i] as number)
    keptDeltas.push(time - previous)
    previous = time
  }
  return {
    ...profile,
    startTime: Math.max(profile.startTime, fromUs),
    endTime: Math.min(profile.endTime, toUs),
    samples: kept,
    timeDeltas: keptDeltas,
  }
}

/**
 * Maps a `performance.now()` time (ms) onto the profile's clock (µs), anchored at the moment the profile was stopped:
 * `endTime` is taken by V8 when `Profiler.stop` runs, and `stoppedAtMs` was read just before that call.
 */
export function toProfileClock(profile: CpuProfile, stoppedAtMs: number, atMs: number): number {
  return profile.endTime - (stoppedAtMs - atMs) * 1000
}
