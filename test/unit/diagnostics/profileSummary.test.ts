import { describe, expect, it } from 'vitest'
import type { CpuProfile, CpuProfileNode } from '../../../src/diagnostics/cpuProfile.js'
import { hottestUserFrame, readProfile } from '../../../src/diagnostics/profileSummary.js'

const ROOT = '/project'
function node(
  id: number,
  functionName: string,
  url: string,
  line: number,
  children: number[] = [],
  positionTicks?: CpuProfileNode['positionTicks'],
): CpuProfileNode {
  return {
    id,
    callFrame: { functionName, scriptId: String(id), url, lineNumber: line, columnNumber: 4 },
    children,
    ...(positionTicks ? { positionTicks } : {}),
  }
}

/**
 * root ─┬ (idle) 2
 *       ├ perfSentinelReplay 3 ─ subject 4 ─ hot 5 ─ now 6 (node internals)
 *       ├ subject 4' (async continuation, same function) 7
 *       └ (garbage collector) 8
 */
const profile: CpuProfile = {
  startTime: 1_000,
  endTime: 2_000,
  nodes: [
    node(1, '(root)', '', -1, [2, 3, 7, 8]),
    node(2, '(idle)', '', -1),
    node(3, 'perfSentinelReplay', '', 0, [4]),
    node(4, 'subject', 'file:///project/test/a.test.js', 9, [5]),
    node(
      5,
      'hot',
      'file:///project/test/work.js',
      2,
      [6],
      [
        { line: 5, ticks: 9 },
        { line: 4, ticks: 1 },
      ],
    ),
    node(6, 'now', 'node:internal/perf/performance', 130),
    node(7, 'subject', 'file:///project/test/a.test.js', 9),
    node(8, '(garbage collector)', '', -1),
  ],
  // 10 samples, 100 µs apart: hot ×5, now ×2, continuation ×1, idle ×1, gc ×1.
  samples: [5, 5, 5, 6, 6, 5, 7, 2, 8, 5],
  timeDeltas: [0, 100, 100, 100, 100, 100, 100, 100, 100, 100],
}

describe('readProfile()', () => {
  it('ranks functions by self time over the non-idle samples, with project-relative 1-based locations', () => {
    const reading = readProfile(profile, ROOT)
    expect(reading).toMatchObject({ durationMs: 1, samples: 10, effectiveIntervalUs: 100 })
    expect(reading.top.map((f) => [f.functionName, f.file, f.line, Number(f.selfPercent.toFixed(1))])).toEqual([
      ['hot', 'test/work.js', 3, 55.6],
      ['now', 'node:internal/perf/performance', 131, 22.2],
      ['subject', 'test/a.test.js', 10, 11.1],
      ['(garbage collector)', '', 0, 11.1],
    ])
  })

  it('counts the subject’s share by its source position, async continuations included', () => {
    // 8 of the 9 non-idle samples: everything but the GC one (the continuation, node 7, is the same function).
    const location = { scriptId: '4', lineNumber: 9, columnNumber: 4 }
    expect(readProfile(profile, ROOT, { location }).subjectSharePercent).toBeCloseTo((100 * 8) / 9)
    // Without a position, the replay loop's direct callees identify the subject the same way.
    expect(readProfile(profile, ROOT, { marker: 'perfSentinelReplay' }).subjectSharePercent).toBeCloseTo((100 * 8) / 9)
    expect(readProfile(profile, ROOT, { location: { scriptId: '9', lineNumber: 1, columnNumber: 1 } }).subjectSharePercent).toBeUndefined()
  })

  it('maps positions through a source mapper when one is given', () => {
    const mapper = (url: string, line0: number) =>
      url.endsWith('work.js') ? { source: '/project/src/work.ts', line: line0 + 100, column: 1 } : undefined
    expect(readProfile(profile, ROOT, undefined, mapper).top[0]).toMatchObject({ file: 'src/work.ts', line: 102 })
  })
})

describe('hottestUserFrame()', () => {
  it('names the innermost user frame of the samples inside the windows, at its hottest line', () => {
    expect(hottestUserFrame(profile, [[1_000, 2_000]], ROOT)).toEqual({ functionName: 'hot', file: 'test/work.js', line: 5, column: 1 })
  })

  it('ignores samples outside every window and windows with only runtime frames', () => {
    // Only the continuation (7th sample, at 1,600 µs) and idle/gc samples fall inside.
    expect(
      hottestUserFrame(
        profile,
        [
          [1_550, 1_650],
          [1_750, 1_850],
        ],
        ROOT,
      )?.functionName,
    ).toBe('subject')
    expect(hottestUserFrame(profile, [[1_750, 1_850]], ROOT)).toBeUndefined()
  })

  it("skips positionTicks lines that are not the function's own (code V8 inlined from another script)", () => {
    const inlined = (ticks: CpuProfileNode['positionTicks']): CpuProfile => ({
      ...profile,
      nodes: profile.nodes.map((n) => (n.id === 5 ? { ...n, positionTicks: ticks } : n)),
    })
    // A mapped script of ~30 lines: line 139 (Node's performance.now() inlined) has no mapping, line 5 has.
    const mapper = (url: string, line0: number) =>
      url.endsWith('work.js') && line0 < 30 ? { source: '/project/test/work.ts', line: line0 + 1, column: 1 } : undefined
    const mixed = inlined([
      { line: 139, ticks: 40 },
      { line: 5, ticks: 9 },
    ])
    expect(hottestUserFrame(mixed, [[1_000, 2_000]], ROOT, mapper)).toMatchObject({ functionName: 'hot', file: 'test/work.ts', line: 5 })
    // Before the function's first line (line 3): never its own, mapped or not.
    const before = inlined([
      { line: 1, ticks: 40 },
      { line: 4, ticks: 2 },
    ])
    expect(hottestUserFrame(before, [[1_000, 2_000]], ROOT)).toMatchObject({ functionName: 'hot', line: 4 })
    // Nothing of its own: the function's first line.
    expect(hottestUserFrame(inlined([{ line: 139, ticks: 40 }]), [[1_000, 2_000]], ROOT, mapper)).toMatchObject({ line: 3 })
  })
})
