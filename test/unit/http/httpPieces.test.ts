import { describe, expect, it } from 'vitest'
import { createLatencyHistogram, latencyQuantile, recordLatency } from '../../../src/http/latencyHistogram.js'
import { normalizePath, routeMatcher } from '../../../src/http/normalizePath.js'
import { redactedUrl, requestParams, slowRequestKey } from '../../../src/http/requestSummary.js'
import type { RequestSummary } from '../../../src/http/requestSummary.js'
import { sliceProfile, toProfileClock } from '../../../src/http/sliceProfile.js'
import { createBlockProbe } from '../../../src/http/blockProbe.js'

describe('normalizePath()', () => {
  it('replaces numbers, UUIDs and tokens, and drops the query and a trailing slash', () => {
    expect(normalizePath('/users/42/orders/9f1c0d2e-5b7a-4c3e-8d6f-0a1b2c3d4e5f?x=1')).toBe('/users/:id/orders/:uuid')
    expect(normalizePath('/files/5f9d88b2c1e4a7d3f0b6/')).toBe('/files/:token')
    expect(normalizePath('/s/aB3dE6gH9jK2mN5pQ8rT1')).toBe('/s/:token')
    expect(normalizePath('/about/team')).toBe('/about/team')
    expect(normalizePath('/')).toBe('/')
  })
  it('answers the same from its cache, and stays right past the cache size (a scan of random URLs)', () => {
    expect(normalizePath('/users/7?page=2')).toBe('/users/:id')
    expect(normalizePath('/users/7?page=3')).toBe('/users/:id')
    for (let i = 0; i < 2500; i++) expect(normalizePath(`/scan/${i}/x${i}`)).toBe(`/scan/:id/x${i}`)
    expect(normalizePath('/users/7/')).toBe('/users/:id')
  })
  it('cuts very long paths so one URL cannot make a huge key', () => {
    expect(normalizePath(`/${'a'.repeat(5000)}`).length).toBeLessThanOrEqual(200)
  })
})

describe('routeMatcher()', () => {
  it('matches the paths a template accepts', () => {
    expect(routeMatcher('/users/:id').test('/users/42')).toBe(true)
    expect(routeMatcher('/users/:id').test('/users/42/orders')).toBe(false)
    expect(routeMatcher('/files/*path').test('/files/a/b.txt')).toBe(true)
    expect(routeMatcher('/a{/:b}').test('/a')).toBe(true)
    expect(routeMatcher('/a{/:b}').test('/a/x')).toBe(true)
    expect(routeMatcher('/v1.0/x').test('/v1a0/x')).toBe(false)
  })
})

describe('latency histogram', () => {
  it('gives quantiles within ±3% of the exact ones', () => {
    const histogram = createLatencyHistogram()
    const values = Array.from({ length: 10_000 }, (_, i) => 0.05 + (i % 1000) * 0.7)
    for (const value of values) recordLatency(histogram, value)
    const sorted = [...values].sort((a, b) => a - b)
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = sorted[Math.ceil(q * sorted.length) - 1] as number
      expect(Math.abs(latencyQuantile(histogram, q) / exact - 1)).toBeLessThan(0.03)
    }
    expect(histogram.maxMs).toBe(Math.max(...values))
  })
  it('reads the slowest request exactly where the rank is the last one (one request, or p95 of two)', () => {
    const one = createLatencyHistogram()
    recordLatency(one, 80.4)
    expect(latencyQuantile(one, 0.5)).toBe(80.4)
    const two = createLatencyHistogram()
    recordLatency(two, 79.6)
    recordLatency(two, 83.9)
    expect(latencyQuantile(two, 0.95)).toBe(83.9)
    expect(Math.abs(latencyQuantile(two, 0.5) / 79.6 - 1)).toBeLessThan(0.03)
  })
  it('never reads a percentile below the fastest request (the bucket middle alone did: 39.8 ms for 40.4–41.9 ms)', () => {
    const histogram = createLatencyHistogram()
    for (const ms of [41.86, 40.5, 40.45, 40.44, 40.55]) recordLatency(histogram, ms)
    expect(latencyQuantile(histogram, 0.5)).toBe(40.44)
    expect(histogram.minMs).toBe(40.44)
  })
  it('keeps the exact maximum for durations beyond the last bucket', () => {
    const histogram = createLatencyHistogram()
    recordLatency(histogram, 500_000)
    expect(latencyQuantile(histogram, 0.99)).toBe(500_000)
  })
})

