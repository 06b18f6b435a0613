/**
 * Terminal conventions shared by the commands: colour only on a TTY and never with `NO_COLOR` (std-env's rule,
 * re-read from the command's own environment so tests can inject it) and aligned tables. Commands write progress
 * to stderr, so stdout stays parseable.
 */
import { hasTTY } from 'std-env'

/** Whether to colour output written for `env`: `FORCE_COLOR` forces, `NO_COLOR` or no TTY disables. */
export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean = hasTTY && process.stdout.isTTY === true): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true
  return isTTY && env.TERM !== 'dumb'
}

/** ANSI styles that vanish when colour is off. */
export interface Paint {
  red(text: string): string
  green(text: string): string
  yellow(text: string): string
  dim(text: string): string
  bold(text: string): string
}

/** The styles for one command run. */
export function paint(color: boolean): Paint {
  const style =
    (open: number, close: number) =>
    (text: string): string =>
      color ? `\u001b[${open}m${text}\u001b[${close}m` : text
  return { red: style(31, 39), green: style(32, 39), yellow: style(33, 39), dim: style(2, 22), bold: style(1, 22) }
}

/** Rows as aligned columns (two spaces apart); the last column is not padded. */
export function formatTable(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths: number[] = []
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length)
  }
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
  )
}
