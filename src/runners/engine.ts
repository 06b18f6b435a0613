/**
 * The worker-side engine the setup files load on first use (see engineLoader.ts): the matchers — with measurement,
 * statistics and diagnostics behind them — and the drain of `perfTiming` calls. Test files that never use
 * perf-sentinel never load it.
 */
export { perfMatchers } from '../../matchers/index.js'
export { takeTestCalls } from '../diagnostics/callStats.js'
