import type { CliCommand } from '../command.js'
import { baselineCheck, baselineUpdate } from './baseline.js'
import { compare } from './compare.js'
import { historyCompact } from './history.js'

/** Every command by its words, in help order. One file per command group under commands/. */
export const commands: Record<string, CliCommand> = {
  'baseline update': baselineUpdate,
  'baseline check': baselineCheck,
  compare,
  'history compact': historyCompact,
} satisfies Record<string, CliCommand>
