import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { planBaselineUpdate, readBaseline, updateBaselineFile, writeBaseline } from '../../../src/stores/baseline/index.js'
import type { BaselineUpdateMeta } from '../../../src/stores/baseline/index.js'
import { measurementId } from '../../../src/model/types.js'
import { environment, record, tempDir } from './fixtures.js'

const meta: BaselineUpdateMeta = {
  git: { commit: 'a'.repeat(40), branch: 'main', dirty: false },
  environment,
  now: new Date('2026-11-23T10:00:00.000Z'),
}
const later: BaselineUpdateMeta = { ...meta, git: { ...meta.git, commit: 'b'.repeat(40) }, now: new Date('2026-11-24T10:00:00.000Z') }
const kept = record('test/sort.test.ts', 'sort > small arrays', 'quicksort', 0.25)
const replaced = record('test/parse.test.ts', 'parse', 'json', 3)

/** A baseline on disk as a newer perf-sentinel (or a person) left it: fields this version does not know. */
async function baselineWithUnknownFields(): Promise<string> {
  const path = join(await tempDir(), 'perf-baseline.json')
  await writeBaseline(path, planBaselineUpdate(undefined, [kept, replaced], meta, { prune: false }))
  const json = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown> & { entries: Record<string, Record<string, unknown>> }
  json.generator = { name: 'perf-sentinel', version: '9.0.0' }
  const keptEntry = json.entries[measurementId(kept)] as Record<string, unknown>
  keptEntry.owner = 'team-sort'
  keptEntry.confidence = { method: 'bootstrap', level: 0.99 }
  ;(json.entries[measurementId(replaced)] as Record<string, unknown>).owner = 'team-parse'
  // A "__proto__" key, as a hand-edited (or hostile) file may hold it.
  await writeFile(path, JSON.stringify(json, null, 2).replace('{', '{\n  "__proto__": { "polluted": true },'))
  return path
}

describe('baseline fields this version does not know', () => {
  it('are kept when an update rewrites the file: the top level, a kept entry and a replaced entry', async () => {
    const path = await baselineWithUnknownFields()
    await updateBaselineFile(path, (existing) =>
      planBaselineUpdate(existing, [{ ...replaced, result: { ...replaced.result, medianMs: 4 } }], later, { prune: false }),
    )
    const written = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown> & {
      entries: Record<string, Record<string, unknown>>
    }
    expect(written.generator).toEqual({ name: 'perf-sentinel', version: '9.0.0' })
    // The one key not kept: valibot drops "__proto__" (and "constructor", "prototype") so nothing can pollute a prototype.
    expect(Object.hasOwn(written, '__proto__')).toBe(false)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(written.entries[measurementId(kept)]).toMatchObject({ owner: 'team-sort', confidence: { method: 'bootstrap', level: 0.99 } })
    const replacedEntry = written.entries[measurementId(replaced)]
    expect(replacedEntry?.owner).toBe('team-parse')
    // The replaced entry holds the new measurement: only the unknown fields carried over.
    expect((replacedEntry?.git as { commit?: string } | undefined)?.commit).toBe('b'.repeat(40))
    expect(written).not.toHaveProperty('unknownFields')
    expect(replacedEntry).not.toHaveProperty('unknownFields')
  })

  it('read back as unknownFields beside the typed fields, and write back byte for byte', async () => {
    const path = await baselineWithUnknownFields()
    const file = await readBaseline(path)
    expect(file?.unknownFields?.generator).toEqual({ name: 'perf-sentinel', version: '9.0.0' })
    expect(file?.entries[measurementId(kept)]?.unknownFields).toEqual({
      owner: 'team-sort',
      confidence: { method: 'bootstrap', level: 0.99 },
    })
    expect(file?.entries[measurementId(kept)]).not.toHaveProperty('owner')
    if (file === undefined) throw new Error('no baseline read')
    const again = join(await tempDir(), 'again.json')
    await writeBaseline(again, file)
    const first = await readFile(again, 'utf8')
    await writeBaseline(again, (await readBaseline(again)) ?? file)
    expect(await readFile(again, 'utf8')).toBe(first)
    expect(first).toContain('"owner": "team-sort"')
  })

  it('do not change what a baseline without them looks like', async () => {
    const path = join(await tempDir(), 'plain.json')
    const file = planBaselineUpdate(undefined, [kept], meta, { prune: false })
    await writeBaseline(path, file)
    expect(await readBaseline(path)).toEqual(file)
    expect(await readFile(path, 'utf8')).not.toContain('unknownFields')
  })
})
