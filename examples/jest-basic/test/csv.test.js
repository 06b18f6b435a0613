const { measure } = require('perf-sentinel')
const { csvRows, loadCsv, parseCsv } = require('../src/csv.js')

const csv = Array.from({ length: 200 }, (_, i) => `${i},"name ${i}","a ""quoted"" note",${i * 3.5}`).join('\n')

describe('csv', () => {
  test('parses 200 rows within budget', async () => {
    expect(() => parseCsv(csv)).toHavePercentileWithin(95, 10)
    await measure('parse 200 rows', () => parseCsv(csv))
  })

  test('streams rows from a generator', async () => {
    await measure('stream 200 rows', () => csvRows(csv))
  })

  test('loads asynchronously', async () => {
    await expect(() => loadCsv(csv)).toCompleteWithin(20)
  })
})
