import { describe, expect, it } from 'vitest'
import { decideRounds } from '../../../src/ab/decideRounds.js'
import { finalVerdicts } from '../../../src/ab/finalVerdicts.js'
import { judgeControl } from '../../../src/ab/judgeControl.js'
import { resolveAbOptions } from '../../../src/ab/options.js'
import type { RoundSeries } from '../../../src/ab/roundSeries.js'
import { normalDraw, seededRandom } from '../../helpers/seededRandom.js'
import { meta } from './roundMeta.js'

const { compare } = resolveAbOptions()

/** A series with `rounds` per side: base and control at 1 ms, head at `headMs` (control at `controlMs`), log-noise `noise`. */
function series(
  entries: Record<string, { headMs?: number; controlMs?: number; baseOnly?: boolean }>,
  rounds: number,
  seed = 1,
  noise = 0.01,
): RoundSeries {
  const random = seededRandom(seed)
  const draw = (ms: number): number => ms * Math.exp(noise * normalDraw(random))
  const result: RoundSeries = new Map()
  for (const [id, e] of Object.entries(entries)) {
    const half = rounds / 2
    result.set(id, {
      meta: meta(id),
      base: Array.from({ length: half }, () => draw(1)),
      control: Array.from({ length: half }, () => draw(e.controlMs ?? 1)),
      head: e.baseOnly ? [] : Array.from({ length: rounds }, () => draw(e.headMs ?? 1)),
    })
  }
  return result
}

describe('decideRounds()', () => {
  it('names a clear slowdown a candidate, and says in A/B terms what is new and removed', () => {
    const s = series({ slow: { headMs: 1.3 }, same: {}, gone: { baseOnly: true } }, 12)
    s.set('fresh', { meta: meta('fresh'), base: [], control: [], head: [1, 1, 1, 1, 1, 1] })
    const decision = decideRounds(s, compare)
    expect(decision.candidates).toEqual(['slow'])
    expect(decision.comparisons.get('same')?.verdict).toBe('unchanged')
    expect(decision.comparisons.get('fresh')?.reason).toBe(
      'The base commit does not have this measurement, so there is nothing to compare it with.',
    )
    expect(decision.comparisons.get('gone')?.verdict).toBe('removed')
  })

  it('keeps a measurement open while its interval still reaches the fail threshold', () => {
    const decision = decideRounds(series({ close: { headMs: 1.03 } }, 6, 1, 0.05), { ...compare, failThresholdPercent: 5 })
    expect(decision.open).toEqual(['close'])
  })
})

describe('judgeControl()', () => {
  it('does not judge with fewer than 5 control rounds per side', () => {
    expect(judgeControl(series({ a: { controlMs: 1.5 } }, 8), compare).kind).toBe('not-judged')
  })

  it('is stable when base and control agree, unstable when identical code moved beyond its noise floor', () => {
    expect(judgeControl(series({ a: {}, b: {} }, 12), compare).kind).toBe('stable')
    const moved = judgeControl(series({ a: { controlMs: 1.2 }, b: {} }, 12), compare)
    expect(moved.kind).toBe('unstable')
    expect(moved.summary).toMatch(/^Unstable: identical base code moved \+\d+\.\d% .* in a\.$/)
  })
})

describe('finalVerdicts()', () => {
  const sampling = decideRounds(series({ slow: { headMs: 1.3 } }, 12), compare)
  const stable = judgeControl(series({ slow: {} }, 12), compare)

  it('keeps a regression that independent rounds confirm, saying so', () => {
    const confirmation = decideRounds(series({ slow: { headMs: 1.3 } }, 12, 2), compare)
    const final = finalVerdicts(sampling, confirmation, stable)
    expect(final.comparisons.get('slow')?.verdict).toBe('regressed')
    expect(final.comparisons.get('slow')?.reason).toContain('Confirmed by independent rounds: +')
    expect(final.confirmations.get('slow')?.kind).toBe('confirmed')
  })

  it('turns a candidate that does not reproduce into inconclusive, with both estimates', () => {
    const confirmation = decideRounds(series({ slow: {} }, 12, 3), compare)
    const final = finalVerdicts(sampling, confirmation, stable)
    expect(final.comparisons.get('slow')?.verdict).toBe('inconclusive')
    expect(final.comparisons.get('slow')?.reason).toMatch(
      /^A candidate \(\+\d+\.\d%, 99% interval .*\) that did not reproduce: independent rounds saw [+-]\d+\.\d%.*\(unchanged\), so it does not fail the run\.$/,
    )
    expect(final.confirmations.get('slow')?.kind).toBe('not-confirmed')
  })
  // Was "did not reproduce" also when the independent rounds saw the same change but could not decide it.
  it('says a candidate whose confirmation saw it but stayed inconclusive was not settled, not that it did not reproduce', () => {
    const confirmation = {
      comparisons: new Map([['slow', { ...sampling.comparisons.get('slow'), verdict: 'inconclusive' as const }]]),
      open: [],
      candidates: [],
    }
    const final = finalVerdicts(sampling, confirmation as never, stable)
    expect(final.comparisons.get('slow')?.verdict).toBe('inconclusive')
    expect(final.comparisons.get('slow')?.reason).toMatch(
      /^A candidate \(\+\d+\.\d%, 99% interval .*\) that independent rounds could not settle: they saw \+\d+\.\d%.*\(inconclusive\), so it does not fail the run\.$/,
    )
  })
})
