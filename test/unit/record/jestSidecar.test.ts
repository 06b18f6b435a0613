import { describe, expect, it } from 'vitest'
import { pickSidecar, sidecarFileName, sidecarPrefix } from '../../../src/record/jestSidecar.js'

const sidecar = (setupAtMs?: number) => ({
  sidecar: { testPath: '/p/a.test.js', records: [], ...(setupAtMs === undefined ? {} : { setupAtMs }) },
})

describe('Jest sidecars', () => {
  it('name each run of a test file apart, under a prefix shared by the file', () => {
    expect(sidecarFileName('/p/a.test.js', '1-2-x')).toBe(`${sidecarPrefix('/p/a.test.js')}-1-2-x.json`)
    expect(sidecarPrefix('/p/a.test.js')).toMatch(/^[0-9a-f]{40}$/)
  })

  it('match a run to the sidecar whose setup ran inside its setup window', () => {
    const early = sidecar(1_000)
    const late = sidecar(5_000)
    expect(pickSidecar([early, late], { setupFilesStart: 4_900, setupFilesEnd: 5_100 })).toBe(late)
    expect(pickSidecar([early, late], { setupFilesStart: 900, setupFilesEnd: 1_050 })).toBe(early)
    expect(pickSidecar([early], {})).toBe(early)
    expect(pickSidecar([], {})).toBeUndefined()
  })
})
