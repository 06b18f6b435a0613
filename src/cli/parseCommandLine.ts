import { parseArgs } from 'node:util'
import { PerfSentinelError } from '../errors.js'
import type { CliCommand } from './command.js'

/** What the command line asked for. */
export type ParsedCommandLine =
  | { kind: 'help'; path: string | undefined; group?: string }
  | { kind: 'version' }
  | {
      kind: 'run'
      path: string
      command: CliCommand
      values: Record<string, string | boolean | string[] | undefined>
      positionals: string[]
      rest: string[]
    }

/**
 * Resolves the command (longest match of its words, e.g. `baseline update`), then parses its flags strictly:
 * an unknown flag, a missing value or an extra positional is a `PerfSentinelError('E_USAGE')` naming it and
 * what is accepted. `--help` anywhere before `--` asks for help and runs nothing.
 */
export function parseCommandLine(argv: readonly string[], commands: Readonly<Record<string, CliCommand>>): ParsedCommandLine {
  const dash = argv.indexOf('--')
  const own = dash < 0 ? [...argv] : argv.slice(0, dash)
  const rest = dash < 0 ? [] : argv.slice(dash + 1)
  const words = own.filter((arg) => !arg.startsWith('-'))
  const path = Object.keys(commands)
    .filter((name) => name.split(' ').every((word, i) => words[i] === word))
    .sort((a, b) => b.split(' ').length - a.split(' ').length)[0]
  const wantsHelp = own.includes('--help') || own.includes('-h')
  if (path === undefined) {
    const group = Object.keys(commands).filter((name) => name.startsWith(`${words[0]} `))
    // `perf-sentinel history --help`: the group's commands.
    if (wantsHelp && group.length > 0 && words.length === 1) return { kind: 'help', path: undefined, group: words[0] }
    if (wantsHelp || own.length === 0) return { kind: 'help', path: undefined }
    if (own.length === 1 && (own[0] === '--version' || own[0] === '-v')) return { kind: 'version' }
    throw new PerfSentinelError('E_USAGE', `unknown command "${own.join(' ')}"`, {
      fix:
        group.length > 0
          ? `use one of: ${group.map((name) => `perf-sentinel ${name}`).join(', ')}`
          : `use one of: ${Object.keys(commands).join(', ')} (perf-sentinel --help lists them)`,
    })
  }
  if (wantsHelp) return { kind: 'help', path }
  const command = commands[path] as CliCommand
  const ownArgs = [...own]
  for (const word of path.split(' ')) ownArgs.splice(ownArgs.indexOf(word), 1)
  const known = Object.keys(command.flags).map((flag) => `--${flag}`)
  // `--days -1`: a value that looks like a negative number goes to its flag (parseArgs would call it ambiguous), so
  // the flag's own check says what it accepts.
  for (let i = 0; i < ownArgs.length - 1; i++) {
    const flag = /^--(.+)$/.exec(ownArgs[i] as string)?.[1]
    if (flag !== undefined && command.flags[flag]?.type === 'string' && /^-\d/.test(ownArgs[i + 1] as string)) {
      ownArgs.splice(i, 2, `--${flag}=${ownArgs[i + 1]}`)
    }
  }
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args: ownArgs, options: { ...command.flags }, allowPositionals: true, strict: true })
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
    // Node's text for an unknown flag advises "-- <flag>", which for `compare` and `baseline update` would hand the
    // flag to the test command: say only which flag is unknown.
    const unknown = (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec(message)?.[1] : undefined
    const problem = unknown === undefined ? message.replace(/\. To specify a positional argument.*$/, '') : `unknown flag ${unknown}`
    throw new PerfSentinelError('E_USAGE', `perf-sentinel ${path}: ${problem}`, {
      fix: known.length > 0 ? `accepted flags: ${known.join(', ')}, --help` : `this command takes no flags (see --help)`,
      cause: error,
    })
  }
  const accepted = command.positionals ?? []
  const variadic = accepted.some((p) => p.variadic)
  if (!variadic && parsed.positionals.length > accepted.length) {
    throw new PerfSentinelError('E_USAGE', `perf-sentinel ${path}: unexpected argument "${parsed.positionals[accepted.length]}"`, {
      fix:
        accepted.length > 0
          ? `it takes ${accepted.map((p) => `<${p.name}>`).join(' ')} (see --help)`
          : 'it takes no arguments (see --help)',
    })
  }
  const missing = accepted.filter((p, i) => p.required && parsed.positionals[i] === undefined)
  if (missing.length > 0) {
    throw new PerfSentinelError('E_USAGE', `perf-sentinel ${path}: missing <${missing.map((p) => p.name).join('> <')}>`, {
      fix: `run perf-sentinel ${path} --help`,
    })
  }
  if (rest.length > 0 && command.rest === undefined) {
    throw new PerfSentinelError('E_USAGE', `perf-sentinel ${path} does not take a command after --`, {
      fix: `remove "-- ${rest.join(' ')}"`,
    })
  }
  return {
    kind: 'run',
    path,
    command,
    values: parsed.values as Record<string, string | boolean | string[] | undefined>,
    positionals: parsed.positionals,
    rest,
  }
}
