import type { CliCommand } from './command.js'

/** Exit codes every command uses, printed in every help text. */
export const EXIT_CODES_HELP = 'Exit codes: 0 success, 1 a finding (regression, failed tests, audit hit), 2 usage or tool error.'

/** The top-level help: every command with its summary. */
export function renderCommandList(version: string, commands: Readonly<Record<string, CliCommand>>): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length))
  const lines = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`)
  return [
    `perf-sentinel ${version}`,
    '',
    'Usage: perf-sentinel <command> [flags] [-- <test command…>]',
    '',
    'Commands:',
    ...lines,
    '',
    'perf-sentinel <command> --help shows a command’s flags. --version prints the version.',
    EXIT_CODES_HELP,
  ].join('\n')
}

/** A command group's help (`perf-sentinel history --help`): its commands, each with its summary. */
export function renderGroupHelp(group: string, commands: Readonly<Record<string, CliCommand>>): string {
  const members = Object.entries(commands).filter(([name]) => name.startsWith(`${group} `))
  const width = Math.max(...members.map(([name]) => name.length))
  return [
    `Usage: perf-sentinel ${group} <${members.map(([name]) => name.slice(group.length + 1)).join('|')}> [flags]`,
    '',
    ...members.map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
    `perf-sentinel ${group} <command> --help shows a command’s flags.`,
    EXIT_CODES_HELP,
  ].join('\n')
}

/** One command's help: usage line, positionals, flags, the command after `--`, details, exit codes. */
export function renderCommandHelp(path: string, command: CliCommand): string {
  const positionals = command.positionals ?? []
  const usage = [
    `perf-sentinel ${path}`,
    ...positionals.map((p) => (p.required ? `<${p.name}>` : `[${p.name}${p.variadic ? '…' : ''}]`)),
    Object.keys(command.flags).length > 0 ? '[flags]' : '',
    command.rest === undefined ? '' : '[-- <test command…>]',
  ].filter(Boolean)
  const flagRows = Object.entries(command.flags).map(([name, flag]) => {
    const head = `${flag.short ? `-${flag.short}, ` : ''}--${name}${flag.valueHint ? ` ${flag.valueHint}` : ''}`
    return [head, flag.description] as const
  })
  flagRows.push(['-h, --help', 'show this help'])
  const rows = [...positionals.map((p) => [`${p.name}`, p.description] as const), ...flagRows]
  const width = Math.max(...rows.map(([head]) => head.length))
  return [
    `Usage: ${usage.join(' ')}`,
    '',
    command.summary,
    '',
    ...rows.map(([head, text]) => `  ${head.padEnd(width)}  ${text}`),
    ...(command.rest === undefined ? [] : ['', `-- <test command…>: ${command.rest}`]),
    ...(command.details && command.details.length > 0 ? ['', ...command.details] : []),
    '',
    EXIT_CODES_HELP,
  ].join('\n')
}
