// Small, hand-made inputs for the renderer tests (JSON, Markdown, terminal): a run and measurement records.
import type { BuildReportInput } from '../../src/pipeline/buildReport.js'
import { summarize } from '../../src/stats/summarize.js'
import type { BudgetOutcome, MeasurementKind, MeasurementRecord } from '../../src/model/types.js'

type Run = BuildReportInput['run']

/** A run of `runner` on a fixed 2-core Linux machine, started 2025-01-06 09:00 UTC; `rest` overrides any field. */
export function testRun(runner: Run['runner'], rest: Partial<Omit<Run, 'runner' | 'environment'>> = {}): Run {
  return {
    startedAt: '2025-01-06T09:00:00.000Z',
    durationMs: 1234,
    runner,
    ci: false,
    git: { notes: [] },
    environment: {
      hard: {
        os: 'linux',
        arch: 'x64',
        cpuModel: 'cpu',
        cores: 2,
        totalMemoryGiB: 8,
        node: 'v20.20.2',
        v8: '11.3',
        runner: runner.name,
        runnerVersion: runner.version,
        pluginVersion: '0.1.0',
        flags: [],
      },
      soft: { loadAverage1m: 0.1, cpuSpeedMHz: 2000 },
    },
    ...rest,
  }
}

export interface TestRecordOptions {
  kind?: MeasurementKind
  medianMs?: number
  concurrent?: boolean
  budget?: BudgetOutcome
  testName?: string
}

/** A measurement in test/a.perf.test.ts with three samples around `medianMs` (default 2 ms). */
export function testRecord(name: string, options: TestRecordOptions = {}): MeasurementRecord {
  const medianMs = options.medianMs ?? 2
  const samplesMs = [medianMs * 0.9, medianMs, medianMs * 1.5]
  const r: MeasurementRecord = {
    file: 'test/a.perf.test.ts',
    testName: options.testName ?? 'suite > case',
    name,
    kind: options.kind ?? 'measure',
    concurrent: options.concurrent ?? false,
    result: {
      name,
      subject: 'sync',
      ...summarize(samplesMs),
      samplesMs,
      batchSize: 1,
      operations: 3,
      warmupOperations: 1,
      sampledForMs: 5,
    },
  }
  if (options.budget) r.budget = options.budget
  return r
}
