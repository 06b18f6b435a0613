import type { Alert } from './alert.js'

/** Options of the alert renderers. */
export interface RenderAlertOptions {
  /** File names of attachments written next to the alert (file notifier), linked from the text. */
  attachmentLinks?: readonly string[]
}

/**
 * An alert as Markdown: title, a table of its fields, and the attachments. Used by the file notifier and, without
 * the table syntax some chat clients mangle, by `renderAlertChat`. Pure.
 */
export function renderAlertMarkdown(alert: Alert, options: RenderAlertOptions = {}): string {
  const lines = [`# ${escapeMarkdown(alert.title)}`, '', '| | |', '|:--|:--|']
  for (const field of alert.fields) lines.push(`| ${escapeCell(field.label)} | ${escapeCell(field.value)} |`)
  lines.push('', `Alert key \`${alert.key}\` · ${alert.time}`)
  const links = options.attachmentLinks ?? []
  if (links.length > 0) {
    lines.push('', '## Attachments', '')
    for (const link of links) {
      lines.push(
        `- [${escapeMarkdown(link)}](./${encodeURI(link)})${link.endsWith('.cpuprofile') ? ' (open in Chrome DevTools › Performance, or https://www.speedscope.app)' : ''}`,
      )
    }
  }
  return `${lines.join('\n')}\n`
}

/** The message posted to Mattermost and Slack: a bold title and one `label: value` line per field. Pure. */
export function renderAlertChat(alert: Alert): string {
  const lines = [`**perf-sentinel: ${alert.title}**`]
  for (const field of alert.fields) lines.push(`- ${field.label}: ${field.value}`)
  if (alert.attachments.length > 0) lines.push(`- Attached: ${alert.attachments.map((a) => a.fileName).join(', ')}`)
  return lines.join('\n')
}

/** Slack's mrkdwn uses single asterisks for bold; otherwise the same text as `renderAlertChat`. Pure. */
export function renderAlertSlack(alert: Alert): string {
  return renderAlertChat(alert).replace(/^\*\*(.*)\*\*$/m, '*$1*')
}

/** A self-contained HTML page of the alert (file notifier, `format: 'html'`). Pure. */
export function renderAlertHtml(alert: Alert, options: RenderAlertOptions = {}): string {
  const rows = alert.fields.map((f) => `<tr><th>${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`).join('\n')
  const links = (options.attachmentLinks ?? [])
    .map((l) => `<li><a href="./${escapeHtml(encodeURI(l))}">${escapeHtml(l)}</a></li>`)
    .join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(alert.title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:60em}th{text-align:left;padding-right:1em;vertical-align:top}td{font-family:ui-monospace,monospace;word-break:break-all}</style>
</head><body>
<h1>${escapeHtml(alert.title)}</h1>
<table>
${rows}
</table>
<p>Alert key <code>${escapeHtml(alert.key)}</code> · ${escapeHtml(alert.time)}</p>
${links ? `<h2>Attachments</h2><ul>\n${links}\n</ul>` : ''}
</body></html>
`
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function escapeCell(text: string): string {
  return escapeMarkdown(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

function escapeMarkdown(text: string): string {
  return text.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
}
