const { measure } = require('perf-sentinel')
const { slugify } = require('../src/slugify.js')

describe('slugify', () => {
  test('makes URL slugs', () => {
    expect(slugify('Hello, World!')).toBe('hello-world')
  })

  test('is fast enough for every request', async () => {
    expect(() => slugify('A Title With Several Words, Punctuation & Ümlauts')).toCompleteWithin(0.1)
    const result = await measure('slugify a title', () => slugify('A Title With Several Words, Punctuation & Ümlauts'))
    expect(result.p99Ms).toBeLessThan(1)
  })
})
