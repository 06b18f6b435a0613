/**
 * Gives inline `test.projects` entries their own perf-sentinel plugin. Vitest applies the root config's plugins only
 * to projects with `extends: true`; every other inline project is a separate Vite server that would run its tests
 * without the matchers. Entries may be objects, promises of objects or functions returning either; strings (globs,
 * folders, config files) load their own config files, which this cannot change (see setupCoverage.ts).
 */

/** The entry as Vitest resolves it: an object project config, a promise of one, a function, or a path/glob string. */
export type ProjectEntry = unknown

const PLUGIN_NAME = 'perf-sentinel'

interface InlineProject {
  extends?: unknown
  plugins?: unknown
}

function isInlineProject(value: unknown): value is InlineProject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { then?: unknown }).then !== 'function'
}

/** True when a (possibly nested) plugin list already holds a perf-sentinel plugin. */
function hasPerfPlugin(plugins: unknown): boolean {
  if (Array.isArray(plugins)) return plugins.some(hasPerfPlugin)
  return typeof plugins === 'object' && plugins !== null && (plugins as { name?: unknown }).name === PLUGIN_NAME
}

/** One entry with the plugin added where Vitest would not apply the root's. */
export function withPlugin(entry: ProjectEntry, makePlugin: () => object): ProjectEntry {
  if (typeof entry === 'string') return entry
  if (typeof entry === 'function') {
    const define = entry as (...args: unknown[]) => unknown
    return async (...args: unknown[]): Promise<unknown> => withPlugin(await define(...args), makePlugin)
  }
  if (typeof (entry as { then?: unknown } | null)?.then === 'function') {
    return Promise.resolve(entry).then((resolved) => withPlugin(resolved, makePlugin))
  }
  if (!isInlineProject(entry) || entry.extends === true || hasPerfPlugin(entry.plugins)) return entry
  const plugins = entry.plugins === undefined ? [] : Array.isArray(entry.plugins) ? entry.plugins : [entry.plugins]
  return { ...entry, plugins: [...plugins, makePlugin()] }
}

/** Every entry of `test.projects`, each with the plugin where it needs one. */
export function withPluginInProjects(entries: readonly ProjectEntry[], makePlugin: () => object): ProjectEntry[] {
  return entries.map((entry) => withPlugin(entry, makePlugin))
}
