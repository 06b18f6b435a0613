/** Parses simple CSV (quoted fields, escaped quotes) into rows of strings. */
export function parseCsv(text) {
  const rows = []
  let row = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++
      else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') row.push(field), (field = '')
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '')
    else field += c
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row)
  return rows
}

/** Yields the rows of a CSV text one by one (a streaming consumer's view). */
export function* csvRows(text) {
  yield* parseCsv(text)
}

/** Fetch-like async loader, to show timing of async functions. */
export async function loadCsv(text) {
  await new Promise((resolve) => setImmediate(resolve))
  return parseCsv(text)
}
