import type { BaseIssue } from 'valibot'

/** How many schema issues an error message lists: the first few locate the problem, the rest is noise. */
export const MAX_LISTED_ISSUES = 5

/**
 * Formats valibot issues as "key path: message" lines, e.g.
 * `entries["a.test.ts > sorts > sort"].stats.medianMs: Invalid type: Expected number but received "fast"`.
 */
export function formatSchemaIssues(issues: readonly BaseIssue<unknown>[], max: number = MAX_LISTED_ISSUES): string {
  const lines = issues.slice(0, max).map((issue) => `  - ${formatIssuePath(issue)}: ${describeIssue(issue)}`)
  if (issues.length > max) {
    lines.push(`  - … and ${issues.length - max} more`)
  }
  return lines.join('\n')
}

/** valibot words a missing key as 'Invalid key: Expected "name" but received undefined'; say "missing" instead. */
function describeIssue(issue: BaseIssue<unknown>): string {
  return issue.message.startsWith('Invalid key') && issue.received === 'undefined' ? 'missing' : issue.message
}

/** Dotted path for identifier keys, bracketed JSON for the rest (measurement ids contain spaces, dots and ">"). */
function formatIssuePath(issue: BaseIssue<unknown>): string {
  const path = issue.path ?? []
  if (path.length === 0) {
    return '(root)'
  }
  return path
    .map((item, index) => {
      const key: unknown = item.key
      if (typeof key === 'number') {
        return `[${key}]`
      }
      const text = String(key)
      if (/^[A-Za-z_$][\w$]*$/.test(text)) {
        return index === 0 ? text : `.${text}`
      }
      return `[${JSON.stringify(text)}]`
    })
    .join('')
}
