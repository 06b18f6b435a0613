import { median } from '../../stats/summarize.js'

/** Least-squares slope of y over x (0 when x does not vary). */
export function leastSquaresSlope(x: readonly number[], y: readonly number[]): number {
  const n = Math.min(x.length, y.length)
  if (n < 2) return 0
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) {
    mx += x[i] as number
    my += y[i] as number
  }
  mx /= n
  my /= n
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx
    sxy += dx * ((y[i] as number) - my)
    sxx += dx * dx
  }
  return sxx === 0 ? 0 : sxy / sxx
}

/**
 * Theil–Sen slope (Sen 1968): the median of the slopes between every pair of points. A post-GC heap is flat with the
 * odd jump (V8 compiling code, growing a table once); one jump moves a least-squares slope, not this one.
 */
export function theilSenSlope(x: readonly number[], y: readonly number[]): number {
  const slopes: number[] = []
  const n = Math.min(x.length, y.length)
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = (x[j] as number) - (x[i] as number)
      if (dx !== 0) slopes.push(((y[j] as number) - (y[i] as number)) / dx)
    }
  }
  return slopes.length === 0 ? 0 : median(slopes)
}

/** Share of consecutive points where y went up (a steady leak grows in nearly every round). */
export function growingShare(y: readonly number[]): number {
  if (y.length < 2) return 0
  let up = 0
  for (let i = 1; i < y.length; i++) if ((y[i] as number) > (y[i - 1] as number)) up++
  return up / (y.length - 1)
}
