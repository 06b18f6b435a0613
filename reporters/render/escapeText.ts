/**
 * Names come from tests and URLs: data, never markup or control sequences. One escaper per output kind.
 */

/** C0/C1 control characters and DEL: a raw ESC starts ANSI/OSC-8 sequences, CR rewrites the line, LF starts a new one. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g

/**
 * Text for a terminal line: every control character shown as a visible escape (`\n`, `\r`, `\u001b`…), so a name
 * cannot move the cursor, recolour the output, hide a link or start a line with `::warning` under GitHub Actions.
 */
export function escapeTerminal(text: string): string {
  return text.replace(CONTROL, (c) => {
    if (c === '\n') return '\\n'
    if (c === '\r') return '\\r'
    if (c === '\t') return '\\t'
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  })
}

/**
 * Text for a Markdown table cell or line as GitHub renders it: inline HTML, emphasis/link syntax and pipes are
 * neutralised; line breaks (CR alone too) become spaces; bare URLs, `@mentions` and `#123` references are broken
 * with character references so a PR comment neither links nor pings anyone.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/\\/g, '\\\\')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\|/g, '\\|')
      .replace(/`/g, '\\`')
      // Emphasis, strike-through and link syntax: a test named `**x** [y](z)` shows as written, not as a live link.
      .replace(/[*_~[\]]/g, '\\$&')
      .replace(/\r\n|\r|\n/g, ' ')
      .replace(CONTROL, ' ')
      // `#` first: the character references below contain `#` followed by digits themselves.
      .replace(/#(?=\d)/g, '&#35;')
      .replace(/:\/\//g, '&#58;//')
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}&#46;`)
      .replace(/@/g, '&#64;')
  )
}
