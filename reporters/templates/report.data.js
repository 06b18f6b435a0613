/* Lazy reader of the perf-sentinel HTML report's `perf-data` block (the JSON of htmlPayload.ts's HtmlPayload).
 * JSON.parse of a 5,000 × 200-point report (~8 MB) costs about half a second and as much again in garbage
 * collection, yet opening the page needs only the header and the rows in view. So the header (runs, sequences,
 * labels) is parsed up front, and each measurement only when it is first asked for: its slice of the text is found
 * with indexOf, without parsing what comes before it. Runs first of the page scripts, in their shared function scope.
 *
 * The plain test durations that end the table come as columns (`durations`, parsed with the header): a row of
 * them becomes an object only when asked for, the same object htmlPayload.ts `payloadMeasurement` makes.
 *
 * What this relies on (htmlPayload.ts builds it so, and test/unit/render/html.test.ts checks it):
 * - `measurements` is the payload's last key, each element's first key is `id`, and no other object in the payload
 *   starts with an `id` key, so `{"id":` opens exactly the elements (inside a JSON string every `"` is escaped);
 * - the fields sorting and filtering need come before `details`, the first non-primitive field. */

const ELEMENT_OPEN = '{"id":'
const LIST_KEY = '"measurements":['
const LIGHT_END = ',"details":['

function lazyPayload(text) {
  const listAt = text.indexOf(LIST_KEY)
  // `{"runs":…,"perMs":{…},` closed after the last header field.
  const header = JSON.parse(`${text.slice(0, listAt - 1)}}`)
  const starts = []
  let scanFrom = listAt + LIST_KEY.length
  let scanned = text.startsWith(']', scanFrom)
  const full = new Map()
  const light = new Map()

  /** Where element `index` starts; past the last element, the `]` closing the list (one past the last's end). */
  function startOf(index) {
    while (starts.length <= index && !scanned) {
      const at = text.indexOf(ELEMENT_OPEN, scanFrom)
      if (at < 0) scanned = true
      else {
        starts.push(at)
        scanFrom = at + ELEMENT_OPEN.length
      }
    }
    // The text ends with `]}`: text.length - 1 is one past the `]`, as a next start is one past the `,`.
    return index < starts.length ? starts[index] : text.length - 1
  }

  const durationsFrom = header.clientRowsFrom ?? Number.POSITIVE_INFINITY

  /** Row `index` (≥ durationsFrom) of the test-duration columns as a measurement object. */
  function duration(index) {
    const d = header.durations
    const k = index - durationsFrom
    const file = d.texts[d.file[k]]
    const name = d.texts[d.name[k]]
    const test = d.test[k]
    const median = d.trendMedian[k]
    const m = {
      id: d.id[k] === 0 ? `${file} > ${test} > ${name}` : d.id[k],
      name,
      file,
      test,
      kind: 'test-duration',
      verdict: 'duration',
      medianMs: d.medianMs[k],
      p95Ms: d.p95Ms[k],
      n: d.n[k],
      changePercent: null,
      unit: d.texts[d.unit[k]],
      cells: [d.texts[d.medianText[k]], d.texts[d.p95Text[k]], d.texts[d.nText[k]], median.length > 1 ? 1 : 0],
      details: [[d.subjectLabel, d.texts[d.subject[k]]]],
    }
    if (d.trendSequence[k] >= 0) {
      m.trend = {
        sequence: d.trendSequence[k],
        median,
        stepMs: d.trendStepMs[k],
        baseline: d.trendBaseline[k] ?? -1,
        changePoints: d.trendChangePoints[k] ?? [],
      }
    }
    return m
  }

  /** The whole measurement: details, histogram and trend included. */
  function measurement(index) {
    let m = full.get(index)
    if (m === undefined) {
      // Elements are separated by one `,`; the last one is followed by `]`.
      m = index >= durationsFrom ? duration(index) : JSON.parse(text.slice(startOf(index), startOf(index + 1) - 1))
      full.set(index, m)
    }
    return m
  }

  /** Only the fields before `details` (names, kind, verdict, medians, change): what sorting and filtering read. */
  function summary(index) {
    if (index >= durationsFrom) return measurement(index)
    const known = full.get(index) ?? light.get(index)
    if (known !== undefined) return known
    const start = startOf(index)
    const end = text.indexOf(LIGHT_END, start)
    // A payload laid out differently still works, only slower: parse the whole element.
    if (end < 0 || end > startOf(index + 1)) return measurement(index)
    const m = JSON.parse(`${text.slice(start, end)}}`)
    light.set(index, m)
    return m
  }

  return { ...header, measurement, summary }
}