describe('request parameters', () => {
  const redact = (name: string): boolean => /token|password/i.test(name)
  it('lists query and parsed body parameters, redacting secret ones', () => {
    expect(requestParams('/x?a=1&token=s3cret&a=2', { password: 'p', n: 5 }, redact)).toEqual([
      ['a', '1'],
      ['token', '[redacted]'],
      ['a', '2'],
      ['password', '[redacted]'],
      ['n', '5'],
    ])
    expect(redactedUrl('/x?a=1&token=s3cret', redact)).toBe('/x?a=1&token=[redacted]')
    expect(redactedUrl('/x?a=1', redact)).toBe('/x?a=1')
  })

  it('shows the URL as received: other values keep their escapes, malformed ones stay as they came', () => {
    const url = '/q?a=%zz&b=%E0%A4%A&c=x+y&secret_token=S3CR3T#top'
    expect(redactedUrl(url, redact)).toBe('/q?a=%zz&b=%E0%A4%A&c=x+y&secret_token=[redacted]#top')
    expect(requestParams(url, undefined, redact)).toEqual([
      ['a', '%zz'],
      ['b', '%E0%A4%A'],
      ['c', 'x y'],
      ['secret_token', '[redacted]'],
    ])
  })

  it("keys a slow request by the set of parameter names with keyParams: 'names' (repeats and order do not matter)", () => {
    const key = (url: string): string =>
      slowRequestKey({
        summary: { method: 'GET', route: '/q', url, status: 200, durationMs: 1, eventLoopBlockedMs: 0, time: '' },
        path: '/q',
        params: requestParams(url, undefined, redact),
        keyParams: 'names',
      })
    expect(key('/q?a=1&a=2&b')).toBe(key('/q?b=8&a=9'))
    expect(key('/q?a=1')).not.toBe(key('/q?a=1&b=2'))
  })
})

describe('sliceProfile()', () => {
  it('keeps only the samples inside the window, with deltas from its start', () => {
    const profile = { nodes: [], startTime: 1000, endTime: 2000, samples: [1, 2, 3, 4, 5], timeDeltas: [100, 200, 200, 200, 200] }
    // sample times: 1100, 1300, 1500, 1700, 1900
    expect(sliceProfile(profile, 1250, 1750)).toEqual({
      nodes: [],
      startTime: 1250,
      endTime: 1750,
      samples: [2, 3, 4],
      timeDeltas: [50, 200, 200],
    })
  })
  it('maps performance.now() onto the profile clock from the stop anchor', () => {
    expect(toProfileClock({ nodes: [], startTime: 0, endTime: 5_000_000 }, 1000, 990)).toBe(4_990_000)
  })
})

describe('createBlockProbe()', () => {
  it('counts a block while it is still in progress, and never decreases', async () => {
    const probe = createBlockProbe(10)
    const start = performance.now()
    probe.touch(start)
    const before = probe.blockedMs(start)
    const end = start + 80
    while (performance.now() < end) {
      // block the loop for 80 ms
    }
    const during = probe.blockedMs(performance.now())
    expect(during - before).toBeGreaterThanOrEqual(60)
    // The timer's late tick replaces the pending estimate: the total never goes back.
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(probe.blockedMs(performance.now())).toBeGreaterThanOrEqual(during)
    probe.stop()
  })
})

describe('slowRequestKey()', () => {
  const summary: RequestSummary = {
    method: 'GET',
    route: '/search',
    url: '/search?q=x',
    status: 200,
    durationMs: 1500,
    eventLoopBlockedMs: 0,
    time: '',
  }
  const request = (params: Array<[string, string]>, keyParams: 'values' | 'names' | 'none') =>
    slowRequestKey({ summary, path: '/search', params, keyParams })

  it('keys on parameter values, names only, or neither, as configured', () => {
    expect(request([['q', 'x']], 'values')).not.toBe(request([['q', 'y']], 'values'))
    expect(request([['q', 'x']], 'names')).toBe(request([['q', 'y']], 'names'))
    expect(request([['q', 'x']], 'names')).not.toBe(request([['page', 'x']], 'names'))
    expect(request([['q', 'x']], 'none')).toBe(request([], 'none'))
  })
})
