import { environmentFingerprint } from '../env/fingerprint.js'
import { asError } from '../errors.js'
import { isGated } from '../model/comparison.js'
import { writeFileAtomic } from '../stores/atomicWrite.js'
import { buildReport } from './buildReport.js'
import type { PerfReport } from '../model/report.js'
import type { MeasurementRecord } from '../model/types.js'

/** A confirmation re-run's whole job: hand its gated measurements to the parent run, write nothing else. */
export async function writeConfirmationRecords(
  input: { runner: PerfReport['run']['runner']; startedAt: Date; records: readonly MeasurementRecord[] },
  path: string,
): Promise<{ report: PerfReport; failures: Error[] }> {
  const failures: Error[] = []
  try {
    await writeFileAtomic(path, JSON.stringify(input.records.filter(isGated)))
  } catch (error) {
    failures.push(asError(error))
  }
  const report = buildReport({
    run: {
      startedAt: input.startedAt.toISOString(),
      durationMs: 0,
      runner: input.runner,
      ci: true,
      git: { notes: [] },
      environment: environmentFingerprint({ runner: input.runner.name, runnerVersion: input.runner.version }),
    },
    records: [],
  })
  return { report, failures }
}
