import { describe, expect, test } from 'vitest'
import { measure } from 'perf-sentinel'
import { csvRows, loadCsv, parseCsv } from '../src/csv.js'

const csv = Array.from({ length: 200 }, (_, i) => `${i},"name ${i}","a ""quoted"" note",${i * 3.5}`).join('\n')

describe('csv', () => {
  test('parses quoted fields', () => {
    expect(parseCsv('a,"b,c","d ""e"""\n1,2,3')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['1', '2', '3'],
    ])
  })

  test('parses 200 rows within budget', async () => {
    expect(() => parseCsv(csv)).toHavePercentileWithin(95, 5)
    expect(() => parseCsv(csv)).toAchieveThroughput(500)
    await measure('parse 200 rows', () => parseCsv(csv))
  })

  test('streams rows from a generator', async () => {
    await measure('stream 200 rows', () => csvRows(csv))
  })

  test('loads asynchronously', async () => {
    await expect(() => loadCsv(csv)).toCompleteWithin(20)
  })
})
