import { describeValue } from '../src/errors.js'

/**
 * The error a matcher throws when the measured function itself threw or rejected: nothing was measured (`timed`,
 * `judged`: what the matcher would have done). The stack is the subject's, so the failure points at its code.
 */
export function subjectFailed(matcher: string, error: unknown, what = 'measured'): Error {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error)
  const wrapped = new Error(`${matcher}: the measured function threw, so nothing was ${what}.\n${detail}`, { cause: error })
  if (error instanceof Error && error.stack) wrapped.stack = `${wrapped.message}\n${error.stack.split('\n').slice(1).join('\n')}`
  return wrapped
}
