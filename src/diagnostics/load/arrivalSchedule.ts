/**
 * The open model's timetable (pure): when the i-th operation is meant to start, in ms after the run starts. The rate
 * climbs linearly from 0 to `rate` over `rampUpMs`, then stays there, so the arrivals made by time t are
 * N(t) = rate·t²/(2·ramp) during the ramp and rate·ramp/2 + rate·(t − ramp) after it; arrival i is due when N(t) = i.
 */
export interface ArrivalSchedule {
  /** Arrivals in the run. */
  total: number
  /** Intended start of arrival `i` (0-based), in ms since the run started. */
  intendedMs(i: number): number
}

/** Builds the timetable for `rate` per second over `durationMs`, or for exactly `requests` arrivals. */
export function arrivalSchedule(rate: number, rampUpMs: number, end: { durationMs: number } | { requests: number }): ArrivalSchedule {
  const perMs = rate / 1000
  const rampArrivals = (perMs * rampUpMs) / 2
  const intendedMs = (i: number): number => {
    if (i <= rampArrivals) return rampUpMs === 0 ? 0 : Math.sqrt((2 * rampUpMs * i) / perMs)
    return rampUpMs + (i - rampArrivals) / perMs
  }
  if ('requests' in end) return { total: end.requests, intendedMs }
  const d = end.durationMs
  const arrivalsBy = d <= rampUpMs ? (perMs * d * d) / (2 * rampUpMs) : rampArrivals + perMs * (d - rampUpMs)
  // Arrival i belongs to the run when it is due strictly before the end: i < N(d). Rounding guards 999.9999999.
  const total = Math.ceil(Number(arrivalsBy.toFixed(9)))
  return { total, intendedMs }
}
