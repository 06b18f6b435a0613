/**
 * The `perf-sentinel` command line. One catch for every command: errors print as `formatError` does, usage errors
 * add the command's help hint. Exit codes: 0 success, 1 a finding (regression, failed tests), 2 usage or tool error.
 */
import { pluginVersion } from '../env/version.js'
import { formatError } from '../errors.js'
import type { CliCommand } from './command.js'
import { commands } from './commands/index.js'
import { renderCommandHelp, renderCommandList, renderGroupHelp } from './help.js'
import { parseCommandLine } from './parseCommandLine.js'

/** The edges the CLI touches, injectable for tests. */
export interface CliIo {
  cwd: string
  env: NodeJS.ProcessEnv
  out(line: string): void
  err(line: string): void
}

/** Runs one command line and returns its exit code; never throws. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commandMap: Readonly<Record<string, CliCommand>> = commands,
): Promise<number> {
  try {
    const parsed = parseCommandLine(argv, commandMap)
    if (parsed.kind === 'version') {
      io.out(pluginVersion())
      return 0
    }
    if (parsed.kind === 'help') {
      const command = parsed.path === undefined ? undefined : commandMap[parsed.path]
      io.out(
        command
          ? renderCommandHelp(parsed.path as string, command)
          : parsed.group !== undefined
            ? renderGroupHelp(parsed.group, commandMap)
            : renderCommandList(pluginVersion(), commandMap),
      )
      // A bare `perf-sentinel` is a usage error: it did nothing a script asked for.
      return argv.length === 0 ? 2 : 0
    }
    return await parsed.command.run({ ...io, values: parsed.values, positionals: parsed.positionals, rest: parsed.rest })
  } catch (error) {
    io.err(formatError(error))
    return 2
  }
}
