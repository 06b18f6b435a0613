import { do_not_optimize, measure as mitataMeasure } from 'mitata'
import { Bench } from 'tinybench'
import { measure } from '../../dist/index.js'

/**
 * Each harness measured with its defaults, as a user would call it. Returns per-operation figures in ns and the
 * harness's own samples (`sampleList`), from which the child computes precision figures AFTER the wall-time stop.
 * Ours consumes the subject's result itself (its loop stores every return value); mitata and tinybench get
 * `do_not_optimize(fn())`, mitata's documented way (a global store).
 */
export const harnesses = {
  ours: (fn) => runOurs(fn, {}),

  /**
   * Ours without the early stop (minTimeMs = timeMs = 1000): about tinybench's wall time, so precision can be
   * compared at equal wall time instead of extrapolated.
   */
  oursFullTime: (fn) => runOurs(fn, { minTimeMs: 1000 }),

  async mitata(fn) {
    const stats = await mitataMeasure(() => do_not_optimize(fn()))
    // mitata reports no margin of error: the child computes it from these samples (ns per operation, per batch).
    return { medianNs: stats.p50, meanNs: stats.avg, sampleList: stats.samples, sorted: true }
  },

  tinybench: (fn) => runTinybench(fn, {}),

  /** tinybench 6's opt-in correction: subtracts one estimated clock read from each single-call sample. */
  tinybenchSubtract: (fn) => runTinybench(fn, { subtractTimerOverhead: true }),
}

async function runOurs(fn, options) {
  // maxRetainedSamples only decides how many samples the result keeps (the default keeps 256, evenly strided);
  // keeping all of them lets the bench compute the median's margin from every sample, as for the other harnesses.
  const r = await measure('subject', fn, { ...options, maxRetainedSamples: 10_000 })
  return {
    medianNs: r.medianMs * 1e6,
    meanNs: r.meanMs * 1e6,
    rmePercent: r.rmePercent,
    sampleList: r.samplesMs,
    sorted: false,
    operationsPerSample: r.batchSize,
  }
}

async function runTinybench(fn, options) {
  // retainSamples keeps the latencies tinybench records anyway, so the bench can compute the median's margin.
  const bench = new Bench({ ...options, retainSamples: true })
  bench.add('subject', () => do_not_optimize(fn()))
  await bench.run()
  const { result } = bench.tasks[0]
  if (result.state !== 'completed') throw new Error(`tinybench ended in state ${result.state}: ${result.error}`)
  return {
    medianNs: result.latency.p50 * 1e6,
    meanNs: result.latency.mean * 1e6,
    rmePercent: result.latency.rme,
    sampleList: result.latency.samples,
    sorted: true,
    operationsPerSample: 1,
  }
}

/** Labels for the tables. */
export const HARNESS_LABELS = {
  ours: 'perf-sentinel `measure()`',
  oursFullTime: 'perf-sentinel, `minTimeMs: 1000` (no early stop)',
  mitata: 'mitata 1',
  tinybench: 'tinybench 6',
  tinybenchSubtract: 'tinybench 6 + `subtractTimerOverhead`',
}
