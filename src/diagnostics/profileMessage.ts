/**
 * How a CPU profile appears in a failure message: where the file is and the top self-time functions, so the
 * message alone names the hot function. Also the identity a matcher's profile file is named after.
 */
import { formatMs } from '../format.js'
import type { ProfileSummary } from '../model/diagnostics.js'

/** Top functions shown in a failure message (the report lists ten). */
const MESSAGE_TOP = 3

/** The lines a failure message gains from a profile (none without one). */
export function profileLines(profile: ProfileSummary | undefined): string[] {
  if (!profile) return []
  const lines = ['']
  if (profile.path !== undefined) {
    lines.push(
      `CPU profile of a replay (${profile.operations} operation${profile.operations === 1 ? '' : 's'}, ${formatMs(profile.durationMs)}): ${profile.path}`,
    )
  }
  const top = profile.top.slice(0, MESSAGE_TOP)
  if (top.length > 0) {
    lines.push('Top self time:')
    for (const f of top)
      lines.push(`  ${f.selfPercent.toFixed(1).padStart(5)}%  ${f.functionName} (${f.file === '' ? 'native' : `${f.file}:${f.line}`})`)
  }
  for (const note of profile.notes) lines.push(`(${note})`)
  return lines
}

/** The part of a matcher's `this` that identifies the test (Vitest and Jest both have these). */
interface TestIdentity {
  testPath?: string
  currentTestName?: string
}

// Where Jest's and Vitest's `expect` keep their state (currentTestName, testPath), matchers or not.
const MATCHERS_OBJECT = Symbol.for('$$jest-matchers-object')

/** The running test's identity from the global expect state, for callers without a matcher context (`measure()`). */
function expectState(): TestIdentity {
  const holder = (globalThis as Record<symbol, unknown>)[MATCHERS_OBJECT] as { state?: TestIdentity } | undefined
  return holder?.state ?? {}
}

/** Test file, test name and measurement name: what a profile file is named after. */
export function profileNameParts(context: unknown, name: string): string[] {
  const { testPath, currentTestName } = (context ?? expectState()) as TestIdentity
  const file = typeof testPath === 'string' ? (testPath.split(/[\\/]/).pop() ?? testPath) : ''
  return [file, typeof currentTestName === 'string' ? currentTestName : '', name].filter((part) => part !== '')
}
