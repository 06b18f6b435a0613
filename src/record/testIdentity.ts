/**
 * Where a test sits, as the runner itself lists it: the describe titles and the test's own title (never split on
 * " > "), and the project that ran it. `measurementId()` builds unique ids from this, so `describe('a > b')` and
 * `describe('a') > describe('b')`, or one file run by two projects, never share a baseline entry.
 */
import type { MeasurementRecord } from '../model/types.js'

/** The identity fields a runner adapter adds to a record. */
export interface TestIdentity {
  /** Describe titles from the file down, then the test's title. */
  testPath: string[]
  /** The Vitest project or Jest `displayName`; absent for an unnamed project. */
  project?: string | undefined
}

/** A node of Vitest's reporter tree (TestCase → TestSuite… → TestModule) as far as titles go. */
export interface VitestTreeNode {
  name?: string
  type?: string
  parent?: VitestTreeNode
}

/** A TestCase's titles from the file down: its suites' names (not the module's), then its own. */
export function vitestTitlePath(test: VitestTreeNode): string[] {
  const titles: string[] = []
  for (let node: VitestTreeNode | undefined = test; node !== undefined && node.type !== 'module'; node = node.parent)
    titles.push(node.name ?? '')
  return titles.reverse()
}

/** A jest-circus test entry (Jest 30 `expect.getState().currentTestIdentity()`) as far as titles go. */
export interface CircusTestEntry {
  name?: unknown
  parent?: CircusTestEntry
}

/**
 * A jest-circus test's titles from the file down: every describe block's name but the hidden root block's (the one
 * without a parent), then the test's. Undefined when the entry does not look like one.
 */
export function circusTitlePath(entry: CircusTestEntry | undefined): string[] | undefined {
  if (entry === undefined || typeof entry.name !== 'string') return undefined
  const titles: string[] = []
  for (let node: CircusTestEntry | undefined = entry; node?.parent !== undefined; node = node.parent) {
    if (typeof node.name !== 'string') return undefined
    titles.push(node.name)
  }
  return titles.length === 0 ? undefined : titles.reverse()
}

/** A project name worth naming in ids: the empty name of a single unnamed project is none. */
export function projectName(name: string | undefined): string | undefined {
  return name === undefined || name === '' ? undefined : name
}

/** The record with its test's identity: the title list, and the project when it has a name. */
export function withIdentity<T extends MeasurementRecord>(record: T, identity: TestIdentity): T {
  const { project: _project, ...rest } = record
  return identity.project === undefined
    ? ({ ...rest, testPath: identity.testPath } as T)
    : ({ ...rest, testPath: identity.testPath, project: identity.project } as T)
}
