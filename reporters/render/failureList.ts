/**
 * The short list of failures a perf reporter prints when it is the runner's only reporter (Vitest
 * `--reporter perf`, a Jest config without 'default'): nothing else would show what failed.
 */

/** The first line of an error message, trimmed. */
export function firstLine(text: string | undefined): string {
  return (text ?? '').trim().split('\n')[0] ?? ''
}

/** `FAIL <where>: <first line of the message>`. */
export function failureLine(where: string, message: string | undefined): string {
  return ` FAIL ${where}: ${firstLine(message)}`
}

/** The lines under a header counting them and saying how to see details; '' when there are none. */
export function failureBlock(lines: readonly string[], detailsHint: string): string {
  return lines.length === 0 ? '' : `\n ${lines.length} failure(s) (add ${detailsHint} for details):\n${lines.join('\n')}`
}
