/** A GitHub-flavoured Markdown table; the first column is left-aligned, the others right-aligned (numbers). */
export function markdownTable(headers, rows) {
  const align = headers.map((_, i) => (i === 0 ? ':--' : '--:'))
  const line = (cells) => `| ${cells.map((c) => String(c)).join(' | ')} |`
  return [line(headers), line(align), ...rows.map(line)].join('\n')
}
