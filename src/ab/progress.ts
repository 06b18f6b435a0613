/** The progress line `perf-sentinel compare` prints on stderr after every round. Pure. */
import type { AbProgress } from './sampleAb.js'

/**
 * One line: phase, round number and side, its duration, measurements decided, sampling time left.
 * @example formatProgress(p) // "compare: sampling round 9 (head, 4.1 s) · 12/20 decided · 2:31 of budget left"
 */
export function formatProgress(p: AbProgress): string {
  const parts = [`compare: ${p.phase} round ${p.round} (${p.arm}, ${(p.result.durationMs / 1000).toFixed(1)} s)`]
  if (p.phase !== 'discovery') parts.push(`${p.decided}/${p.total} decided`)
  parts.push(p.phase === 'confirmation' ? 'confirming candidates' : `${formatClock(p.leftMs)} of budget left`)
  if (p.result.failure !== undefined) parts.push(`tests failed: ${p.result.failure}`)
  return parts.join(' · ')
}

/** Milliseconds as m:ss. */
export function formatClock(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}
