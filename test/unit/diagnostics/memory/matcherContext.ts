import type { MatcherContextLike } from '../../../../matchers/timingMatcher.js'

/** A stand-in for the matcher `this` of Vitest and Jest, with readable hints. */
export function matcherContext(isNot = false, currentTestName = 'memory test'): MatcherContextLike & { currentTestName: string } {
  return {
    isNot,
    promise: '',
    currentTestName,
    utils: {
      matcherHint: (name: string, received = 'received', expected = '', o: Record<string, unknown> = {}) =>
        `expect(${received})${o.isNot ? '.not' : ''}${name}(${expected})`,
      printReceived: String,
      printExpected: String,
    },
  }
}
