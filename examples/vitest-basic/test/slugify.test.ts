import { describe, expect, test } from 'vitest'
import { measure } from 'perf-sentinel'
import { slugify } from '../src/slugify.js'

describe('slugify', () => {
  test('makes URL slugs', () => {
    expect(slugify('Hello, World!')).toBe('hello-world')
    expect(slugify('Crème brûlée')).toBe('creme-brulee')
  })

  test('is fast enough for every request', async () => {
    // Budget on the median of warmed-up samples (the default statistic).
    expect(() => slugify('A Title With Several Words, Punctuation & Ümlauts')).toCompleteWithin(0.05)
    // A bench hook: recorded in perf-report/ and compared with the baseline on the next run.
    const result = await measure('slugify a title', () => slugify('A Title With Several Words, Punctuation & Ümlauts'))
    expect(result.p99Ms).toBeLessThan(1)
  })
})
