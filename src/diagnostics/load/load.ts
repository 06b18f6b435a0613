import { currentRecorder } from '../../record/recorder.js'
import { loadRecord } from './loadRecord.js'
import type { LoadOptions, LoadResult, LoadTarget } from './loadTypes.js'
import { prepareLoad, runLoad } from './runLoad.js'

/**
 * Load test inside a test: drives a function or an HTTP endpoint at a fixed arrival rate (open model, the default;
 * latency from the intended start, so a stall cannot hide itself) or with `concurrency` callers in a loop (closed
 * model), and returns throughput, p50–p99.9, errors by class and the generator's self-check. The result is recorded
 * for the reports and the baseline like a `measure()`.
 * @example const r = await load({ url: `http://127.0.0.1:${port}/` }, { rate: 200, durationMs: 5000 })
 * @example await load(() => handler(req), { concurrency: 8, requests: 10_000 })
 */
export async function load(target: LoadTarget, options: LoadOptions): Promise<LoadResult> {
  const prepared = prepareLoad(target, options, 'load()')
  const result = await runLoad(prepared.target, prepared.options, 'load()')
  if (prepared.options.record) {
    const { result: measureResult, load: figures } = loadRecord(result)
    currentRecorder()?.record({ name: result.name, autoName: false, kind: 'measure', result: measureResult, load: figures })
  }
  return result
}
