import { ranInItsProject } from '../model/types.js'

/** What a run covered: filtered runs (`-t`, file filters, shards) compare only what they could have measured. */
export interface RunScope {
  /** Test files that ran, relative to the root. */
  ranFiles: readonly string[]
  /** Tests that exist but were skipped, as `file > full test name`. */
  skippedTests: readonly string[]
  /**
   * `[project] > file` (`projectFileKey`) of each file a named project ran. Given, an id of a named project is within
   * reach only where that project ran its file: `--project unit` leaves another project's entries of a shared file
   * alone (was: compared as removed, and pruned by `-u`).
   */
  ranProjectFiles?: readonly string[]
}

/**
 * Whether the baseline measurement `id` (`file > test > name`) was within this run's reach: its file ran and its
 * test was not skipped. `test` is the entry's exact `file > test name` when the baseline file knows it.
 */
export function inScope(
  rawId: string,
  test: string | undefined,
  scope: { ranFiles: ReadonlySet<string>; skipped: ReadonlySet<string>; ranProjectFiles?: ReadonlySet<string> | undefined },
): boolean {
  if (!ranInItsProject(rawId, scope.ranProjectFiles)) return false
  // A project prefix (`[web] > …`) is not part of the file: files are the same across projects.
  const id = rawId.startsWith('[') && rawId.includes('] > ') ? rawId.slice(rawId.indexOf('] > ') + 4) : rawId
  const fileEnd = id.indexOf(' > ')
  if (fileEnd < 0 || !scope.ranFiles.has(id.slice(0, fileEnd))) return false
  // Known test (baseline file entries): exact, as the baseline update prunes.
  if (test !== undefined) return !scope.skipped.has(test)
  // The test name may itself contain " > " (describe blocks): try every prefix that ends at one.
  for (let at = id.indexOf(' > ', fileEnd + 3); at >= 0; at = id.indexOf(' > ', at + 3)) {
    if (scope.skipped.has(id.slice(0, at))) return false
  }
  return true
}

/**
 * Removes from `bases` the entries this run could not have produced (their file did not run, their test was
 * skipped): not `removed`, just not compared. Ids this run did produce always stay.
 */
export function dropOutOfScope<T>(
  bases: Map<string, T>,
  producedIds: ReadonlySet<string>,
  testOf: ReadonlyMap<string, string>,
  scope: RunScope,
): void {
  const sets = {
    ranFiles: new Set(scope.ranFiles),
    skipped: new Set(scope.skippedTests),
    ranProjectFiles: scope.ranProjectFiles && new Set(scope.ranProjectFiles),
  }
  for (const id of bases.keys()) if (!producedIds.has(id) && !inScope(id, testOf.get(id), sets)) bases.delete(id)
}
