import type { EnvironmentFingerprint } from '../model/types.js'
import type { CompareInputBase } from './compareRun.js'
import { sameHardEnvironment } from './environment.js'

/** The slice of a stored history run the noise floor needs. */
export interface NoiseHistoryRun {
  git: { commit?: string | undefined; dirty?: boolean | undefined }
  environment: { hard: EnvironmentFingerprint['hard'] }
  measurements: Readonly<Record<string, { medianMs: number }>>
}

/**
 * Gives each base the medians of earlier runs of the baseline's own code (its commit, a clean tree) on the same kind
 * of machine: their spread is the between-run noise. Runs of other commits must not count: once a slowdown has been
 * recorded, its medians would widen the floor until the same slow code stopped failing. A base recorded on a dirty
 * tree (`recordedDirty`) gets none: no run of its commit measured the same code. Medians the base already has
 * (the processes of a multi-process baseline) are kept.
 */
export function attachNoiseHistory(
  bases: ReadonlyMap<string, CompareInputBase>,
  history: readonly NoiseHistoryRun[],
  environment: EnvironmentFingerprint,
  recordedDirty: ReadonlySet<string>,
): void {
  const sameMachine = history.filter((run) => run.git.dirty !== true && sameHardEnvironment(run.environment.hard, environment.hard))
  for (const [id, base] of bases) {
    if (base.commit === undefined || recordedDirty.has(id)) continue
    const medians = sameMachine.flatMap((run) => {
      const m = run.git.commit === base.commit ? run.measurements[id] : undefined
      return m ? [m.medianMs] : []
    })
    if (medians.length > 0) base.historyMediansMs = [...(base.historyMediansMs ?? []), ...medians]
  }
}
