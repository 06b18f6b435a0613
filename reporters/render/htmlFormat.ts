/**
 * Formatting the HTML report needs beyond `src/format.ts`: fixed display units per measurement, counts, dates.
 * Deterministic (no locale, no time zone) so the same report always renders to the same bytes.
 */

/** A display unit for times, and how many of it make one millisecond. */
export interface TimeUnit {
  label: 'ns' | 'µs' | 'ms' | 's'
  perMs: number
}

/** Every display unit, smallest first. */
export const TIME_UNITS: readonly TimeUnit[] = [
  { label: 'ns', perMs: 1e6 },
  { label: 'µs', perMs: 1e3 },
  { label: 'ms', perMs: 1 },
  { label: 's', perMs: 1e-3 },
]

/** The unit that shows `ms` with 1 to 3 digits before the decimal point (seconds stay seconds above 1000 s). */
export function timeUnitFor(ms: number): TimeUnit {
  const abs = Math.abs(ms)
  if (!Number.isFinite(abs) || abs === 0) return TIME_UNITS[2] as TimeUnit
  for (const unit of TIME_UNITS) {
    if (abs * unit.perMs < 1000) return unit
  }
  return TIME_UNITS[3] as TimeUnit
}

/** Three significant digits without exponent notation: 0.0123 → "0.0123", 12.345 → "12.3", 12345 → "12345". */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—'
  const abs = Math.abs(value)
  if (abs >= 100) return value.toFixed(0)
  if (abs >= 10) return value.toFixed(1)
  if (abs >= 1 || abs === 0) return value.toFixed(2)
  return String(Number(value.toPrecision(3)))
}

/** A time in a given unit, so a measurement's statistics line up: `formatInUnit(0.0123, µs)` → "12.3 µs". */
export function formatInUnit(ms: number | undefined, unit: TimeUnit): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—'
  return `${formatNumber(ms * unit.perMs)} ${unit.label}`
}

/** An integer with thin grouping: 12345 → "12 345". */
export function formatCount(count: number): string {
  if (!Number.isFinite(count)) return '—'
  return String(Math.round(count)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f')
}

/** An ISO time as "2025-01-06 09:00 UTC"; anything unparsable is shown as given. */
export function formatDate(iso: string): string {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return iso
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** A run duration: "850 ms", "48.2 s", "3 min 12 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${formatNumber(ms / 1000)} s`
  const minutes = Math.floor(ms / 60_000)
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`
}

/** The short form of a commit: 7 characters of a hex SHA, anything else as given. */
export function shortCommit(commit: string): string {
  return /^[0-9a-f]{12,}$/i.test(commit) ? commit.slice(0, 7) : commit
}
