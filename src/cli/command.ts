/** The shape of one `perf-sentinel` command: its flags, positionals and what it does. */

/** One flag, as `node:util` `parseArgs` takes it, plus its help text. */
export interface CliFlag {
  type: 'string' | 'boolean'
  short?: string
  multiple?: boolean
  /** One line for `--help`. */
  description: string
  /** Shown after the flag in `--help`, e.g. `<n>`. */
  valueHint?: string
}

/** What a command is given: parsed flags and positionals, the test command after `--`, and the process edges. */
export interface CliContext {
  values: Record<string, string | boolean | string[] | undefined>
  positionals: string[]
  /** Everything after `--`, or `[]`. */
  rest: string[]
  cwd: string
  env: NodeJS.ProcessEnv
  /** Writes a line to stdout. */
  out(line: string): void
  /** Writes a line to stderr. */
  err(line: string): void
}

/** A command: `run` returns the exit code (0 success, 1 a finding such as a regression, 2 usage or tool error). */
export interface CliCommand {
  /** One line for the command list. */
  summary: string
  /** Positional arguments, for `--help` and to reject extra ones. */
  positionals?: readonly { name: string; description: string; required?: boolean; variadic?: boolean }[]
  flags: Readonly<Record<string, CliFlag>>
  /** True when the command takes a test command after `--`; the text says what runs without one. */
  rest?: string
  /** Extra lines for `--help` (defaults, examples). */
  details?: readonly string[]
  run(context: CliContext): Promise<number>
}
