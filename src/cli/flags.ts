import { PerfSentinelError } from '../errors.js'

/** A whole-number flag ≥ `min`, or `undefined` when not given; anything else is a usage error naming the flag. */
export function integerFlag(value: string | boolean | string[] | undefined, flag: string, min = 1): number | undefined {
  if (value === undefined) return undefined
  const text = String(value)
  const number = Number(text)
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(number) || number < min) {
    throw new PerfSentinelError('E_USAGE', `--${flag} needs a whole number ≥ ${min}, received ${JSON.stringify(text)}`, {
      fix: `pass e.g. --${flag} ${Math.max(min, 3)}`,
    })
  }
  return number
}

/** A string flag's value, or `undefined`. */
export function stringFlag(value: string | boolean | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** A number flag ≥ `min` (decimals allowed), or `undefined` when not given; anything else is a usage error naming the flag. */
export function numberFlag(value: string | boolean | string[] | undefined, flag: string, min = 0): number | undefined {
  if (value === undefined) return undefined
  const text = String(value)
  const number = Number(text)
  if (text.trim() === '' || !Number.isFinite(number) || number < min) {
    throw new PerfSentinelError('E_USAGE', `--${flag} needs a number ≥ ${min}, received ${JSON.stringify(text)}`, {
      fix: `pass e.g. --${flag} 10`,
    })
  }
  return number
}

/** `--json` or `--markdown`, not both: each prints a whole document, and one would silently win. */
export function outputStyle(values: Record<string, string | boolean | string[] | undefined>): 'json' | 'markdown' | 'text' {
  if (values.json === true && values.markdown === true) {
    throw new PerfSentinelError('E_USAGE', '--json and --markdown were both given', {
      fix: 'pass one of them (or neither for the text table)',
    })
  }
  return values.json === true ? 'json' : values.markdown === true ? 'markdown' : 'text'
}
