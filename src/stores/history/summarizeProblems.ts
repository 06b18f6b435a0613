/**
 * Problems of a history read, bounded for the report: a few are listed one by one, more become one summary line
 * (300 corrupt run files once gave 300 notes, burying everything else the run had to say).
 */

/** Problems listed one by one; beyond this many they are summarised. */
export const LISTED_PROBLEMS_MAX = 3

/**
 * `problems` as they are when there are few, else one line: how many, where, the first one (with its fix) as the
 * example. `what` names the source, e.g. "history files in .perf-sentinel/history".
 */
export function summarizeProblems(problems: readonly string[], what: string): string[] {
  if (problems.length <= LISTED_PROBLEMS_MAX) return [...problems]
  const [headline = '', ...fix] = (problems[0] ?? '').split('\n')
  const first = headline.replace(/^skipped (history file )?/, '')
  return [[`skipped ${problems.length} unusable ${what}; the first: ${first}`, ...fix].join('\n')]
}
